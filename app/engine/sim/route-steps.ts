/** Trace steps for routing decisions, and the drops of failed lookups (ip-route(8), route.c). */
import type { CtRef } from '../conntrack/conntrack';
import type { Pkt } from '../packet';
import type { PolicyRule, Route } from '../world';
import { onlyDefaultRules } from '../route/default-rules';
import { byRule, type PathRoute } from './route-lookup';
import type { Sim } from './context';
import { ICMP, unreachable } from './icmp-error';
import { errorRefusal } from './error-refusal';
import { msg, type Message, type MessageKey } from '../message';

/** Records the route used. */
export function routeStep(sim: Sim, nsName: string, dev: string | undefined, pkt: Pkt, r: Route, explain: Message, how: Omit<PathRoute, 'route'> = {}) {
  const mp = how.multipath;
  sim.emit({
    netns: nsName,
    interface: dev,
    stage: 'route',
    pkt,
    route: { text: r.text, table: r.table, source: r.source, type: r.type, ...(how.rule ? { rule: how.rule.text } : {}) },
    explain: byRule(how.rule, explain, how.thrown),
    ...(mp ? { alternatives: mp.alternatives, simplification: msg('route.multipathHash', { nexthop: mp.nexthop, count: mp.alternatives.length }) } : {}),
  });
}

/** A packet being routed on input: the device it came in on, its conntrack entry, whether that device forwards. */
export interface InputRoute {
  readonly dev: string;
  readonly ct?: CtRef;
  readonly forwarding: boolean;
}

/**
 * Drops for a route of an error type or for no route at all.
 * Tunnel outer packets (`tunnel`): the driver drops the frame and counts a transmit error.
 * Locally generated (`local`): the socket's system call fails at once (`ip_route_output_key`
 * returns the route type's error, fib_semantics.c `fib_props`): no route ENETUNREACH, unreachable
 * EHOSTUNREACH, prohibit EACCES, blackhole EINVAL.
 * Forwarded: `ip_error` (route.c) answers with ICMP net unreachable (no route, throw), host
 * unreachable (unreachable) or communication administratively prohibited (prohibit); a blackhole
 * discards silently, and a device that does not forward sends no error at all.
 */
export function routeFailure(sim: Sim, nsName: string, dev: string | undefined, pkt: Pkt, r: Route | undefined, mode: InputRoute | 'local' | 'tunnel', rule?: PolicyRule): never {
  const input = typeof mode === 'string' ? undefined : mode;
  const type = r?.type ?? 'none';
  const errnos: Record<string, string> = { none: 'ENETUNREACH', throw: 'ENETUNREACH', unreachable: 'EHOSTUNREACH', prohibit: 'EACCES', blackhole: 'EINVAL' };
  const codes: Record<string, number> = { none: ICMP.NET_UNREACH, throw: ICMP.NET_UNREACH, unreachable: ICMP.HOST_UNREACH, prohibit: ICMP.PKT_FILTERED };
  const answered: Record<string, MessageKey> = { none: 'route.failNetUnreach', throw: 'route.failNetUnreach', unreachable: 'route.failHostUnreach', prohibit: 'route.failProhibited' };
  const route = r ? { route: { text: r.text, table: r.table, source: r.source, type: r.type } } : {};
  const custom = !onlyDefaultRules(sim.ns(nsName).rules);
  const ruleAction = rule && rule.action !== 'lookup' ? { rule: rule.text, action: rule.action } : undefined;
  const matched = ruleAction
    ? msg('route.ruleActionMatched', ruleAction)
    : r
      ? byRule(rule, msg('route.matchedType', { route: r.text, type: r.type }))
      : msg(custom ? 'route.noMatchRules' : 'route.noMatch', { dst: pkt.ip.dst });
  const reason = ruleAction ? msg('route.ruleActionReason', ruleAction) : r ? msg('route.typeRoute', { type: r.type, route: r.text }) : msg('route.noRoute', { dst: pkt.ip.dst });
  if (mode === 'tunnel') return sim.drop(nsName, dev, 'route', reason, pkt, msg('route.failTunnel', { matched }), route);
  if (!input) {
    const errno = errnos[type] ?? 'ENETUNREACH';
    return sim.drop(nsName, dev, 'route', reason, pkt, msg('route.failLocal', { matched, errno }), { ...route, errno });
  }
  const code = codes[type];
  if (code === undefined) return sim.drop(nsName, dev, 'route', reason, pkt, msg('route.failSilent', { matched, type }), route);
  if (!input.forwarding) return sim.drop(nsName, dev, 'route', reason, pkt, msg('route.failNoForward', { matched, dev: input.dev }), route);
  return sim.dropAnswering(
    { netns: nsName, inDev: input.dev, pkt, ct: input.ct, local: false, answer: unreachable(code) },
    dev,
    'route',
    reason,
    msg(answered[type], { matched, src: pkt.ip.src }),
    errorRefusal(sim, nsName, pkt),
    route,
  );
}
