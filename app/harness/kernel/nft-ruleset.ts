/**
 * The kernel harness's view of a scenario's nftables ruleset once the kernel holds it: which nft
 * tables are the scenario's own (not iptables-nft's `ip filter`/`ip nat`/…), and for each rule
 * handle the kernel reports in its trace, the chain and the rule's 1-based position there, read
 * from `nft -a -j list ruleset` (libnftables-json(5): a `nftables` array of `table`, `chain`,
 * `rule`, `set`, `map` objects; rules are listed in chain order, each with its `handle`).
 *
 * A trace event (net/netfilter/nf_tables_trace.c nft_trace_notify) names the table, the chain and
 * the rule handle, and its nfgenmsg family is the table's family (NFPROTO_INET 1, NFPROTO_IPV4 2,
 * NFPROTO_ARP 3, NFPROTO_NETDEV 5, NFPROTO_BRIDGE 7, NFPROTO_IPV6 10; include/uapi/linux/netfilter.h).
 */
import type { NftRuleset } from '../../engine/nftables/types';

/** nft(8) family names by NFPROTO_* number (include/uapi/linux/netfilter.h). */
const FAMILY: Readonly<Record<number, string>> = { 1: 'inet', 2: 'ip', 3: 'arp', 5: 'netdev', 7: 'bridge', 10: 'ip6' };

/** The nft family name of an NFPROTO_* number (`2` → `ip`), or the number as text. */
export function nftFamilyName(code: number | undefined): string {
  return code === undefined ? 'ip' : (FAMILY[code] ?? String(code));
}

/** How the harness names an nft table in trace rows: `<family> <name>` as nft(8) writes it (`inet t`, `ip kube-proxy`). */
export function nftTableKey(family: string, table: string): string {
  return `${family} ${table}`;
}

/** A rule the kernel holds: its chain and its 1-based position there (what the engine's `rule.index` counts). */
export interface KernelNftRule {
  readonly chain: string;
  readonly index: number;
}

/** The scenario's nft tables as the kernel holds them (see {@link parseNftJson}). */
export interface NftKernelMap {
  /** `<family> <table>` of the scenario's own nft tables. */
  readonly owned: ReadonlySet<string>;
  /** `<family> <table> <handle>` → the rule's chain and position. */
  readonly rules: ReadonlyMap<string, KernelNftRule>;
  /** `<family> <table> <chain>` of base chains (a chain with a `hook`). */
  readonly base: ReadonlySet<string>;
}

interface JsonChain {
  family: string;
  table: string;
  name: string;
  hook?: string;
}
interface JsonRule {
  family: string;
  table: string;
  chain: string;
  handle: number;
}

/**
 * Reads `nft -a -j list ruleset` (libnftables-json(5)) for the tables in `owned`: the rule handles
 * with chain and 1-based position (rules come in chain order), and the base chains. Text that is
 * not JSON (no nft, an error) gives an empty map.
 */
export function parseNftJson(json: string, owned: ReadonlySet<string>): NftKernelMap {
  const rules = new Map<string, KernelNftRule>();
  const base = new Set<string>();
  let list: Record<string, unknown>[];
  try {
    const doc = JSON.parse(json) as { nftables?: Record<string, unknown>[] };
    list = Array.isArray(doc.nftables) ? doc.nftables : [];
  } catch {
    list = [];
  }
  const count = new Map<string, number>();
  for (const item of list) {
    if (item.chain) {
      const c = item.chain as JsonChain;
      if (c.hook && owned.has(nftTableKey(c.family, c.table))) base.add(`${nftTableKey(c.family, c.table)} ${c.name}`);
    } else if (item.rule) {
      const r = item.rule as JsonRule;
      const t = nftTableKey(r.family, r.table);
      if (!owned.has(t)) continue;
      const k = `${t} ${r.chain}`;
      const index = (count.get(k) ?? 0) + 1;
      count.set(k, index);
      rules.set(`${t} ${r.handle}`, { chain: r.chain, index });
    }
  }
  return { owned, rules, base };
}

/**
 * The `<family> <table>` names a ruleset declares: from the parsed model when the scenario has one,
 * else from the text itself (`table F NAME {` of the block form, `add table F NAME` / `table F NAME`
 * of the transaction form, `{"table": {"family": …, "name": …}}` of JSON). nft(8): a table without
 * family is `ip`.
 */
export function declaredTables(model: NftRuleset | undefined, text: string | undefined): string[] {
  const out = new Set<string>();
  for (const t of model?.tables ?? []) out.add(nftTableKey(t.family, t.name));
  if (out.size || !text) return [...out];
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const doc = JSON.parse(trimmed) as { nftables?: { table?: { family: string; name: string }; add?: { table?: { family: string; name: string } } }[] };
      for (const item of doc.nftables ?? []) {
        const t = item.table ?? item.add?.table;
        if (t) out.add(nftTableKey(t.family, t.name));
      }
    } catch {
      /* not JSON: nothing declared */
    }
    return [...out];
  }
  const FAM = '(ip|ip6|inet|arp|bridge|netdev)';
  const re = new RegExp(`^\\s*(?:add\\s+|create\\s+)?table\\s+(?:${FAM}\\s+)?([A-Za-z0-9_.-]+|"[^"]+")\\b`, 'gm');
  for (const m of trimmed.matchAll(re)) out.add(nftTableKey(m[1] ?? 'ip', m[2].replace(/"/g, '')));
  return [...out];
}

/** A scenario host's nftables input: the `nftables:` text (block or transaction form) or `nftables-json:`. */
export function nftInputOf(rawHost: object | undefined): { text: string; json: boolean } | undefined {
  const h = rawHost as { nftables?: unknown; 'nftables-json'?: unknown; nftablesJson?: unknown } | undefined;
  if (typeof h?.nftables === 'string' && h.nftables.trim()) return { text: h.nftables, json: false };
  const j = h?.['nftables-json'] ?? h?.nftablesJson;
  if (typeof j === 'string' && j.trim()) return { text: j, json: true };
  if (j && typeof j === 'object') return { text: JSON.stringify(j), json: true };
  return undefined;
}
