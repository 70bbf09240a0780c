/** Trace steps for routing decisions, and the drops of failed lookups (ip-route(8), route.c). */
import type { CtRef } from '../conntrack/conntrack';
import type { Pkt } from '../packet';
import type { Route } from '../world';
import type { Sim } from './context';
import { ICMP, unreachable } from './icmp-error';
import { errorRefusal } from './error-refusal';

/** Records the route used. */
export function routeStep(sim: Sim, nsName: string, dev: string | undefined, pkt: Pkt, r: Route, explain: string) {
  sim.emit({ netns: nsName, interface: dev, stage: 'route', pkt, route: { text: r.text, table: r.table, source: r.source, type: r.type }, explain });
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
export function routeFailure(sim: Sim, nsName: string, dev: string | undefined, pkt: Pkt, r: Route | undefined, mode: InputRoute | 'local' | 'tunnel'): never {
  const input = typeof mode === 'string' ? undefined : mode;
  const type = r?.type ?? 'none';
  const errnos: Record<string, string> = { none: 'ENETUNREACH', throw: 'ENETUNREACH', unreachable: 'EHOSTUNREACH', prohibit: 'EACCES', blackhole: 'EINVAL' };
  const codes: Record<string, number> = { none: ICMP.NET_UNREACH, throw: ICMP.NET_UNREACH, unreachable: ICMP.HOST_UNREACH, prohibit: ICMP.PKT_FILTERED };
  const names: Record<string, string> = { none: 'net unreachable', throw: 'net unreachable', unreachable: 'host unreachable', prohibit: 'communication administratively prohibited' };
  const route = r ? { route: { text: r.text, table: r.table, source: r.source, type: r.type } } : {};
  const matched = r ? `Routing matches "${r.text}", a ${r.type} route` : `Routing: no route matches ${pkt.ip.dst} in the local or main table`;
  const reason = r ? `${r.type} route ${r.text}` : `no route to ${pkt.ip.dst}`;
  if (mode === 'tunnel')
    return sim.drop(nsName, dev, 'route', reason, pkt, `${matched}: the tunnel driver cannot send the outer packet and drops it (it counts a transmit error; no error goes back).`, route);
  if (!input) {
    const errno = errnos[type] ?? 'ENETUNREACH';
    return sim.drop(nsName, dev, 'route', reason, pkt, `${matched}: the packet is never sent, and the sending system call fails with ${errno}.`, { ...route, errno });
  }
  const code = codes[type];
  if (code === undefined) return sim.drop(nsName, dev, 'route', reason, pkt, `${matched}: a ${type} route silently discards the packet.`, route);
  if (!input.forwarding)
    return sim.drop(nsName, dev, 'route', reason, pkt, `${matched}, and ${input.dev} does not forward (ip_forward=0): ip_error drops the packet without sending an error.`, route);
  return sim.dropAnswering(
    { netns: nsName, inDev: input.dev, pkt, ct: input.ct, local: false, answer: unreachable(code) },
    dev,
    'route',
    reason,
    `${matched}: ip_error drops the packet and sends ICMP ${names[type]} back to ${pkt.ip.src}.`,
    errorRefusal(sim, nsName, pkt),
    route,
  );
}
