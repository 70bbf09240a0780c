/**
 * Neighbour output and device transmit (net/core/neighbour.c, net/ipv4/arp.c, net/core/dev.c
 * `dev_queue_xmit`): ARP resolution of the next hop (ICMP host unreachable when it fails), then
 * the device: a veth hand-over, an L2 segment, a bridge's FDB, VXLAN or IPIP encapsulation, or `lo`.
 */
import { BROADCAST_MAC } from '../addr/mac';
import { ifaceOf, wireNeighbours, type Endpoint } from '../bridge/l2';
import { resolveNeighbour } from '../neigh/arp';
import type { Pkt } from '../packet';
import type { LinkHop } from '../trace';
import type { Iface } from '../world';
import type { Sim } from './context';
import type { PathEnv, PathState, TunnelOutput } from './contracts';
import { loopbackRx, stopAtAttached, stopAtOtherDevice } from './dev-rx';
import { errorRefusal } from './error-refusal';
import { fdbLookup, macBehind } from './fdb';
import { ICMP, unreachable } from './icmp-error';
import { ipipXmit, vxlanXmit } from './tunnel-xmit';
import { stopAtUnsupportedChain } from './nf-verdict';
import { msg, type Message } from '../message';

/** Resolves the next hop's MAC (unless the device is NOARP) and transmits. */
export function neighOutput(sim: Sim, env: PathEnv, nsName: string, dev: string, nextHop: string, ps: PathState, inDev?: string): never {
  const ifc = ifaceOf(sim.world, { netns: nsName, ifname: dev });
  if (!ifc) sim.drop(nsName, dev, 'neigh', msg('path.noDevice', { dev }), ps.pkt);
  if (ifc.type === 'loopback') {
    const pkt = { ...ps.pkt, eth: { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00' } };
    sim.emit({
      netns: nsName,
      interface: dev,
      stage: 'xmit',
      wire: 'tx',
      pkt,
      link: { kind: 'loopback', from: { netns: nsName, interface: dev }, to: { netns: nsName, interface: dev } },
      explain: msg('path.sentOutLo', { netns: nsName }),
    });
    return loopbackRx(sim, env, nsName, dev, { pkt, ct: ps.ct });
  }
  if (ifc.type === 'ipip') return ipipXmit(sim, nsName, ifc, nextHop, ps, outputVia(sim, env, nsName));
  if (ifc.type === 'dummy') sim.drop(nsName, dev, 'xmit', msg('path.dummyDevice', { dev }), ps.pkt);
  if (ifc.type === 'other') stopAtOtherDevice(sim, nsName, ifc, ps.pkt);
  stopAtUnsupportedChain(sim, nsName, dev, { kind: 'arp' }, ps.pkt);
  const n = resolveNeighbour(sim, nsName, dev, nextHop, ps.pkt.ip.src);
  if (!n.ok)
    sim.dropAnswering(
      { netns: nsName, inDev, pkt: ps.pkt, ct: ps.ct, local: false, answer: unreachable(ICMP.HOST_UNREACH) },
      dev,
      'neigh',
      msg('neigh.noReply', { ip: nextHop, dev }),
      msg('neigh.noReplyDrop', { arp: n.explain, src: ps.pkt.ip.src }),
      errorRefusal(sim, nsName, ps.pkt),
    );
  const pkt = { ...ps.pkt, eth: { src: ifc.mac!, dst: n.mac } };
  sim.emit({
    netns: nsName,
    interface: dev,
    stage: 'neigh',
    pkt,
    neigh: { text: n.text, how: n.how, source: n.source, answeredBy: n.answeredBy ? { netns: n.answeredBy.netns, interface: n.answeredBy.ifname } : undefined },
    explain: msg('neigh.resolved', { arp: n.explain, src: ifc.mac ?? '', dst: n.mac }),
    simplification: n.how === 'arp' || n.how === 'proxy-arp' ? msg('neigh.arpOneStep') : undefined,
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
      return env.transmitOnWire(sim, env, nsName, out.port, ps.pkt, msg('bridge.sends', { bridge: ifc.name, port: out.port }));
    }
    case 'ethernet':
    case 'veth':
      return env.transmitOnWire(sim, env, nsName, ifc.name, ps.pkt, msg('path.sentOut', { dev: ifc.name }));
    case 'other':
      return stopAtOtherDevice(sim, nsName, ifc, ps.pkt);
    case 'ipip':
    case 'loopback':
    case 'dummy':
      return sim.drop(nsName, ifc.name, 'xmit', msg('path.cannotTransmit', { type: ifc.type, dev: ifc.name }), ps.pkt);
    default: {
      const never: never = ifc;
      return never;
    }
  }
}

/** Puts a frame on the wire of `dev` (a veth or an L2 segment) and receives it at the other end. */
export function transmitOnWire(sim: Sim, env: PathEnv, nsName: string, dev: string, pkt: Pkt, explain: Message): never {
  const ifc = ifaceOf(sim.world, { netns: nsName, ifname: dev });
  if (!ifc) sim.drop(nsName, dev, 'xmit', msg('path.noDevice', { dev }), pkt);
  if (ifc.attached?.egress) stopAtAttached(sim, nsName, ifc, 'egress', pkt);
  stopAtUnsupportedChain(sim, nsName, dev, { kind: 'egress', dev }, pkt);
  let to: Endpoint | undefined;
  let link: LinkHop;
  if (ifc.type === 'veth') {
    to = wireNeighbours(sim.world, { netns: nsName, ifname: dev })[0];
    if (!to) sim.drop(nsName, dev, 'xmit', msg('path.vethNoPeer', { dev }), pkt);
    link = { kind: 'veth', from: { netns: nsName, interface: dev }, to: { netns: to.netns, interface: to.ifname } };
  } else if (ifc.type === 'ethernet') {
    const dmac = pkt.eth?.dst ?? BROADCAST_MAC;
    const members = wireNeighbours(sim.world, { netns: nsName, ifname: dev });
    to = members.find((m) => ifaceOf(sim.world, m)?.mac === dmac) ?? members.find((m) => macBehind(sim, m, dmac) && ifaceOf(sim.world, m)?.master);
    if (!to) sim.drop(nsName, dev, 'xmit', msg('path.noStationOnSegment', { segment: ifc.segment, mac: dmac }), pkt, msg('path.segmentFloodNoOwner', { segment: ifc.segment, mac: dmac }));
    link = { kind: 'segment', segment: ifc.segment, from: { netns: nsName, interface: dev }, to: { netns: to.netns, interface: to.ifname } };
  } else {
    return sim.drop(nsName, dev, 'xmit', msg('path.cannotPutOnWire', { type: ifc.type, dev }), pkt);
  }
  sim.emit({
    netns: nsName,
    interface: dev,
    stage: 'xmit',
    wire: 'tx',
    pkt,
    link,
    explain:
      link.kind === 'veth'
        ? msg('path.crossesVeth', { sent: explain, to: `${to.netns}/${to.ifname}` })
        : msg('path.crossesSegment', { sent: explain, segment: ifc.type === 'ethernet' ? ifc.segment : '', to: `${to.netns}/${to.ifname}` }),
  });
  return env.netifRx(sim, env, to.netns, to.ifname, pkt);
}

/** The output path after a tunnel built its outer packet: POSTROUTING, neighbour, transmit. */
function outputVia(sim: Sim, env: PathEnv, nsName: string): TunnelOutput {
  return (outDev, r, ops, inDev) => env.postRouting(sim, env, nsName, outDev, r, ops, inDev);
}
