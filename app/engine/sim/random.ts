/**
 * `statistic --mode random` decisions (xt_statistic.c) as the engine takes them: deterministic,
 * from the flow's `choices` or else the first branch, with every alternative listed with its
 * probability so the learner can take another branch.
 */
import { matchRule, type MatchContext } from '../netfilter/match';
import type { Chain, Rule } from '../netfilter/types';
import { firstRandomRule } from '../netfilter/walk';
import { own } from '../own';
import type { Alternative } from '../trace';
import type { Sim } from './context';

/** Resolves a `statistic --mode random` draw: a pinned choice, else the first alternative. */
export function randomDecision(sim: Sim, nsName: string, rule: Rule): boolean {
  const key = `${nsName}/${rule.table}/${rule.chain}`;
  const pinned = own(sim.choices, key);
  if (pinned !== undefined) return rule.index === pinned;
  return true;
}

/**
 * The alternatives of the random decision a chain makes: the run of `statistic random` rules whose
 * other matches hold, each with its overall probability, and the rule reached when none fires.
 */
export function alternativesFor(sim: Sim, nsName: string, chain: Chain, matched: Rule, ctx: MatchContext): Alternative[] | undefined {
  const probe: MatchContext = { ...ctx, random: () => true, nth: () => 0, recent: (m) => (m.mode === 'set' ? !m.invert : m.invert) };
  const key = `${nsName}/${matched.table}/${chain.name}`;
  const out: Alternative[] = [];
  let remaining = 1;
  let started = false;
  // Rules before the chain's first random rule never take part in its decision.
  for (let i = Math.max(0, firstRandomRule(chain)); i < chain.rules.length; i++) {
    const r = chain.rules[i];
    const stat = r.matches.find((m) => m.kind === 'statistic-random');
    if (!started && !stat) continue;
    if (!matchRule(r, probe)) continue;
    started = true;
    if (stat && stat.kind === 'statistic-random' && !stat.invert) {
      out.push({ choice: key, option: r.index, label: labelOf(sim, nsName, r), probability: remaining * stat.probability, chosen: r === matched });
      remaining *= 1 - stat.probability;
    } else {
      out.push({ choice: key, option: r.index, label: labelOf(sim, nsName, r), probability: remaining, chosen: r === matched });
      break;
    }
  }
  if (!out.some((a) => a.chosen)) return undefined;
  return out.length > 1 ? out : undefined;
}

function labelOf(sim: Sim, nsName: string, r: Rule): string {
  if (r.target.kind !== 'jump') return `rule ${r.index}: ${r.target.kind}`;
  const chain = own(sim.ns(nsName).ruleset.tables[r.table]?.chains, r.target.chain);
  const dnat = chain?.rules.find((x) => x.target.kind === 'DNAT');
  if (dnat && dnat.target.kind === 'DNAT') {
    const to = `${dnat.target.toAddr ?? ''}${dnat.target.toPorts ? `:${dnat.target.toPorts.from}` : ''}`;
    return `${r.target.chain} → ${to}`;
  }
  return r.target.chain;
}

export function recordAlternatives(sim: Sim, alts: readonly Alternative[]) {
  for (const a of alts) {
    const i = sim.alternatives.findIndex((x) => x.choice === a.choice && x.option === a.option);
    if (i < 0) sim.alternatives.push(a);
  }
}
