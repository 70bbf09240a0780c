/**
 * Challenge mode: questions asked before a step is revealed ("which chain is next?", "which rule
 * matches?", "what is the new destination?", "where is this packet dropped?"), built from a Trace
 * and its World, with the answer the Trace proves. Pure and deterministic (options sorted), so the
 * UI, tests and handouts agree.
 */
import type { Trace, TraceStep } from '../engine/trace';
import { walkedChainKey } from '../engine/trace';
import type { World } from '../engine/world';
import { own } from '../engine/own';

/** A text in English and Simplified Chinese. */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

/** One multiple-choice question. */
export interface Question {
  readonly id: string;
  /** The step the question is about: it is asked before this step is shown. */
  readonly step: number;
  readonly kind: 'next-chain' | 'matching-rule' | 'new-destination' | 'drop-point';
  readonly prompt: Bilingual;
  readonly options: readonly { readonly id: string; readonly label: string }[];
  /** The id of the right option. */
  readonly answer: string;
}

const uniqSorted = (xs: string[]) => [...new Set(xs)].sort();

/**
 * The `n` first distinct values of `all` in sorted order, `answer` left out: the same as sorting
 * them all and taking `n`, in one pass (a node's nat table has tens of thousands of chains).
 */
function pickOthers(all: readonly string[], answer: string, n: number): string[] {
  const best: string[] = [];
  for (const x of all) {
    if (x === answer || best.includes(x)) continue;
    if (best.length < n) best.push(x);
    else if (x < best[n - 1]) best[n - 1] = x;
    else continue;
    best.sort();
  }
  return best;
}

function options(answer: string, others: string[]): { options: Question['options']; answer: string } {
  const labels = uniqSorted([answer, ...others]);
  return { options: labels.map((l, i) => ({ id: String(i), label: l })), answer: String(labels.indexOf(answer)) };
}

function dest(s: TraceStep): string {
  return `${s.packet.ip.dst}${s.packet.l4.dport !== undefined ? `:${s.packet.l4.dport}` : ''}`;
}

/**
 * The questions of a flow, in step order.
 * @param max upper bound per kind (keeps a lesson short).
 */
export function questionsFor(trace: Trace, world: World, max = 3): Question[] {
  const out: Question[] = [];
  const count: Record<Question['kind'], number> = { 'next-chain': 0, 'matching-rule': 0, 'new-destination': 0, 'drop-point': 0 };
  const room = (k: Question['kind']) => count[k] < max;
  // Chains the learner has already seen walked (an earlier step in them): a "which chain next?"
  // question only comes once its chain is on screen, never before any chain has been shown.
  const seen = new Set<string>();
  for (const s of trace.steps) {
    const here = `${s.netns}|${s.table ?? ''}|${s.chain ?? ''}`;
    const chainShown = seen.has(here);
    if (s.chain) seen.add(here);
    if (s.stage === 'rule' && s.verdict?.startsWith('JUMP:') && s.table && chainShown && room('next-chain')) {
      const target = s.verdict.slice(5);
      const chains = Object.keys(own(world.netns, s.netns)?.ruleset.tables[s.table]?.chains ?? {});
      const o = options(
        target,
        pickOthers(
          chains.filter((c) => c !== s.chain),
          target,
          3,
        ),
      );
      out.push({
        id: `q${s.index}-chain`,
        step: s.index,
        kind: 'next-chain',
        prompt: { en: `In ${s.netns}, ${s.table} ${s.chain}: which chain does the packet go to next?`, zh: `在 ${s.netns} 的 ${s.table} 表 ${s.chain} 链中，数据包接下来会跳到哪条链？` },
        ...o,
      });
      count['next-chain']++;
    }
    if (s.stage === 'rule' && s.rule && s.table && s.chain && /-j (DNAT|SNAT|MASQUERADE|DROP|REJECT)\b/.test(s.rule.text) && room('matching-rule')) {
      // The views' World leaves the rules out and the Trace carries those of its chains (app/worker/view-world.ts).
      const carried = own(trace.walked, walkedChainKey(s.netns, s.table, s.chain));
      const rules = (carried ?? own(own(world.netns, s.netns)?.ruleset.tables[s.table]?.chains, s.chain)?.rules ?? []).map((r) => r.text);
      if (rules.length > 1) {
        const o = options(s.rule.text, pickOthers(rules, s.rule.text, 3));
        out.push({
          id: `q${s.index}-rule`,
          step: s.index,
          kind: 'matching-rule',
          prompt: { en: `In ${s.netns}, ${s.table} ${s.chain}: which rule matches this packet?`, zh: `在 ${s.netns} 的 ${s.table} 表 ${s.chain} 链中，哪条规则匹配这个数据包？` },
          ...o,
        });
        count['matching-rule']++;
      }
    }
    if (s.changed.some((c) => c.field === 'ip.dst') && (s.stage === 'rule' || s.stage === 'nat') && room('new-destination')) {
      const before = s.changed.find((c) => c.field === 'ip.dst')!.from;
      const port = s.changed.find((c) => c.field === 'l4.dport');
      const old = `${before}${port ? `:${port.from}` : s.packet.l4.dport !== undefined ? `:${s.packet.l4.dport}` : ''}`;
      const alts = trace.alternatives.map((a) => a.label.split(' → ')[1]).filter(Boolean) as string[];
      const o = options(dest(s), [old, ...alts, `${s.packet.ip.src}${s.packet.l4.sport !== undefined ? `:${s.packet.l4.sport}` : ''}`].filter((x) => x !== dest(s)).slice(0, 3));
      out.push({
        id: `q${s.index}-dst`,
        step: s.index,
        kind: 'new-destination',
        prompt: { en: `After this step in ${s.netns}, what is the packet's destination?`, zh: `在 ${s.netns} 的这一步之后，数据包的目的地址是什么？` },
        ...o,
      });
      count['new-destination']++;
    }
  }
  for (const dir of ['request', 'reply'] as const) {
    const o = trace.outcome[dir];
    if (!o || o.result !== 'dropped') continue;
    const first = trace.steps.find((s) => s.direction === dir);
    if (!first) continue;
    const visited = trace.steps.filter((s) => s.direction === dir).map((s) => s.netns);
    const opt = options(o.netns, pickOthers([...visited, ...Object.keys(world.netns)], o.netns, 3));
    out.push({
      id: `q-${dir}-drop`,
      step: first.index,
      kind: 'drop-point',
      prompt: { en: `The ${dir} will be dropped. In which network namespace?`, zh: `这个${dir === 'request' ? '请求' : '回复'}包会被丢弃。在哪个网络命名空间？` },
      ...opt,
    });
  }
  return out.sort((a, b) => a.step - b.step);
}

/** Scores answers (question id → option id). */
export function score(questions: readonly Question[], answers: Readonly<Record<string, string>>): { correct: number; answered: number; total: number } {
  let correct = 0;
  let answered = 0;
  for (const q of questions) {
    if (answers[q.id] === undefined) continue;
    answered++;
    if (answers[q.id] === q.answer) correct++;
  }
  return { correct, answered, total: questions.length };
}
