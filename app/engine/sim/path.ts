/**
 * The per-netns packet path (linux-packet-path.md §1, §4–8): receive on a device, bridge input,
 * IP input with PREROUTING and the routing decision, local delivery through INPUT (including
 * VXLAN and IPIP decapsulation), forwarding through FORWARD, local output through OUTPUT with
 * re-routing after DNAT, POSTROUTING, neighbour resolution and transmission on the device
 * (veth hand-over, L2 segment, bridge, VXLAN and IPIP encapsulation, loopback).
 */
import { BROADCAST_MAC, isGroupMac } from '../addr/mac';
import { ifaceOf, wireNeighbours, type Endpoint } from '../bridge/l2';
import { resolveNeighbour, reversePathOk } from '../neigh/arp';
import { describe, type Pkt } from '../packet';
import { fibLookup, isLocalAddress, routeDev, selectSource, sysctl } from '../route/fib';
import type { LinkHop } from '../trace';
import type { Iface, Route } from '../world';
import type { Sim } from './context';
import { fdbLookup, macBehind } from './fdb';
import { runHook, type PathState } from './hooks';
import { checkMtu } from './mtu';
import { routeFailure, routeStep } from './route-steps';
import { ICMP, TTL_EXCEEDED, unreachable } from './icmp-error';
import { errorRefusal } from './error-refusal';
import { ipipXmit, vxlanXmit, type TunnelOutput } from './tunnel-xmit';
import type { CtRef } from '../conntrack/conntrack';

/** Called when a packet reaches a local socket that is not a tunnel endpoint. */
export type DeliverFn = (sim: Sim, nsName: string, dev: string, ps: PathState) => never;

/** Behaviour the path needs from the flow driver. */
export interface PathEnv {
  readonly deliver: DeliverFn;
}

/**
 * A frame arrives on device `dev` of netns `nsName` (after a veth, segment or decapsulation).
 * Clears what crossing a netns clears (mark, conntrack reference: skb_scrub_packet).
 */
export function netifRx(sim: Sim, env: PathEnv, nsName: string, dev: string, pkt: Pkt, keepMeta = false): never {
  sim.visit(nsName, dev, pkt);
  const p = keepMeta ? pkt : { ...pkt, mark: 0 };
  const ifc = ifaceOf(sim.world, { netns: nsName, ifname: dev });
  if (!ifc) sim.drop(nsName, dev, 'recv', `no interface ${dev}`, p);
  sim.emit({ netns: nsName, interface: dev, stage: 'recv', wire: 'rx', pkt: p, explain: `The ${describe(p)} frame arrives on ${dev}${ifc.master ? `, a port of bridge ${ifc.master}` : ''}.` });
  if (ifc.master) return bridgeInput(sim, env, nsName, ifc.master, dev, { pkt: p });
  const dmac = p.eth?.dst;
  if (dmac && ifc.mac && dmac !== ifc.mac && !isGroupMac(dmac))
    sim.drop(nsName, dev, 'recv', `frame for ${dmac} is not addressed to ${dev} (${ifc.mac})`, p, `The destination MAC ${dmac} is not ${dev}'s own (${ifc.mac}): the frame is discarded (PACKET_OTHERHOST).`);
  return ipRcv(sim, env, nsName, dev, { pkt: p });
}

