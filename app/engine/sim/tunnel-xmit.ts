/**
 * Tunnel transmit: VXLAN (drivers/net/vxlan: FDB lookup for the remote VTEP, then a locally
 * generated UDP packet) and IPIP (net/ipv4/ipip.c, ip_tunnel.c: an outer IPv4 header to the
 * tunnel's far end). Both route the outer packet, walk OUTPUT, and hand it to the output path.
 */
import { BROADCAST_MAC } from '../addr/mac';
import type { Pkt } from '../packet';
import { fibLookup, routeDev, selectSource } from '../route/fib';
import type { Iface } from '../world';
import type { Sim } from './context';
import type { PathState, TunnelOutput } from './contracts';
import { runHook } from './nf-hook';
import { routeFailure, routeStep } from './route-steps';
import { checkTunnelRecursion, vxlanSourcePort } from './tunnel-checks';


/** VXLAN transmit (drivers/net/vxlan: FDB lookup for the remote VTEP, then a locally generated UDP packet). */
export function vxlanXmit(sim: Sim, nsName: string, ifc: Extract<Iface, { type: 'vxlan' }>, ps: PathState, output: TunnelOutput): never {
  const ns = sim.ns(nsName);
  const dmac = ps.pkt.eth?.dst ?? BROADCAST_MAC;
  const entry = ns.fdb.find((f) => f.dev === ifc.name && f.mac === dmac && f.dst) ?? ns.fdb.find((f) => f.dev === ifc.name && f.mac === '00:00:00:00:00:00' && f.dst);
  if (!entry) sim.drop(nsName, ifc.name, 'fdb', `no FDB entry on ${ifc.name} for ${dmac}`, ps.pkt, `VXLAN device ${ifc.name} has no FDB entry for ${dmac} (and learning is off), so it cannot pick a remote VTEP and drops the frame.`);
  sim.emit({ netns: nsName, interface: ifc.name, stage: 'fdb', wire: 'tx', pkt: ps.pkt, fdb: { text: entry.text, how: 'static', source: entry.source }, explain: `${ifc.name}'s FDB maps ${dmac} to the remote VTEP ${entry.dst} (a capture on ${ifc.name} shows this inner frame).` });
  const r = fibLookup(ns, entry.dst!, ifc.dev);
  if (!r || r.type !== 'unicast') routeFailure(sim, nsName, ifc.name, ps.pkt, r, 'tunnel');
  const outDev = routeDev(ns, r) ?? ifc.dev!;
  // udp_tunnel_dst_lookup (vxlan4_get_route in older kernels): a route to the remote VTEP that
  // leaves by the VXLAN device itself is refused ("circular route", -ELOOP) and the frame dropped.
  if (outDev === ifc.name)
    sim.drop(nsName, ifc.name, 'encap', `circular route: the route to the remote VTEP ${entry.dst} ("${r.text}") leaves by ${ifc.name} itself`, ps.pkt, `The route to the remote VTEP ${entry.dst} ("${r.text}") points back into ${ifc.name}: the VXLAN driver refuses a circular route (ELOOP) and drops the frame.`, { route: { text: r.text, table: r.table, source: r.source, type: r.type } });
  checkTunnelRecursion(sim, nsName, ifc.name, ps.pkt);

  const src = ifc.local ?? selectSource(ns, r, outDev, entry.dst!);
  const outer: Pkt = {
    ip: { src: src ?? '0.0.0.0', dst: entry.dst!, ttl: 64, proto: 'udp', len: (ps.pkt.ip.len ?? 0) + 50, df: false },
    l4: { sport: vxlanSourcePort(ps.pkt), dport: ifc.dstport },
    vni: ifc.vni,
    inner: { ...ps.pkt, mark: 0 },
    mark: ps.pkt.mark,
  };
  sim.emit({ netns: nsName, interface: ifc.name, stage: 'encap', pkt: outer, simplification: 'The outer UDP source port is a stable hash of the inner flow; the kernel uses its own flow hash, so the number differs.', explain: `VXLAN encapsulation: the inner frame is wrapped in outer IP ${outer.ip.src} → ${outer.ip.dst}, UDP ${outer.l4.sport} → ${ifc.dstport}, VNI ${ifc.vni}; the outer packet is generated locally and keeps the skb mark (0x${ps.pkt.mark.toString(16)}).` });
  routeStep(sim, nsName, outDev, outer, r, `Routing the outer packet: ${outer.ip.dst} matches "${r.text}": out of ${outDev}.`);
  const ops: PathState = { pkt: outer };
  runHook(sim, nsName, 'OUTPUT', ops, { out: outDev });
  return output(outDev, r, ops, ifc.name);
}

/** IPIP transmit (net/ipv4/ipip.c, ip_tunnel.c): an outer IPv4 header to the route's gateway. */
export function ipipXmit(sim: Sim, nsName: string, ifc: Extract<Iface, { type: 'ipip' }>, nextHop: string, ps: PathState, output: TunnelOutput): never {
  const ns = sim.ns(nsName);
  const remote = ifc.remote ?? nextHop;
  if (remote === ps.pkt.ip.dst && !ifc.remote)
    sim.drop(nsName, ifc.name, 'encap', `${ifc.name} has no remote and the route has no gateway`, ps.pkt, `${ifc.name} (remote any) needs the route's gateway as the tunnel's far end, and this route has none.`);
  const r = fibLookup(ns, remote);
  if (!r || r.type !== 'unicast') routeFailure(sim, nsName, ifc.name, ps.pkt, r, 'tunnel');
  const outDev = routeDev(ns, r)!;
  // ip_tunnel_xmit: a route to the tunnel's far end through the tunnel itself is a collision.
  if (outDev === ifc.name) sim.drop(nsName, ifc.name, 'encap', `the route to the tunnel end ${remote} points back into ${ifc.name}`, ps.pkt, `The route to the tunnel's far end ${remote} ("${r.text}") leaves by ${ifc.name} itself: ip_tunnel_xmit counts a collision and drops the packet.`);
  checkTunnelRecursion(sim, nsName, ifc.name, ps.pkt);

  const src = ifc.local ?? selectSource(ns, r, outDev, remote) ?? '0.0.0.0';
  const inner: Pkt = { ...ps.pkt, eth: undefined, mark: 0 };
  sim.emit({ netns: nsName, interface: ifc.name, stage: 'xmit', wire: 'tx', pkt: inner, explain: `The packet is sent out of ${ifc.name} (a capture on ${ifc.name} shows it without a link header).` });
  // tunl0 is created with zeroed parameters, so its TTL is `inherit` (ip_tunnel_xmit: ttl = inner TTL).
  const outer: Pkt = { ip: { src, dst: remote, ttl: ps.pkt.ip.ttl, proto: 'ipip', len: (ps.pkt.ip.len ?? 0) + 20, df: ps.pkt.ip.df }, l4: {}, inner, mark: ps.pkt.mark };
  sim.emit({ netns: nsName, interface: ifc.name, stage: 'encap', pkt: outer, explain: `IPIP encapsulation on ${ifc.name}: an outer IPv4 header ${src} → ${remote} (protocol 4) is put in front of the inner packet; no inner Ethernet header.` });
  routeStep(sim, nsName, outDev, outer, r, `Routing the outer packet: ${remote} matches "${r.text}": out of ${outDev}.`);
  const ops: PathState = { pkt: outer };
  runHook(sim, nsName, 'OUTPUT', ops, { out: outDev });
  return output(outDev, r, ops, ifc.name);
}

