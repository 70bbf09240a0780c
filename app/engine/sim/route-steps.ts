/** Trace steps for routing decisions, and the drops of failed lookups (ip-route(8), route.c). */
import type { Pkt } from '../packet';
import type { Route } from '../world';
import type { Sim } from './context';

/** Records the route used. */
export function routeStep(sim: Sim, nsName: string, dev: string | undefined, pkt: Pkt, r: Route, explain: string) {
  sim.emit({ netns: nsName, interface: dev, stage: 'route', pkt, route: { text: r.text, table: r.table, source: r.source, type: r.type }, explain });
}

/** Drops for a route of an error type or for no route at all (ip-route(8), route.c `ip_error`). */
export function routeFailure(sim: Sim, nsName: string, dev: string | undefined, pkt: Pkt, r: Route | undefined, local: boolean): never {
  if (!r)
    sim.drop(nsName, dev, 'route', `no route to ${pkt.ip.dst}`, pkt, `Routing: no route matches ${pkt.ip.dst} in the local or main table, so the packet is dropped${local ? ' (the sender gets ENETUNREACH)' : ' and an ICMP net unreachable goes back to the sender'}.`);
  const what: Record<string, string> = {
    blackhole: 'a blackhole route silently discards it',
    unreachable: 'an unreachable route: ICMP host unreachable goes back to the sender',
    prohibit: 'a prohibit route: ICMP administratively prohibited goes back to the sender',
    throw: 'a throw route ends the lookup without a match',
  };
  sim.drop(nsName, dev, 'route', `${r.type} route ${r.text}`, pkt, `Routing matches "${r.text}": ${what[r.type] ?? r.type}.`, {
    route: { text: r.text, table: r.table, source: r.source, type: r.type },
  });
}
