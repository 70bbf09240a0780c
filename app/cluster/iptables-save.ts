/**
 * Puts generated iptables chains and rules together as one `iptables-save` text per node, laid out
 * as iptables-save(8) prints it: per table the built-in chains with policy ACCEPT, then user
 * chains, then the `-A` lines in the order the parts give them, then COMMIT.
 */
import { TABLE_HOOKS } from '../scenario/parse/iptables/rule';

/** Chains and rules one component (kube-proxy, flanneld, …) writes into one table. */
export interface IptablesPart {
  readonly table: 'raw' | 'mangle' | 'nat' | 'filter';
  readonly chains: readonly string[];
  /** `-A CHAIN …` lines (and `# …` comment lines saying why). */
  readonly rules: readonly string[];
}

/** The `iptables-save` text of `parts` (tables in iptables-save's order: raw, mangle, nat, filter). */
export function iptablesSave(parts: readonly IptablesPart[]): string {
  const out: string[] = [];
  for (const table of ['raw', 'mangle', 'nat', 'filter'] as const) {
    const mine = parts.filter((p) => p.table === table);
    if (mine.length === 0) continue;
    out.push(`*${table}`, ...TABLE_HOOKS[table].map((h) => `:${h} ACCEPT [0:0]`));
    const declared = new Set<string>();
    for (const p of mine)
      for (const c of p.chains) {
        if (declared.has(c)) continue;
        declared.add(c);
        out.push(`:${c} - [0:0]`);
      }
    for (const p of mine) out.push(...p.rules);
    out.push('COMMIT');
  }
  return out.join('\n') + '\n';
}
