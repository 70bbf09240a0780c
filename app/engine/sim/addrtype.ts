/** The address types `-m addrtype` matches on (net/netfilter/xt_addrtype.c). */
import { broadcastOf, inPrefix, isLimitedBroadcast, isMulticast } from '../addr/ipv4';
import type { AddrType } from '../netfilter/types';
import { fibLookup } from '../route/fib';
import { onlyDefaultRules } from '../route/default-rules';
import { tableLookup } from '../route/policy';
import type { Sim } from './context';

/** `-m addrtype` classification of an address in this netns (xt_addrtype.c: `inet_addr_type`). */
export function addrType(sim: Sim, nsName: string, addr: string, iface?: string): AddrType {
  const ns = sim.ns(nsName);
  if (isLimitedBroadcast(addr)) return 'BROADCAST';
  if (isMulticast(addr)) return 'MULTICAST';
  if (addr === '0.0.0.0') return 'UNSPEC';
  if (iface !== undefined) {
    const ifc = ns.interfaces.find((i) => i.name === iface);
    if (ifc?.addresses.some((a) => a.ip === addr)) return 'LOCAL';
    if (ifc?.addresses.some((a) => a.prefixLen < 31 && inPrefix(addr, a.ip, a.prefixLen) && addr === broadcastOf(a.ip, a.prefixLen))) return 'BROADCAST';
    return 'UNICAST';
  }
  // inet_addr_type: the local table, which holds main's routes too until a rule is added
  // (fib_unmerge runs when the first custom rule appears).
  const r = onlyDefaultRules(ns.rules) ? fibLookup(ns, addr) : tableLookup(ns, 'local', addr);
  if (!r) return 'UNICAST';
  switch (r.type) {
    case 'local':
      return 'LOCAL';
    case 'broadcast':
      return 'BROADCAST';
    case 'blackhole':
      return 'BLACKHOLE';
    case 'unreachable':
      return 'UNREACHABLE';
    case 'prohibit':
      return 'PROHIBIT';
    default:
      return 'UNICAST';
  }
}
