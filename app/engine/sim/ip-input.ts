/**
 * IP input (net/ipv4/ip_input.c, route.c `ip_route_input_slow`, fib_frontend.c
 * `fib_validate_source`) and local delivery (`ip_local_deliver_finish`: the VXLAN UDP socket and
 * the IPIP handler decapsulate, any other packet goes to a socket).
 */
import { reversePathOk, reverseRoute } from '../neigh/arp';
import { isLocalAddress, routeDev, sysctl } from '../route/fib';
import { routeFor } from './route-lookup';
import { ifaceOf } from '../bridge/l2';
import type { Sim } from './context';
import type { PathEnv, PathState } from './contracts';
import { runHook } from './nf-hook';
import { routeFailure, routeStep } from './route-steps';
import { checkLoopbackOnInput } from './route-localnet';
import { msg } from '../message';

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
  // ip_route_input_slow: the lookup's keys are the packet's source, its mark and the input device.
  const pr = routeFor(sim, nsName, dev, pkt, pkt.ip.dst, { src: pkt.ip.src, mark: pkt.mark, iif: looped ? 'lo' : dev });
  const r = pr.route;
  if (!r || (r.type !== 'unicast' && r.type !== 'local' && r.type !== 'broadcast'))
    routeFailure(sim, nsName, dev, pkt, r, { dev, ct: ps.ct, forwarding: sysctl(ns, 'forwarding', dev) === 1 }, pr.rule);
  // rp_filter (fib_validate_source): strict needs the reverse route to use the ingress device.
  // Looped-back local traffic keeps the route it was sent with: no input lookup, no source check.
  // fib_validate_source: a packet arriving with one of our own addresses as source is a martian
  // (accept_local=0), dropped before INPUT or FORWARD whatever rp_filter says.
  if (!looped && isLocalAddress(ns, pkt.ip.src))
    sim.drop(nsName, dev, 'route', msg('route.martianSource', { src: pkt.ip.src, netns: nsName }), pkt, msg('route.martianSourceExplain', { dev, src: pkt.ip.src, netns: nsName }));
  if (!looped && !reversePathOk(ns, dev, pkt.ip.src, pkt.ip.dst)) {
    const rp = sysctl(ns, 'rp_filter', dev);
    const back = reverseRoute(ns, pkt.ip.src, pkt.ip.dst);
    const reason = back ? msg('route.rpFilterOtherDev', { rp, src: pkt.ip.src, back: routeDev(ns, back) ?? '', dev }) : msg('route.rpFilterNoRoute', { rp, src: pkt.ip.src });
    sim.drop(nsName, dev, 'route', reason, pkt, msg('route.rpFilterDrop', { rp, src: pkt.ip.src, dev }));
  }
  if (r.type === 'local' || r.type === 'broadcast') {
    routeStep(sim, nsName, dev, pkt, r, msg('route.inputLocal', { dst: pkt.ip.dst, route: r.text }), pr);
    if (runHook(sim, nsName, 'INPUT', ps, { in: dev }) === 'ipvs-stolen') return env.ipvsOutput(sim, env, nsName, ps, dev);
    return env.localDeliver(sim, env, nsName, dev, ps);
  }
  const outDev = routeDev(ns, r);
  routeStep(
    sim,
    nsName,
    dev,
    pkt,
    r,
    r.via
      ? msg('route.inputForwardVia', { dst: pkt.ip.dst, route: r.text, table: r.table, dev: outDev ?? '', via: r.via })
      : msg('route.inputForward', { dst: pkt.ip.dst, route: r.text, table: r.table, dev: outDev ?? '' }),
    pr,
  );
  if (!sysctl(ns, 'forwarding', dev)) sim.drop(nsName, dev, 'forward', msg('route.forwardingOff', { dev }), pkt, msg('route.forwardingOffExplain'));
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
      sim.emit({ netns: nsName, interface: vx.name, stage: 'decap', pkt: inner, explain: msg('tunnel.vxlanDecap', { dev: vx.name, port: vx.dstport, vni: vx.vni }) });
      return env.netifRx(sim, env, nsName, vx.name, inner, true);
    }
    sim.drop(nsName, dev, 'deliver', msg('tunnel.noVxlanListener', { port: p.l4.dport ?? '', vni: p.vni ?? '' }), p);
  }
  if (p.ip.proto === 'ipip' && p.inner) {
    const tun = ns.interfaces.find((i) => i.type === 'ipip' && (!i.local || i.local === p.ip.dst) && (!i.remote || i.remote === p.ip.src));
    if (!tun) sim.drop(nsName, dev, 'deliver', msg('tunnel.noIpipTunnel'), p);
    const inner = { ...p.inner, mark: p.mark };
    sim.emit({ netns: nsName, interface: tun.name, stage: 'decap', wire: 'rx', pkt: inner, explain: msg('tunnel.ipipDecap', { src: p.ip.src, dst: p.ip.dst, dev: tun.name }) });
    sim.visit(nsName, tun.name, inner);
    return env.ipRcv(sim, env, nsName, tun.name, { pkt: inner });
  }
  return env.deliver(sim, nsName, dev, ps);
}
