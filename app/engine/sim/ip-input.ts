/**
 * IP input (net/ipv4/ip_input.c, route.c `ip_route_input_slow`, fib_frontend.c
 * `fib_validate_source`) and local delivery (`ip_local_deliver_finish`: the VXLAN UDP socket and
 * the IPIP handler decapsulate, any other packet goes to a socket).
 */
import { reversePathOk } from '../neigh/arp';
import { fibLookup, isLocalAddress, routeDev, sysctl } from '../route/fib';
import { ifaceOf } from '../bridge/l2';
import type { Sim } from './context';
import type { PathEnv, PathState } from './contracts';
import { runHook } from './nf-hook';
import { routeFailure, routeStep } from './route-steps';
import { checkLoopbackOnInput } from './route-localnet';

/**
 * IP input (`ip_rcv` → PREROUTING → `ip_route_input`): martian and reverse-path checks, then
 * local delivery through INPUT or forwarding (`ip_forward` when forwarding is on).
 */
export function ipRcv(sim: Sim, env: PathEnv, nsName: string, dev: string, ps: PathState, physIn?: string, prerouted = false): never {
  const ns = sim.ns(nsName);
  if (physIn && sysctl(ns, 'bridge-nf-call-iptables') === 1) ps.physIn = physIn;
  if (!prerouted) runHook(sim, nsName, 'PREROUTING', ps, { in: dev, physIn });
  const pkt = ps.pkt;
  const looped = ifaceOf(sim.world, { netns: nsName, ifname: dev })?.type === 'loopback';
  if (!looped) checkLoopbackOnInput(sim, nsName, dev, pkt);
  const r = fibLookup(ns, pkt.ip.dst);
  if (!r || (r.type !== 'unicast' && r.type !== 'local' && r.type !== 'broadcast'))
    routeFailure(sim, nsName, dev, pkt, r, { dev, ct: ps.ct, forwarding: sysctl(ns, 'forwarding', dev) === 1 });
  // rp_filter (fib_validate_source): strict needs the reverse route to use the ingress device.
  // Looped-back local traffic keeps the route it was sent with: no input lookup, no source check.
  // fib_validate_source: a packet arriving with one of our own addresses as source is a martian
  // (accept_local=0), dropped before INPUT or FORWARD whatever rp_filter says.
  if (!looped && isLocalAddress(ns, pkt.ip.src))
    sim.drop(nsName, dev, 'route', `martian source ${pkt.ip.src}: a packet from outside claims one of ${nsName}'s own addresses`, pkt, `The packet arrives on ${dev} with source ${pkt.ip.src}, an address of ${nsName} itself: the input route lookup rejects it as a martian (accept_local=0) before INPUT or FORWARD.`);
  if (!looped && !reversePathOk(ns, dev, pkt.ip.src)) {
    const rp = sysctl(ns, 'rp_filter', dev);
    const back = fibLookup(ns, pkt.ip.src);
    sim.drop(nsName, dev, 'route', `rp_filter=${rp}: the route back to ${pkt.ip.src} ${back ? `leaves by ${routeDev(ns, back)}, not ${dev}` : 'does not exist'}`, pkt, `Reverse-path filter (rp_filter=${rp}) drops the packet: ${pkt.ip.src} would not be routed back out of ${dev}.`);
  }
  if (r.type === 'local' || r.type === 'broadcast') {
    routeStep(sim, nsName, dev, pkt, r, `Routing: ${pkt.ip.dst} is a local address ("${r.text}" in the local table), so the packet goes up to INPUT.`);
    if (runHook(sim, nsName, 'INPUT', ps, { in: dev }) === 'ipvs-stolen') return env.ipvsOutput(sim, env, nsName, ps, dev);
    return env.localDeliver(sim, env, nsName, dev, ps);
  }
  const outDev = routeDev(ns, r);
  routeStep(sim, nsName, dev, pkt, r, `Routing: ${pkt.ip.dst} matches "${r.text}" in the ${r.table} table: forward out of ${outDev}${r.via ? ` via ${r.via}` : ''}.`);
  if (!sysctl(ns, 'forwarding', dev))
    sim.drop(nsName, dev, 'forward', `forwarding is off on ${dev} (net.ipv4.ip_forward=0)`, pkt, `The packet is not for this host and forwarding is disabled (ip_forward=0), so it is dropped silently.`);
  return env.ipForward(sim, env, nsName, dev, ps, r, outDev!);
}

/** Local delivery after INPUT: a tunnel endpoint decapsulates, otherwise a socket receives it. */
export function localDeliver(sim: Sim, env: PathEnv, nsName: string, dev: string, ps: PathState): never {
  const ns = sim.ns(nsName);
  const p = ps.pkt;
  if (p.ip.proto === 'udp' && p.inner) {
    const vx = ns.interfaces.find((i) => i.type === 'vxlan' && i.dstport === p.l4.dport && i.vni === p.vni && (!i.local || i.local === p.ip.dst));
    if (vx && vx.type === 'vxlan') {
      const inner = { ...p.inner, mark: p.mark };
      sim.emit({ netns: nsName, interface: vx.name, stage: 'decap', pkt: inner, explain: `The UDP socket of VXLAN device ${vx.name} (port ${vx.dstport}, VNI ${vx.vni}) strips the outer Ethernet/IP/UDP/VXLAN headers; the inner frame is received on ${vx.name}.` });
      return env.netifRx(sim, env, nsName, vx.name, inner, true);
    }
    sim.drop(nsName, dev, 'deliver', `no VXLAN device listens on UDP ${p.l4.dport} with VNI ${p.vni}`, p);
  }
  if (p.ip.proto === 'ipip' && p.inner) {
    const tun = ns.interfaces.find((i) => i.type === 'ipip' && (!i.local || i.local === p.ip.dst) && (!i.remote || i.remote === p.ip.src));
    if (!tun) sim.drop(nsName, dev, 'deliver', 'no IPIP tunnel device accepts this packet (protocol 4 unreachable)', p);
    const inner = { ...p.inner, mark: p.mark };
    sim.emit({ netns: nsName, interface: tun.name, stage: 'decap', wire: 'rx', pkt: inner, explain: `The IPIP handler strips the outer IPv4 header (protocol 4, ${p.ip.src} → ${p.ip.dst}); the inner packet is received on ${tun.name}.` });
    sim.visit(nsName, tun.name, inner);
    return env.ipRcv(sim, env, nsName, tun.name, { pkt: inner });
  }
  return env.deliver(sim, nsName, dev, ps);
}

