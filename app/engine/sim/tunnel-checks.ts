/** What tunnel transmits share: the kernel's recursion limit and VXLAN's outer source port. */
import type { Pkt } from '../packet';
import type { Sim } from './context';
import { msg } from '../message';

/**
 * The tunnel transmit recursion limit (net/ipv4/ip_tunnel_core.c `iptunnel_xmit`:
 * `dev_recursion_level() > IP_TUNNEL_RECURSION_LIMIT`; 4 when introduced, 5 in current kernels).
 */
export const IP_TUNNEL_RECURSION_LIMIT = 5;

/**
 * `iptunnel_xmit`'s recursion check. A tunnel device hands its outer packet on inside its own
 * transmit call, so tunnels that route into each other nest: each tunnel adds two levels (its own
 * `dev_queue_xmit` and `iptunnel_xmit`), and the k-th nested tunnel sees level 2k − 1. Past the
 * limit the kernel logs "Dead loop on virtual device" and drops the packet (measured: two VXLAN
 * devices routing into each other stop at the fourth encapsulation, on the second device).
 * The packet's encapsulation depth counts the tunnels it is already inside.
 */
export function checkTunnelRecursion(sim: Sim, nsName: string, dev: string, pkt: Pkt): void {
  let depth = 0;
  for (let p: Pkt | undefined = pkt.inner; p; p = p.inner) depth++;
  if (2 * depth + 1 > IP_TUNNEL_RECURSION_LIMIT) sim.drop(nsName, dev, 'encap', msg('tunnel.deadLoop', { dev, nested: depth + 1 }), pkt, msg('tunnel.deadLoopExplain', { depth, dev }));
}

/** A deterministic UDP source port for VXLAN (`udp_flow_src_port`: a hash of the inner flow in 32768–60999). */
export function vxlanSourcePort(inner: Pkt): number {
  const key = `${inner.ip.src}|${inner.ip.dst}|${inner.ip.proto}|${inner.l4.sport ?? inner.l4.icmpId}|${inner.l4.dport ?? ''}`;
  let h = 2166136261;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return 32768 + (h % (60999 - 32768 + 1));
}