/** Bridge input on `port` of `bridge` (br_input.c `br_handle_frame_finish`, br_netfilter). */
function bridgeInput(sim: Sim, env: PathEnv, nsName: string, bridge: string, port: string, ps: PathState): never {
  const ns = sim.ns(nsName);
  const br = ns.interfaces.find((i) => i.name === bridge);
  if (!br || br.type !== 'bridge') sim.drop(nsName, port, 'fdb', `bridge ${bridge} missing`, ps.pkt);
  const smac = ps.pkt.eth?.src;
  if (smac) sim.st(nsName).fdb.set(`${bridge}|${smac}`, port);
  const dmac = ps.pkt.eth?.dst ?? BROADCAST_MAC;
  const brnf = sysctl(ns, 'bridge-nf-call-iptables') === 1;
  let bridgedDnat = false;
  const upToIp = (prerouted: boolean): never => {
    sim.emit({ netns: nsName, interface: bridge, stage: 'fdb', wire: 'rx', pkt: ps.pkt, fdb: { text: `${br.mac} dev ${bridge} self permanent`, how: 'local', ports: [] }, explain: `The frame is addressed to bridge ${bridge}'s own MAC, so the bridge passes it up to IP as received on ${bridge}.` });
    return ipRcv(sim, env, nsName, bridge, ps, port, prerouted);
  };
  if (brnf) {
    // br_netfilter (br_nf_pre_routing): every IPv4 frame entering a port walks PREROUTING first,
    // with -i the bridge and --physdev-in the port.
    const dstBefore = ps.pkt.ip.dst;
    runHook(sim, nsName, 'PREROUTING', ps, { in: bridge, physIn: port, bridged: true });
    if (dmac === br.mac) {
      const r = ps.pkt.ip.dst !== dstBefore ? fibLookup(ns, ps.pkt.ip.dst) : undefined;
      if (!r || r.type !== 'unicast' || routeDev(ns, r) !== bridge) return upToIp(true);
      // br_nf_pre_routing_finish → bridged_dnat: the new destination is on this same bridge, so the
      // frame stays bridged (no routing, no TTL decrement); its destination MAC is resolved here.
      const n = resolveNeighbour(sim, nsName, bridge, r.via ?? ps.pkt.ip.dst, ps.pkt.ip.src);
      if (!n.ok) sim.drop(nsName, bridge, 'neigh', `no ARP reply for ${ps.pkt.ip.dst} on ${bridge}`, ps.pkt, n.explain);
      // br_nf_pre_routing_finish_bridge: only a connected neighbour with a cached hardware header
      // takes the fast path, where the hairpin rule applies; otherwise (just resolved, or STALE
      // because learned from the sender's own ARP request) the bridge device sends the packet and
      // it may leave by the port it came in on (measured by the kernel harness).
      bridgedDnat = !n.connected;
      // The slow path's neighbour output writes a whole Ethernet header from the bridge device
      // (tcpdump on the bridge shows its MAC as source); br_netfilter restores the saved source
      // MAC before the frame is forwarded.
      const origSrc = ps.pkt.eth?.src ?? '';
      ps.pkt = { ...ps.pkt, eth: { src: bridgedDnat ? br.mac! : origSrc, dst: n.mac } };
      sim.emit({
        netns: nsName,
        interface: bridge,
        stage: 'neigh',
        // The slow path's neighbour output transmits on the bridge device: a capture there sees it.
        wire: bridgedDnat ? 'tx' : undefined,
        pkt: ps.pkt,
        neigh: { text: n.text, how: n.how, source: n.source, answeredBy: n.answeredBy ? { netns: n.answeredBy.netns, interface: n.answeredBy.ifname } : undefined },
        explain: `br_netfilter: the DNAT sent the frame to ${ps.pkt.ip.dst}, which is on this same bridge, so it stays bridged (bridged DNAT: no routing, TTL unchanged); destination MAC → ${n.mac}${bridgedDnat ? ` — the neighbour entry has no cached header yet, so ${bridge}'s own neighbour output builds the header and the bridge device sends the frame` : ''}. ${n.explain}`,
      });
      if (bridgedDnat) ps.pkt = { ...ps.pkt, eth: { src: origSrc, dst: n.mac } };
    }
  } else if (dmac === br.mac) return upToIp(false);
  const out = fdbLookup(sim, nsName, bridge, ps.pkt.eth?.dst ?? BROADCAST_MAC, port);
  // A bridged-DNAT packet that waited for ARP is sent by the bridge device and may leave by its
  // ingress port (found by the kernel harness); any other frame obeys the hairpin rule.
  if (out.port === port && !br.hairpin.includes(port) && !bridgedDnat)
    sim.drop(nsName, bridge, 'fdb', `the frame would leave ${bridge} by the port it came in on (${port}) and hairpin mode is off`, ps.pkt, undefined, { fdb: out.fdb });
  // tcpdump on the bridge device puts it in promiscuous mode, and a promiscuous bridge passes a
  // copy of every frame it forwards up to itself (br_handle_frame_finish: local_rcv): the capture sees it.
  sim.emit({ netns: nsName, interface: bridge, stage: 'fdb', wire: bridgedDnat ? undefined : 'rx', pkt: ps.pkt, fdb: out.fdb, explain: bridgedDnat ? `${out.explain} br_netfilter restores the frame's original source MAC.` : out.explain });
  // Sent back out of its ingress port by the bridge device, the frame is locally originated for
  // the bridge: br_netfilter walks no FORWARD or POSTROUTING for it (measured by the kernel harness).
  if (brnf && !(bridgedDnat && out.port === port)) {
    runHook(sim, nsName, 'FORWARD', ps, { in: bridge, out: bridge, physIn: port, physOut: out.port, bridged: true });
    runHook(sim, nsName, 'POSTROUTING', ps, { in: bridge, out: bridge, physIn: port, physOut: out.port, bridged: true });
  }
  return transmitOnWire(sim, env, nsName, out.port, ps.pkt, `Bridge ${bridge} forwards the frame out of port ${out.port}${brnf ? ' (br_netfilter walked iptables for this bridged frame)' : ''}.`);
}

