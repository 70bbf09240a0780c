/**
 * The route for a packet on its path: the policy rules walked with the packet's own keys
 * (policy.ts; route.c `ip_route_input_slow` and `ip_route_output_key_hash_rcu` fill struct flowi4),
 * and the honest stop at a rule the engine cannot evaluate.
 */
import type { Pkt } from '../packet';
import { isDefaultRule } from '../route/default-rules';
import { policyLookup, type LookupKeys } from '../route/policy';
import type { PolicyRule, Route } from '../world';
import type { Alternative } from '../trace';
import { own } from '../own';
import { sourceText } from '../source';
import { recordAlternatives } from './random';
import type { Sim } from './context';
import { msg, type Message } from '../message';

/** A lookup's answer on the packet path. */
export interface PathRoute {
  /** The route; absent: no route (ENETUNREACH), or an `unreachable` rule. For a multipath route, its chosen next hop's `via` and `dev`. */
  readonly route?: Route;
  /** The rule that decided, when it is not one of the kernel's three defaults (the trace names it). */
  readonly rule?: PolicyRule;
  /** A `throw` route of an earlier rule's table that sent the lookup on (the trace names it). */
  readonly thrown?: { readonly rule: PolicyRule; readonly route: Route };
  /** For a multipath route: every next hop as an alternative, and which one (1-based) the trace follows. */
  readonly multipath?: { readonly alternatives: readonly Alternative[]; readonly nexthop: number };
}

/**
 * A multipath route's next hop for this flow (fib_select_multipath): the kernel hashes the flow's
 * addresses with a per-boot seed (fib_multipath_hash_policy 0) and picks by weight, which the
 * engine cannot reproduce; it follows the flow's pinned choice (`netns/route/TABLE PREFIX`) or the
 * first next hop, and lists each one with its share of the weights.
 */
function chooseNexthop(sim: Sim, nsName: string, r: Route): { route: Route; multipath?: PathRoute['multipath'] } {
  if (!r.nexthops?.length) return { route: r };
  const key = `${nsName}/route/${r.table} ${r.dst.addr}/${r.dst.len}`;
  const pinned = own(sim.choices, key);
  const chosen = pinned !== undefined && pinned >= 1 && pinned <= r.nexthops.length ? pinned - 1 : 0;
  const total = r.nexthops.reduce((a, n) => a + n.weight, 0);
  const alternatives = r.nexthops.map((n, i) => ({
    choice: key,
    option: i + 1,
    label: ['nexthop', n.via && `via ${n.via}`, n.dev && `dev ${n.dev}`, `weight ${n.weight}`].filter(Boolean).join(' '),
    probability: n.weight / total,
    chosen: i === chosen,
  }));
  recordAlternatives(sim, alternatives);
  const nh = r.nexthops[chosen];
  return { route: { ...r, via: nh.via, dev: nh.dev, onlink: nh.onlink }, multipath: { alternatives, nexthop: chosen + 1 } };
}

/**
 * A `blackhole` or `prohibit` rule fails the lookup as a route of that type would (fib4_rule_action:
 * -EINVAL, -EACCES); an `unreachable` rule as no route at all (-ENETUNREACH).
 */
function actionRoute(rule: PolicyRule): Route | undefined {
  if (rule.action !== 'blackhole' && rule.action !== 'prohibit') return undefined;
  return { table: 'rule', type: rule.action, dst: { addr: '0.0.0.0', len: 0 }, scope: 'global', onlink: false, metric: 0, derived: true, text: rule.text, source: rule.source };
}

/**
 * Looks up the route for `dst` in `nsName` with `keys` (source, mark, input device; `lo` for
 * locally sent packets). Stops the packet with "cannot evaluate" at a rule with a selector or
 * action the engine does not model (ipproto, dport, uidrange, goto…), naming its position;
 * `beforeStop` records what the trace shows first (a locally sent packet's send step).
 */
export function routeFor(sim: Sim, nsName: string, dev: string | undefined, pkt: Pkt, dst: string, keys: LookupKeys, beforeStop?: () => void): PathRoute {
  const r = policyLookup(sim.ns(nsName), dst, keys);
  if (r.cannot) {
    const at = r.cannot.source ? sourceText(r.cannot.source) : '';
    beforeStop?.();
    sim.stop('cannot-evaluate', nsName, dev, msg('route.cannotEvaluateRule', { rule: r.cannot.text, what: r.cannot.unsupported ?? '', at }), pkt);
  }
  const rule = r.rule && !isDefaultRule(r.rule) ? r.rule : undefined;
  if (r.rule && r.rule.action !== 'lookup') return { route: actionRoute(r.rule), rule };
  if (!r.route) return { rule };
  return { ...chooseNexthop(sim, nsName, r.route), rule, ...(r.thrown ? { thrown: r.thrown } : {}) };
}

/**
 * The route step's sentence, preceded by the policy rule that chose the table when it is not a
 * default one, and by the `throw` route that sent the lookup past an earlier rule's table.
 */
export function byRule(rule: PolicyRule | undefined, explain: Message, thrown?: PathRoute['thrown']): Message {
  if (thrown) return msg('route.afterThrow', { rule: thrown.rule.text, table: thrown.route.table, route: thrown.route.text, then: byRule(rule, explain) });
  if (!rule) return explain;
  if (rule.action !== 'lookup') return msg('route.byRuleAction', { rule: rule.text, action: rule.action, then: explain });
  return msg('route.byRule', { rule: rule.text, table: rule.table ?? '', then: explain });
}
