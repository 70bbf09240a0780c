/** Whether the kernel answers a drop in a given netns at all (net/ipv4/icmp.c `__icmp_send`). */
import { msg, type Message } from '../message';
import type { Pkt } from '../packet';
import { fibLookup } from '../route/fib';
import { addrType } from './addrtype';
import type { Sim } from './context';
import { noErrorBecause } from './icmp-error';

/** `noErrorBecause` for a packet dropped in `nsName` (its destination's address type there). */
export function errorRefusal(sim: Sim, nsName: string, offending: Pkt): Message | undefined {
  const t = addrType(sim, nsName, offending.ip.dst);
  const why = noErrorBecause(offending, t === 'BROADCAST' || t === 'MULTICAST');
  if (why) return why;
  // icmp_route_lookup (and ip_route_me_harder for a reset) route the error before building it:
  // with no usable route back to the sender nothing is sent (measured on 6.18: no ICMP on the wire).
  const back = fibLookup(sim.ns(nsName), offending.ip.src);
  if (!back || (back.type !== 'unicast' && back.type !== 'local')) return msg('icmp.noRouteBack', { netns: nsName, dst: offending.ip.src });
  return undefined;
}