/** IP input (ip_rcv → PREROUTING → ip_route_input → local or forward). */
function ipRcv(sim: Sim, env: PathEnv, nsName: string, dev: string, ps: PathState, physIn?: string, prerouted = false): never {
  const ns = sim.ns(nsName);
  if (physIn && sysctl(ns, 'bridge-nf-call-iptables') === 1) ps.physIn = physIn;
  if (!prerouted) runHook(sim, nsName, 'PREROUTING', ps, { in: dev, physIn });
  const pkt = ps.pkt;
  const r = fibLookup(ns, pkt.ip.dst);
  if (!r || (r.type !== 'unicast' && r.type !== 'local' && r.type !== 'broadcast'))
    routeFailure(sim, nsName, dev, pkt, r, { dev, ct: ps.ct, forwarding: sysctl(ns, 'forwarding', dev) === 1 });
  // rp_filter (fib_validate_source): strict needs the reverse route to use the ingress device.
  // Looped-back local traffic keeps the route it was sent with: no input lookup, no source check.
  const looped = ifaceOf(sim.world, { netns: nsName, ifname: dev })?.type === 'loopback';
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
    runHook(sim, nsName, 'INPUT', ps, { in: dev });
    return localDeliver(sim, env, nsName, dev, ps);
  }
  const outDev = routeDev(ns, r);
  routeStep(sim, nsName, dev, pkt, r, `Routing: ${pkt.ip.dst} matches "${r.text}" in the ${r.table} table: forward out of ${outDev}${r.via ? ` via ${r.via}` : ''}.`);
  if (!sysctl(ns, 'forwarding', dev))
    sim.drop(nsName, dev, 'forward', `forwarding is off on ${dev} (net.ipv4.ip_forward=0)`, pkt, `The packet is not for this host and forwarding is disabled (ip_forward=0), so it is dropped silently.`);
  if (pkt.ip.ttl <= 1)
    sim.dropAnswering(
      { netns: nsName, inDev: dev, pkt, ct: ps.ct, local: false, answer: TTL_EXCEEDED },
      dev,
      'forward',
      `TTL expired (TTL ${pkt.ip.ttl})`,
      `TTL ${pkt.ip.ttl} cannot be decremented: ip_forward drops the packet and sends ICMP time exceeded back to ${pkt.ip.src} (this is how traceroute finds each hop).`,
      errorRefusal(sim, nsName, pkt),
    );
  checkMtu(sim, nsName, dev, outDev!, pkt, true, ps.ct);
  ps.pkt = { ...pkt, ip: { ...pkt.ip, ttl: pkt.ip.ttl - 1 } };
  ps.forwarded = true;
  sim.emit({ netns: nsName, interface: dev, stage: 'forward', pkt: ps.pkt, explain: `ip_forward: TTL ${pkt.ip.ttl} → ${pkt.ip.ttl - 1}, then the FORWARD hook.` });
  runHook(sim, nsName, 'FORWARD', ps, { in: dev, out: outDev });
  return postRouting(sim, env, nsName, outDev!, r, ps, dev);
}

