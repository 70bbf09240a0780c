/** MASQUERADE's choice of source address (net/netfilter/nf_nat_masquerade.c). */
import { inPrefix } from '../addr/ipv4';
import type { Sim } from './context';

/**
 * MASQUERADE's source (nf_nat_masquerade.c → `inet_select_addr` on the out device): the first
 * primary address of the out interface whose subnet holds the next hop, else its first address,
 * else a global address of another interface.
 */
export function masqueradeSource(sim: Sim, nsName: string, io: { readonly out?: string; readonly nextHop?: string }): { addr: string; dev: string } | undefined {
  const ns = sim.ns(nsName);
  const ifc = ns.interfaces.find((i) => i.name === io.out);
  if (!ifc) return undefined;
  const hop = io.nextHop;
  // inet_select_addr(dev, nexthop, RT_SCOPE_UNIVERSE): host-scoped addresses (127/8 on lo) never qualify.
  const usable = ifc.addresses.filter((x) => !x.ip.startsWith('127.'));
  if (hop) {
    const a = usable.find((x) => x.prefixLen < 32 && inPrefix(hop, x.ip, x.prefixLen));
    if (a) return { addr: a.ip, dev: ifc.name };
  }
  if (usable.length) return { addr: usable[0].ip, dev: ifc.name };
  for (const other of ns.interfaces) {
    const a = other.addresses.find((x) => !x.ip.startsWith('127.'));
    if (a) return { addr: a.ip, dev: other.name };
  }
  return undefined;
}
