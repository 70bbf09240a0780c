/**
 * Puts generated iptables chains and rules together as one `iptables-save` text per node, laid out
 * as iptables-save(8) prints it: per table the built-in chains with policy ACCEPT, then user
 * chains, then the `-A` lines in the order the parts give them, then COMMIT.
 */
import { TABLE_HOOKS } from '../scenario/parse/iptables/rule';
import { provenanceKey, type Because, type Provenance } from './because';

/** An `-A CHAIN …` line with its own Because, or a line (rule or `# …` comment) that has the part's. */
export type IptablesLine = string | { readonly text: string; readonly why: Because };

/** Chains and rules one component (kube-proxy, flanneld, …) writes into one table. */
export interface IptablesPart {
  readonly table: 'raw' | 'mangle' | 'nat' | 'filter';
  readonly chains: readonly string[];
  /** `-A CHAIN …` lines (and `# …` comment lines saying why). */
  readonly rules: readonly IptablesLine[];
  /** Why the part's plain-text rules exist. */
  readonly why?: Because;
  /** Policies this component sets on built-in chains (dockerd: FORWARD DROP); default ACCEPT. */
  readonly policy?: Readonly<Record<string, 'ACCEPT' | 'DROP'>>;
}

const lineText = (l: IptablesLine): string => (typeof l === 'string' ? l : l.text);

/** The parts of each table, in iptables-save's table order. */
const byTable = (parts: readonly IptablesPart[]) =>
  (['raw', 'mangle', 'nat', 'filter'] as const).map((table) => ({ table, mine: parts.filter((p) => p.table === table) })).filter((t) => t.mine.length > 0);

/** The `iptables-save` text of `parts` (tables in iptables-save's order: raw, mangle, nat, filter). */
export function iptablesSave(parts: readonly IptablesPart[]): string {
  const out: string[] = [];
  for (const { table, mine } of byTable(parts)) {
    const policy = (h: string) => mine.find((p) => p.policy?.[h])?.policy?.[h] ?? 'ACCEPT';
    out.push(`*${table}`, ...TABLE_HOOKS[table].map((h) => `:${h} ${policy(h)} [0:0]`));
    const declared = new Set<string>();
    for (const p of mine)
      for (const c of p.chains) {
        if (declared.has(c)) continue;
        declared.add(c);
        out.push(`:${c} - [0:0]`);
      }
    for (const p of mine) out.push(...p.rules.map(lineText));
    out.push('COMMIT');
  }
  return out.join('\n') + '\n';
}

/**
 * Why each rule of iptablesSave(parts) exists, filed under provenanceKey(netns, table, chain,
 * its 1-based number in the chain): the numbering the loader gives the same text.
 */
export function iptablesProvenance(parts: readonly IptablesPart[], netns: string): Record<string, Because> {
  const out: Record<string, Because> = {};
  for (const { table, mine } of byTable(parts)) {
    const count = new Map<string, number>();
    for (const p of mine)
      for (const l of p.rules) {
        const m = /^-A (\S+)/.exec(lineText(l));
        if (!m) continue;
        const n = (count.get(m[1]) ?? 0) + 1;
        count.set(m[1], n);
        const why = typeof l === 'string' ? p.why : l.why;
        if (why) out[provenanceKey(netns, table, m[1], n)] = why;
      }
  }
  return out;
}

export type { Provenance };