/** POSTROUTING, then neighbour resolution and transmit (ip_output → ip_finish_output2). */
function postRouting(sim: Sim, env: PathEnv, nsName: string, outDev: string, r: Route, ps: PathState, inDev?: string): never {
  const nextHop = r.via ?? ps.pkt.ip.dst;
  runHook(sim, nsName, 'POSTROUTING', ps, { in: inDev, out: outDev, nextHop });
  if (!ps.forwarded) checkMtu(sim, nsName, undefined, outDev, ps.pkt, false);
  return neighOutput(sim, env, nsName, outDev, nextHop, ps, inDev);
}

/** Resolves the next hop's MAC (unless the device is NOARP) and transmits. */
function neighOutput(sim: Sim, env: PathEnv, nsName: string, dev: string, nextHop: string, ps: PathState, inDev?: string): never {
  const ifc = ifaceOf(sim.world, { netns: nsName, ifname: dev });
  if (!ifc) sim.drop(nsName, dev, 'neigh', `no device ${dev}`, ps.pkt);
  if (ifc.type === 'loopback') {
    const pkt = { ...ps.pkt, eth: { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00' } };
    sim.emit({ netns: nsName, interface: dev, stage: 'xmit', wire: 'tx', pkt, link: { kind: 'loopback', from: { netns: nsName, interface: dev }, to: { netns: nsName, interface: dev } }, explain: `Sent out of lo: the packet loops back into ${nsName} itself.` });
    return loopbackRx(sim, env, nsName, dev, { pkt, ct: ps.ct });
  }
  if (ifc.type === 'ipip') return ipipXmit(sim, nsName, ifc, nextHop, ps, outputVia(sim, env, nsName));
  if (ifc.type === 'dummy') sim.drop(nsName, dev, 'xmit', `${dev} is a dummy device and transmits nothing`, ps.pkt);
  const n = resolveNeighbour(sim, nsName, dev, nextHop, ps.pkt.ip.src);
  if (!n.ok)
    sim.dropAnswering(
      { netns: nsName, inDev, pkt: ps.pkt, ct: ps.ct, local: false, answer: unreachable(ICMP.HOST_UNREACH) },
      dev,
      'neigh',
      `no ARP reply for ${nextHop} on ${dev}`,
      `${n.explain}; after its ARP retries (about 3 s) the kernel drops the packet and sends ICMP host unreachable to ${ps.pkt.ip.src} (ipv4_link_failure).`,
      errorRefusal(sim, nsName, ps.pkt),
    );
  const pkt = { ...ps.pkt, eth: { src: ifc.mac!, dst: n.mac } };
  sim.emit({
    netns: nsName,
    interface: dev,
    stage: 'neigh',
    pkt,
    neigh: { text: n.text, how: n.how, source: n.source, answeredBy: n.answeredBy ? { netns: n.answeredBy.netns, interface: n.answeredBy.ifname } : undefined },
    explain: `${n.explain} Ethernet header: ${ifc.mac} → ${n.mac}.`,
    simplification: n.how === 'arp' || n.how === 'proxy-arp' ? 'The ARP request and its reply are shown as one step; the kernel queues the packet until the reply arrives (and delays proxy answers by proxy_delay).' : undefined,
  });
  return devXmit(sim, env, nsName, ifc, { pkt, ct: ps.ct });
}

/** Hands a frame to the device (dev_queue_xmit). */
function devXmit(sim: Sim, env: PathEnv, nsName: string, ifc: Iface, ps: PathState): never {
  switch (ifc.type) {
    case 'vxlan':
      return vxlanXmit(sim, nsName, ifc, ps, outputVia(sim, env, nsName));
    case 'bridge': {
      const out = fdbLookup(sim, nsName, ifc.name, ps.pkt.eth?.dst ?? BROADCAST_MAC, undefined);
      sim.emit({ netns: nsName, interface: ifc.name, stage: 'fdb', wire: 'tx', pkt: ps.pkt, fdb: out.fdb, explain: out.explain });
      return transmitOnWire(sim, env, nsName, out.port, ps.pkt, `Bridge ${ifc.name} sends the frame out of port ${out.port}.`);
    }
    case 'ethernet':
    case 'veth':
      return transmitOnWire(sim, env, nsName, ifc.name, ps.pkt, `Sent out of ${ifc.name}.`);
    case 'ipip':
    case 'loopback':
    case 'dummy':
      return sim.drop(nsName, ifc.name, 'xmit', `cannot transmit a frame on ${ifc.type} device ${ifc.name}`, ps.pkt);
    default: {
      const never: never = ifc;
      return never;
    }
  }
}

/** Puts a frame on the wire of `dev` (a veth or an L2 segment) and receives it at the other end. */
export function transmitOnWire(sim: Sim, env: PathEnv, nsName: string, dev: string, pkt: Pkt, explain: string): never {
  const ifc = ifaceOf(sim.world, { netns: nsName, ifname: dev });
  if (!ifc) sim.drop(nsName, dev, 'xmit', `no device ${dev}`, pkt);
  let to: Endpoint | undefined;
  let link: LinkHop;
  if (ifc.type === 'veth') {
    to = wireNeighbours(sim.world, { netns: nsName, ifname: dev })[0];
    if (!to) sim.drop(nsName, dev, 'xmit', `veth ${dev} has no peer`, pkt);
    link = { kind: 'veth', from: { netns: nsName, interface: dev }, to: { netns: to.netns, interface: to.ifname } };
  } else if (ifc.type === 'ethernet') {
    const dmac = pkt.eth?.dst ?? BROADCAST_MAC;
    const members = wireNeighbours(sim.world, { netns: nsName, ifname: dev });
    to = members.find((m) => ifaceOf(sim.world, m)?.mac === dmac) ?? members.find((m) => macBehind(sim, m, dmac) && ifaceOf(sim.world, m)?.master);
    if (!to) sim.drop(nsName, dev, 'xmit', `no station on segment ${ifc.segment} has MAC ${dmac}`, pkt, `The switch of segment ${ifc.segment} floods the frame for ${dmac}, but no station on it owns that MAC.`);
    link = { kind: 'segment', segment: ifc.segment, from: { netns: nsName, interface: dev }, to: { netns: to.netns, interface: to.ifname } };
  } else {
    return sim.drop(nsName, dev, 'xmit', `cannot put a frame on the wire of ${ifc.type} device ${dev}`, pkt);
  }
  sim.emit({ netns: nsName, interface: dev, stage: 'xmit', wire: 'tx', pkt, link, explain: `${explain} The frame crosses ${link.kind === 'veth' ? `the veth pair to ${to.netns}/${to.ifname}` : `segment ${ifc.type === 'ethernet' ? ifc.segment : ''} to ${to.netns}/${to.ifname}`}.` });
  return netifRx(sim, env, to.netns, to.ifname, pkt);
}

/** Loopback: the packet re-enters the same netns on `lo` keeping its conntrack entry. */
function loopbackRx(sim: Sim, env: PathEnv, nsName: string, dev: string, ps: PathState): never {
  sim.visit(nsName, dev, ps.pkt);
  sim.emit({ netns: nsName, interface: dev, stage: 'recv', wire: 'rx', pkt: ps.pkt, explain: `The packet arrives back on lo; conntrack already tracks it${ps.ct ? '' : ' (or does not track it)'}. A capture on lo shows it once.` });
  return ipRcv(sim, env, nsName, dev, ps);
}

/** Local delivery after INPUT: a tunnel endpoint decapsulates, otherwise a socket receives it. */
function localDeliver(sim: Sim, env: PathEnv, nsName: string, dev: string, ps: PathState): never {
  const ns = sim.ns(nsName);
  const p = ps.pkt;
  if (p.ip.proto === 'udp' && p.inner) {
    const vx = ns.interfaces.find((i) => i.type === 'vxlan' && i.dstport === p.l4.dport && i.vni === p.vni && (!i.local || i.local === p.ip.dst));
    if (vx && vx.type === 'vxlan') {
      const inner = { ...p.inner, mark: p.mark };
      sim.emit({ netns: nsName, interface: vx.name, stage: 'decap', pkt: inner, explain: `The UDP socket of VXLAN device ${vx.name} (port ${vx.dstport}, VNI ${vx.vni}) strips the outer Ethernet/IP/UDP/VXLAN headers; the inner frame is received on ${vx.name}.` });
      return netifRx(sim, env, nsName, vx.name, inner, true);
    }
    sim.drop(nsName, dev, 'deliver', `no VXLAN device listens on UDP ${p.l4.dport} with VNI ${p.vni}`, p);
  }
  if (p.ip.proto === 'ipip' && p.inner) {
    const tun = ns.interfaces.find((i) => i.type === 'ipip' && (!i.local || i.local === p.ip.dst) && (!i.remote || i.remote === p.ip.src));
    if (!tun) sim.drop(nsName, dev, 'deliver', 'no IPIP tunnel device accepts this packet (protocol 4 unreachable)', p);
    const inner = { ...p.inner, mark: p.mark };
    sim.emit({ netns: nsName, interface: tun.name, stage: 'decap', wire: 'rx', pkt: inner, explain: `The IPIP handler strips the outer IPv4 header (protocol 4, ${p.ip.src} → ${p.ip.dst}); the inner packet is received on ${tun.name}.` });
    sim.visit(nsName, tun.name, inner);
    return ipRcv(sim, env, nsName, tun.name, { pkt: inner });
  }
  return env.deliver(sim, nsName, dev, ps);
}

/** The output path after a tunnel built its outer packet: POSTROUTING, neighbour, transmit. */
function outputVia(sim: Sim, env: PathEnv, nsName: string): TunnelOutput {
  return (outDev, r, ops, inDev) => postRouting(sim, env, nsName, outDev, r, ops, inDev);
}

/**
 * Local output of a packet created by a socket in `nsName` (ip_queue_xmit / ip_send_skb):
 * routing decision and source selection, OUTPUT, re-route after a DNAT, POSTROUTING, transmit.
 */
export function localOut(sim: Sim, env: PathEnv, nsName: string, pkt: Pkt, explain: string, ct?: CtRef): never {
  const ns = sim.ns(nsName);
  const r = fibLookup(ns, pkt.ip.dst);
  const sendStep = (p: Pkt) => sim.emit({ netns: nsName, stage: 'send', pkt: p, explain });
  if (!r || (r.type !== 'unicast' && r.type !== 'local' && r.type !== 'broadcast')) {
    sendStep(pkt);
    routeFailure(sim, nsName, undefined, pkt, r, 'local');
  }
  const dev = r.type === 'local' ? 'lo' : routeDev(ns, r);
  const src = pkt.ip.src || selectSource(ns, r, dev, pkt.ip.dst) || '0.0.0.0';
  const p0: Pkt = { ...pkt, ip: { ...pkt.ip, src } };
  sendStep(p0);
  routeStep(sim, nsName, dev, p0, r, r.type === 'local' ? `Routing: ${p0.ip.dst} is local ("${r.text}"), so the packet goes out through lo.` : `Routing: ${p0.ip.dst} matches "${r.text}": out of ${dev}${r.via ? ` via ${r.via}` : ''}, source ${src}.`);
  const ps: PathState = { pkt: p0, ct };
  runHook(sim, nsName, 'OUTPUT', ps, { out: dev });
  let route = r;
  let outDev = dev!;
  if (ps.pkt.ip.dst !== p0.ip.dst || ps.pkt.mark !== p0.mark) {
    // ip_route_me_harder: the destination (or mark) changed in OUTPUT, route again.
    const r2 = fibLookup(ns, ps.pkt.ip.dst);
    if (!r2 || (r2.type !== 'unicast' && r2.type !== 'local')) routeFailure(sim, nsName, undefined, ps.pkt, r2, 'local');
    route = r2;
    outDev = r2.type === 'local' ? 'lo' : routeDev(ns, r2)!;
    routeStep(sim, nsName, outDev, ps.pkt, r2, `Re-routing after OUTPUT changed the packet: ${ps.pkt.ip.dst} matches "${r2.text}": out of ${outDev}.`);
  }
  return postRouting(sim, env, nsName, outDev, route, ps);
}

