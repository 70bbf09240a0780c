/**
 * Tunnel transmit: VXLAN (drivers/net/vxlan: FDB lookup for the remote VTEP, then a locally
 * generated UDP packet) and IPIP (net/ipv4/ipip.c, ip_tunnel.c: an outer IPv4 header to the
 * tunnel's far end). Both route the outer packet, walk OUTPUT, and hand it to the output path.
 */
import { BROADCAST_MAC } from '../addr/mac';
import type { Pkt } from '../packet';
import { routeDev, selectSource } from '../route/fib';
import { routeFor } from './route-lookup';
import type { Iface } from '../world';
import type { Sim } from './context';
import type { PathState, TunnelOutput } from './contracts';
import { runHook } from './nf-hook';
import { routeFailure, routeStep } from './route-steps';
import { checkTunnelRecursion, vxlanSourcePort } from './tunnel-checks';
import { msg } from '../message';

/** VXLAN transmit (drivers/net/vxlan: FDB lookup for the remote VTEP, then a locally generated UDP packet). */
export function vxlanXmit(sim: Sim, nsName: string, ifc: Extract<Iface, { type: 'vxlan' }>, ps: PathState, output: TunnelOutput): never {
  const ns = sim.ns(nsName);
  const dmac = ps.pkt.eth?.dst ?? BROADCAST_MAC;
  const entry = ns.fdb.find((f) => f.dev === ifc.name && f.mac === dmac && f.dst) ?? ns.fdb.find((f) => f.dev === ifc.name && f.mac === '00:00:00:00:00:00' && f.dst);
  if (!entry) sim.drop(nsName, ifc.name, 'fdb', msg('tunnel.noFdbEntry', { dev: ifc.name, mac: dmac }), ps.pkt, msg('tunnel.noFdbEntryExplain', { dev: ifc.name, mac: dmac }));
  sim.emit({
    netns: nsName,
    interface: ifc.name,
    stage: 'fdb',
    wire: 'tx',
    pkt: ps.pkt,
    fdb: { text: entry.text, how: 'static', source: entry.source },
    explain: msg('tunnel.vxlanFdb', { dev: ifc.name, mac: dmac, vtep: entry.dst ?? '' }),
  });
  // vxlan_get_route: an output lookup bound to the VXLAN device's underlay (`dev`), the skb's mark.
  const pr = routeFor(sim, nsName, ifc.name, ps.pkt, entry.dst!, { src: ifc.local, mark: ps.pkt.mark, iif: 'lo', oif: ifc.dev });
  const r = pr.route;
  if (!r || r.type !== 'unicast') routeFailure(sim, nsName, ifc.name, ps.pkt, r, 'tunnel', pr.rule);
  const outDev = routeDev(ns, r) ?? ifc.dev!;
  // udp_tunnel_dst_lookup (vxlan4_get_route in older kernels): a route to the remote VTEP that
  // leaves by the VXLAN device itself is refused ("circular route", -ELOOP) and the frame dropped.
  if (outDev === ifc.name)
    sim.drop(
      nsName,
      ifc.name,
      'encap',
      msg('tunnel.circularRoute', { vtep: entry.dst ?? '', route: r.text, dev: ifc.name }),
      ps.pkt,
      msg('tunnel.circularRouteExplain', { vtep: entry.dst ?? '', route: r.text, dev: ifc.name }),
      { route: { text: r.text, table: r.table, source: r.source, type: r.type } },
    );
  checkTunnelRecursion(sim, nsName, ifc.name, ps.pkt);

  const src = ifc.local ?? selectSource(ns, r, outDev, entry.dst!);
  const outer: Pkt = {
    ip: { src: src ?? '0.0.0.0', dst: entry.dst!, ttl: 64, proto: 'udp', len: (ps.pkt.ip.len ?? 0) + 50, df: false },
    l4: { sport: vxlanSourcePort(ps.pkt), dport: ifc.dstport },
    vni: ifc.vni,
    inner: { ...ps.pkt, mark: 0 },
    mark: ps.pkt.mark,
  };
  sim.emit({
    netns: nsName,
    interface: ifc.name,
    stage: 'encap',
    pkt: outer,
    simplification: msg('tunnel.vxlanSourcePort'),
    explain: msg('tunnel.vxlanEncap', { src: outer.ip.src, dst: outer.ip.dst, sport: outer.l4.sport ?? '', dport: ifc.dstport, vni: ifc.vni, mark: `0x${ps.pkt.mark.toString(16)}` }),
  });
  routeStep(sim, nsName, outDev, outer, r, msg('tunnel.routeOuter', { dst: outer.ip.dst, route: r.text, dev: outDev }), pr);
  const ops: PathState = { pkt: outer };
  runHook(sim, nsName, 'OUTPUT', ops, { out: outDev });
  return output(outDev, r, ops, ifc.name);
}

