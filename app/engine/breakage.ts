/**
 * "Break it": edits a trainer flips live on a loaded World to show where and why a flow fails
 * (disable a rule, delete a route, turn ip_forward off, make rp_filter strict, drop the
 * MASQUERADE rules, shrink an MTU). Pure functions: the World is never mutated; applying no
 * breakage returns the original World, so a reset is just an empty list.
 */
import { msg, type Message } from './message';
import type { Chain, Ruleset, Table, TableName } from './netfilter/types';
import type { Trace } from './trace';
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

/** A short label for a breakage, for toggles and handouts (commands and rules as written, the prose translated). */
export function describeBreakage(b: Breakage): Message {
  switch (b.kind) {
    case 'disable-rule': {
      const where = { netns: b.netns, table: b.table, chain: b.chain, index: b.index };
      return b.text ? msg('breakage.deleteRuleText', { ...where, rule: b.text }) : msg('breakage.deleteRule', where);
    }
    case 'delete-route':
      return msg('breakage.deleteRoute', { netns: b.netns, route: b.route });
    case 'ip-forward-off':
      return msg('breakage.ipForwardOff', { netns: b.netns });
    case 'rp-filter-strict':
      return msg('breakage.rpFilterStrict', { netns: b.netns });
    case 'drop-masquerade':
      return msg('breakage.dropMasquerade', { netns: b.netns });
    case 'set-mtu':
      return msg('breakage.setMtu', { netns: b.netns, dev: b.interface, mtu: b.mtu });
    default: {
      const never: never = b;
      return never;
    }
  }
}

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

/**
 * Breakages worth offering for a trace: each rule that decided something (a match with a
 * target), each written route the packet used, ip_forward on each netns that forwarded,
 * strict rp_filter there, MASQUERADE where the flow was masqueraded, and the MTU of the devices
 * the packet left by (set 100 bytes below the packet's size so the drop shows).
 */
export function suggestBreakages(world: World, trace: Trace): Breakage[] {
  const out: Breakage[] = [];
  const seen = new Set<string>();
  const add = (b: Breakage) => {
    const k = JSON.stringify(b);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(b);
    }
  };
  for (const s of trace.steps) {
    if (s.stage === 'rule' && s.rule && s.table && s.chain && s.verdict !== 'CONTINUE')
      add({ kind: 'disable-rule', netns: s.netns, table: s.table, chain: s.chain, index: s.rule.index, text: s.rule.text });
    if (s.stage === 'route' && s.route && own(world.netns, s.netns)?.routes.some((r) => r.text === s.route!.text && !r.derived)) add({ kind: 'delete-route', netns: s.netns, route: s.route.text });
    if (s.stage === 'forward' && s.changed.some((c) => c.field === 'ip.ttl')) {
      add({ kind: 'ip-forward-off', netns: s.netns });
      add({ kind: 'rp-filter-strict', netns: s.netns });
    }
    if (s.stage === 'rule' && /-j MASQUERADE/.test(s.rule?.text ?? '')) add({ kind: 'drop-masquerade', netns: s.netns });
    if (s.stage === 'xmit' && s.link && s.interface && s.packet.ip.len) {
      const len = s.packet.outer[0]?.ip.len ?? s.packet.ip.len;
      if (len && len > 168) add({ kind: 'set-mtu', netns: s.netns, interface: s.interface, mtu: len - 100 });
    }
  }
  return out;
}
