/**
 * Loopback addresses outside `lo` (net/ipv4/route.c): `ip_route_input_slow` treats a packet whose
 * destination or source is in 127.0.0.0/8 as a martian unless route_localnet is set on its input
 * device (conf.all OR conf.DEV, ip-sysctl.rst), and `__mkroute_output` refuses a route out of a
 * non-loopback device for a packet whose source is in 127.0.0.0/8 (-EINVAL) unless route_localnet
 * is set on the output device. kube-proxy's iptables mode sets conf.all.route_localnet=1 so that
 * NodePorts answer on 127.0.0.1; its nftables mode does not.
 */
import type { Pkt } from '../packet';
import { isLoopbackAddress } from '../addr/ipv4';
import { sysctl } from '../route/fib';
import type { Sim } from './context';
import { msg } from '../message';

/** Drops `pkt` received on `dev` (not `lo`) as a martian when it carries a 127/8 address and route_localnet is off there. */
export function checkLoopbackOnInput(sim: Sim, nsName: string, dev: string, pkt: Pkt): void {
  const dst = isLoopbackAddress(pkt.ip.dst);
  if (!dst && !isLoopbackAddress(pkt.ip.src)) return;
  if (sysctl(sim.ns(nsName), 'route_localnet', dev) === 1) return;
  sim.drop(
    nsName,
    dev,
    'route',
    dst ? msg('route.martianLoopbackDst', { dst: pkt.ip.dst, dev }) : msg('route.martianLoopbackSrc', { src: pkt.ip.src, dev }),
    pkt,
    dst ? msg('route.martianLoopbackDstExplain', { dst: pkt.ip.dst, dev }) : msg('route.martianLoopbackSrcExplain', { src: pkt.ip.src, dev }),
  );
}

/**
 * Drops `pkt` routed out of `dev` (not `lo`) with a 127/8 source when route_localnet is off there:
 * `__mkroute_output` fails with EINVAL. After a DNAT in OUTPUT (`ip_route_me_harder`) the hook
 * drops the packet; a TCP connect() does not fail but retransmits its SYN until it times out.
 */
export function checkLoopbackSourceOnOutput(sim: Sim, nsName: string, dev: string, pkt: Pkt, afterNat: boolean): void {
  if (!isLoopbackAddress(pkt.ip.src) || sysctl(sim.ns(nsName), 'route_localnet', dev) === 1) return;
  sim.drop(
    nsName,
    dev,
    'route',
    msg('route.loopbackSourceOut', { src: pkt.ip.src, dev }),
    pkt,
    msg(afterNat ? 'route.loopbackSourceRefusedAfterNat' : 'route.loopbackSourceRefused', { dev, src: pkt.ip.src }),
    afterNat ? undefined : { errno: 'EINVAL' },
  );
}
