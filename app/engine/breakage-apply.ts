/**
 * Applying "break it" edits (breakage.ts) to a World: pure functions, the World is never mutated.
 * A module of its own so the embeds, which offer no breakages, leave it out of their engine worker
 * (vite.embed-runtime.ts `withoutBreakages`).
 */
import type { Chain, Ruleset, Table, TableName } from './netfilter/types';
import type { Netns, World } from './world';
import { own, ownRecord } from './own';

/** One edit of the World. A union keyed on `kind`. */
export type Breakage =
  | {
      readonly kind: 'disable-rule';
      readonly netns: string;
      readonly table: TableName;
      readonly chain: string;
      readonly index: number;
      /** The rule as written, for the label (the edit itself goes by position). */
      readonly text?: string;
    }
  | { readonly kind: 'delete-route'; readonly netns: string; readonly route: string }
  | { readonly kind: 'ip-forward-off'; readonly netns: string }
  | { readonly kind: 'rp-filter-strict'; readonly netns: string }
  | { readonly kind: 'drop-masquerade'; readonly netns: string }
  | { readonly kind: 'set-mtu'; readonly netns: string; readonly interface: string; readonly mtu: number };

function mapChains(rs: Ruleset, f: (table: TableName, c: Chain) => Chain): Ruleset {
  const tables: Partial<Record<TableName, Table>> = {};
  for (const [name, t] of Object.entries(rs.tables) as [TableName, Table][]) {
    const chains: Record<string, Chain> = {};
    for (const [cn, c] of Object.entries(t.chains)) chains[cn] = f(name, c);
    tables[name] = { ...t, chains };
  }
  return { tables };
}

/** Removes rules from a chain and renumbers the rest, as `iptables -D` does. */
function withoutRules(c: Chain, drop: (index: number) => boolean): Chain {
  const kept = c.rules.filter((r) => !drop(r.index));
  if (kept.length === c.rules.length) return c;
  return { ...c, rules: kept.map((r, i) => ({ ...r, index: i + 1 })) };
}

function applyOne(ns: Netns, b: Breakage): Netns {
  switch (b.kind) {
    case 'disable-rule':
      return { ...ns, ruleset: mapChains(ns.ruleset, (t, c) => (t === b.table && c.name === b.chain ? withoutRules(c, (i) => i === b.index) : c)) };
    case 'delete-route':
      return { ...ns, routes: ns.routes.filter((r) => r.text !== b.route) };
    case 'ip-forward-off': {
      const sysctls = ownRecord<number>();
      for (const [k, v] of Object.entries(ns.sysctls)) if (!/\.forwarding$/.test(k)) sysctls[k] = v;
      sysctls['net.ipv4.ip_forward'] = 0;
      return { ...ns, sysctls };
    }
    case 'rp-filter-strict':
      return { ...ns, sysctls: Object.assign(ownRecord<number>(), ns.sysctls, { 'net.ipv4.conf.all.rp_filter': 1 }) };
    case 'drop-masquerade':
      return { ...ns, ruleset: mapChains(ns.ruleset, (t, c) => (t === 'nat' ? withoutRules(c, (i) => c.rules[i - 1]?.target.kind === 'MASQUERADE') : c)) };
    case 'set-mtu':
      return { ...ns, interfaces: ns.interfaces.map((i) => (i.name === b.interface ? { ...i, mtu: b.mtu } : i)) };
    default: {
      const never: never = b;
      return never;
    }
  }
}

/**
 * Applies breakages in order.
 * @returns a new World (the same object when the list is empty); unknown netns are ignored.
 */
export function applyBreakages(world: World, list: readonly Breakage[]): World {
  if (!list.length) return world;
  const netns = Object.assign(ownRecord<Netns>(), world.netns);
  for (const b of list) {
    const ns = own(netns, b.netns);
    if (ns) netns[b.netns] = applyOne(ns, b);
  }
  return { ...world, netns };
}