/** IPIP transmit (net/ipv4/ipip.c, ip_tunnel.c): an outer IPv4 header to the route's gateway. */
export function ipipXmit(sim: Sim, nsName: string, ifc: Extract<Iface, { type: 'ipip' }>, nextHop: string, ps: PathState, output: TunnelOutput): never {
  const ns = sim.ns(nsName);
  const remote = ifc.remote ?? nextHop;
  if (remote === ps.pkt.ip.dst && !ifc.remote) sim.drop(nsName, ifc.name, 'encap', msg('tunnel.ipipNoRemote', { dev: ifc.name }), ps.pkt, msg('tunnel.ipipNoRemoteExplain', { dev: ifc.name }));
  // ip_tunnel_xmit → ip_tunnel_init_flow: the tunnel's own fwmark (0), its local address as source.
  const pr = routeFor(sim, nsName, ifc.name, ps.pkt, remote, { src: ifc.local, iif: 'lo' });
  const r = pr.route;
  if (!r || r.type !== 'unicast') routeFailure(sim, nsName, ifc.name, ps.pkt, r, 'tunnel', pr.rule);
  const outDev = routeDev(ns, r)!;
  // ip_tunnel_xmit: a route to the tunnel's far end through the tunnel itself is a collision.
  if (outDev === ifc.name) sim.drop(nsName, ifc.name, 'encap', msg('tunnel.ipipLoop', { remote, dev: ifc.name }), ps.pkt, msg('tunnel.ipipLoopExplain', { remote, route: r.text, dev: ifc.name }));
  checkTunnelRecursion(sim, nsName, ifc.name, ps.pkt);

  const src = ifc.local ?? selectSource(ns, r, outDev, remote) ?? '0.0.0.0';
  const inner: Pkt = { ...ps.pkt, eth: undefined, mark: 0 };
  sim.emit({ netns: nsName, interface: ifc.name, stage: 'xmit', wire: 'tx', pkt: inner, explain: msg('tunnel.ipipSent', { dev: ifc.name }) });
  // tunl0 is created with zeroed parameters, so its TTL is `inherit` (ip_tunnel_xmit: ttl = inner TTL).
  const outer: Pkt = { ip: { src, dst: remote, ttl: ps.pkt.ip.ttl, proto: 'ipip', len: (ps.pkt.ip.len ?? 0) + 20, df: ps.pkt.ip.df }, l4: {}, inner, mark: ps.pkt.mark };
  sim.emit({ netns: nsName, interface: ifc.name, stage: 'encap', pkt: outer, explain: msg('tunnel.ipipEncap', { dev: ifc.name, src, dst: remote }) });
  routeStep(sim, nsName, outDev, outer, r, msg('tunnel.routeOuter', { dst: remote, route: r.text, dev: outDev }), pr);
  const ops: PathState = { pkt: outer };
  runHook(sim, nsName, 'OUTPUT', ops, { out: outDev });
  return output(outDev, r, ops, ifc.name);
}
