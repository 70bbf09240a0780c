/** MASQUERADE's choice of source address (net/netfilter/nf_nat_masquerade.c). */
import { inPrefix } from '../addr/ipv4';
import { kernelDeviceOrder } from '../route/fib';
import type { Sim } from './context';
import { msg, type Message } from '../message';

/** The source MASQUERADE picks, the device it belongs to, and the rule that chose it, in words. */
export interface MasqueradeSource {
  readonly addr: string;
  readonly dev: string;
  /** Which rule of `inet_select_addr` applied, for the step's explanation (no leading capital). */
  readonly explain: Message;
}

/**
 * MASQUERADE's source (`nf_nat_masquerade_ipv4` → `inet_select_addr(out, nexthop, RT_SCOPE_UNIVERSE)`,
 * net/ipv4/devinet.c): the first primary address of the out device whose subnet holds the next
 * hop, else its first address; when the out device has none, the first address of global scope
 * walking the netns's devices in the kernel's order (`lo` first, then by ifindex, or the file's
 * order without one: see `kernelDeviceOrder`). Host-scoped 127/8 addresses never qualify.
 */
export function masqueradeSource(sim: Sim, nsName: string, io: { readonly out?: string; readonly nextHop?: string }): MasqueradeSource | undefined {
  const ns = sim.ns(nsName);
  const ifc = ns.interfaces.find((i) => i.name === io.out);
  if (!ifc) return undefined;
  const hop = io.nextHop;
  const usable = ifc.addresses.filter((x) => !x.ip.startsWith('127.'));
  if (hop) {
    const a = usable.find((x) => x.prefixLen < 32 && inPrefix(hop, x.ip, x.prefixLen));
    if (a) return { addr: a.ip, dev: ifc.name, explain: msg('nat.masqueradeNextHopSubnet', { dev: ifc.name, hop }) };
  }
  if (usable.length) return { addr: usable[0].ip, dev: ifc.name, explain: msg('nat.masqueradeFirstAddress', { dev: ifc.name }) };
  const order = kernelDeviceOrder(ns.interfaces);
  for (const other of order.devices) {
    const a = other.addresses.find((x) => !x.ip.startsWith('127.'));
    if (a)
      return {
        addr: a.ip,
        dev: other.name,
        explain: msg(order.by === 'ifindex' ? 'nat.masqueradeOtherDeviceByIfindex' : 'nat.masqueradeOtherDeviceInFileOrder', { dev: ifc.name, other: other.name }),
      };
  }
  return undefined;
}
