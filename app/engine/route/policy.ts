/**
 * Policy routing: the routing policy database walked rule by rule, then the longest-prefix lookup
 * in the table a rule names (ip-rule(8), ip-route(8); net/core/fib_rules.c `fib_rules_lookup`,
 * net/ipv4/fib_rules.c `fib4_rule_match`, `fib4_rule_action`, `fib4_rule_suppress`;
 * linux-packet-path.md §4).
 */
import { inPrefix } from '../addr/ipv4';
import type { Netns, PolicyRule, Route, RouteTable } from '../world';

/** Rules in the order the kernel walks them: by priority; equal priorities keep their order (a new rule goes after its equals). */
export function sortRules(rules: readonly PolicyRule[]): PolicyRule[] {
  return rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.priority - b.r.priority || a.i - b.i)
    .map((x) => x.r);
}

/** What a lookup knows about the packet (struct flowi4): its keys beside the destination. */
export interface LookupKeys {
  /** Source address (`flowi4_saddr`); absent or 0.0.0.0: not chosen yet, only `from all` matches. */
  readonly src?: string;
  /** skb mark (`flowi4_mark`), 0 when absent. */
  readonly mark?: number;
  /** Input device (`flowi4_iif`); output lookups use `lo` (LOOPBACK_IFINDEX). */
  readonly iif?: string;
  /** Output device a socket or tunnel is bound to (`flowi4_oif`). */
  readonly oif?: string;
}

/** The result of a policy lookup. */
export interface PolicyLookup {
  /** The route found; absent: no route (ENETUNREACH), or the rule's own action. */
  readonly route?: Route;
  /** The rule whose lookup (or action) decided. */
  readonly rule?: PolicyRule;
  /** A rule the engine cannot evaluate that the walk reached: the answer is unknown. */
  readonly cannot?: PolicyRule;
  /** The first `throw` route that sent the walk on past its rule, when the walk went on to find a route. */
  readonly thrown?: { readonly rule: PolicyRule; readonly route: Route };
}

/** The longest-prefix match of `dst` in one table (ties: lowest metric); `oif` keeps only routes through it. */
export function tableLookup(ns: Netns, table: RouteTable, dst: string, oif?: string): Route | undefined {
  let best: Route | undefined;
  for (const r of ns.routes) {
    if (r.table !== table) continue;
    if (oif !== undefined && r.dev !== undefined && r.dev !== oif && table !== 'local') continue;
    if (!inPrefix(dst, r.dst.addr, r.dst.len)) continue;
    if (!best || r.dst.len > best.dst.len || (r.dst.len === best.dst.len && r.metric < best.metric)) best = r;
  }
  return best;
}

/** fib4_rule_match (and fib_rule_match's iif/oif/mark selectors), before `not`. */
function selectorsHold(r: PolicyRule, dst: string, k: LookupKeys): boolean {
  if (r.iif !== undefined && r.iif !== k.iif) return false;
  if (r.oif !== undefined && r.oif !== k.oif) return false;
  if (r.fwmark && (((k.mark ?? 0) ^ r.fwmark.value) & r.fwmark.mask) >>> 0 !== 0) return false;
  if (r.from && !inPrefix(k.src || '0.0.0.0', r.from.addr, r.from.len)) return false;
  if (r.to && !inPrefix(dst, r.to.addr, r.to.len)) return false;
  return true;
}

/**
 * Walks `ns.rules` for a packet to `dst` (fib_rules_lookup): the first matching rule whose table
 * has a route for `dst` decides. A table's `throw` route, a route suppressed by
 * `suppress_prefixlength`, or no route at all sends the walk on to the next rule; `blackhole`,
 * `unreachable` and `prohibit` rules end it (the caller fails the packet as that action).
 */
export function policyLookup(ns: Netns, dst: string, keys: LookupKeys = {}): PolicyLookup {
  let thrown: { rule: PolicyRule; route: Route } | undefined;
  for (const rule of ns.rules) {
    const hold = selectorsHold(rule, dst, keys);
    // The selectors are ANDed: one that fails decides the match whatever the unmodelled one says.
    if (rule.unsupported && hold) return { cannot: rule };
    if (hold === rule.not) continue;
    if (rule.action !== 'lookup') return { rule };
    const route = tableLookup(ns, rule.table!, dst, keys.oif);
    if (!route) continue;
    if (route.type === 'throw') {
      thrown ??= { rule, route };
      continue;
    }
    if (rule.suppressPrefixLength !== undefined && route.dst.len <= rule.suppressPrefixLength) continue;
    return thrown ? { route, rule, thrown } : { route, rule };
  }
  return thrown ? { route: thrown.route } : {};
}
