/**
 * Measures how the kernel's iptables prints rules back: restores each corpus table with
 * `iptables-restore` in a private network namespace and reads it back with `iptables-save`.
 * Needs root, `ip` and iptables; test helper only.
 */
import { spawnSync } from 'node:child_process';
import type { TableName } from '../types';
import type { CorpusTable } from './canonical-corpus';

/** A corpus table after the round trip: each rule as written and the line `iptables-save` printed for it. */
export interface MeasuredTable {
  readonly origin: string;
  readonly table: TableName;
  readonly chains: CorpusTable['chains'];
  readonly rules: readonly { readonly chain: string; readonly text: string; readonly saved: string }[];
}

/** True when this process may create a network namespace and run iptables in it (root with the tools and the capability). */
export function canMeasure(): boolean {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  if (spawnSync('iptables-save', ['--version']).status !== 0) return false;
  const probe = `pw-canon-probe-${process.pid}`;
  if (spawnSync('ip', ['netns', 'add', probe]).status !== 0) return false;
  const ok = run(probe, ['iptables-save']).status === 0;
  spawnSync('ip', ['netns', 'del', probe]);
  return ok;
}

function run(ns: string, cmd: string[], input?: string) {
  const r = spawnSync('ip', ['netns', 'exec', ns, ...cmd], { input, encoding: 'utf8' });
  return { status: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

/** The `iptables-restore` input for `rules` of table `t`, every chain of the table declared first. */
export function restoreText(t: Pick<CorpusTable, 'table' | 'chains'>, rules: readonly { readonly text: string }[]): string {
  const chains = t.chains.map((c) => `:${c.name} ${c.policy ?? '-'} [0:0]`);
  return [`*${t.table}`, ...chains, ...rules.map((r) => r.text), 'COMMIT', ''].join('\n');
}

/**
 * Restores every table (dropping the rules iptables-restore refuses, one by one, from its "line N
 * failed") and pairs each remaining rule with the line iptables-save prints at its chain and place.
 */
export function measureKernel(corpus: readonly CorpusTable[]): MeasuredTable[] {
  const ns = `pw-canon-${process.pid}`;
  if (spawnSync('ip', ['netns', 'add', ns]).status !== 0) throw new Error(`cannot create netns ${ns}`);
  try {
    const out: MeasuredTable[] = [];
    for (const t of corpus) {
      let rules = [...t.rules];
      for (let tries = 0; rules.length > 0; tries++) {
        const r = run(ns, ['iptables-restore'], restoreText(t, rules));
        if (r.status === 0) break;
        const m = /line:? (\d+)/.exec(r.err);
        const bad = m ? Number(m[1]) - 2 - t.chains.length : -1;
        if (bad < 0 || bad >= rules.length || tries > t.rules.length) {
          rules = [];
          break;
        }
        rules.splice(bad, 1);
      }
      if (rules.length === 0) continue;
      const saved = run(ns, ['iptables-save', '-t', t.table])
        .out.split('\n')
        .filter((l) => l.startsWith('-A '));
      const byChain = new Map<string, string[]>();
      for (const l of saved) {
        const chain = l.split(' ')[1];
        byChain.set(chain, [...(byChain.get(chain) ?? []), l]);
      }
      const seen = new Map<string, number>();
      const measured = rules.flatMap((r) => {
        const i = seen.get(r.chain) ?? 0;
        seen.set(r.chain, i + 1);
        const saved = byChain.get(r.chain)?.[i];
        return saved === undefined ? [] : [{ chain: r.chain, text: r.text, saved }];
      });
      out.push({ origin: t.origin, table: t.table, chains: t.chains, rules: measured });
    }
    return out;
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}
