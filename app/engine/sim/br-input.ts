/**
 * The bridge (net/bridge/br_input.c, br_forward.c, br_netfilter_hooks.c).
 */
import { BROADCAST_MAC } from '../addr/mac';
import { resolveNeighbour } from '../neigh/arp';
import { routeDev, sysctl } from '../route/fib';
import { policyLookup } from '../route/policy';
import type { Sim } from './context';
import type { PathEnv, PathState } from './contracts';
import { fdbLookup } from './fdb';
import { runHook } from './nf-hook';
import { msg } from '../message';

/**
 * Bridge input on `port` of `bridge` (net/bridge/br_input.c `br_handle_frame_finish`,
 * br_netfilter_hooks.c): FDB learning, br_netfilter's PREROUTING/FORWARD/POSTROUTING for bridged
 * IPv4 frames, bridged DNAT, the hairpin rule, and frames for the bridge's own MAC going up to IP.
 */
export function bridgeInput(sim: Sim, env: PathEnv, nsName: string, bridge: string, port: string, ps: PathState): never {
  const ns = sim.ns(nsName);
  const br = ns.interfaces.find((i) => i.name === bridge);
  if (!br || br.type !== 'bridge') sim.drop(nsName, port, 'fdb', msg('bridge.missing', { bridge }), ps.pkt);
  const smac = ps.pkt.eth?.src;
  if (smac) sim.st(nsName).fdb.set(`${bridge}|${smac}`, port);
  const dmac = ps.pkt.eth?.dst ?? BROADCAST_MAC;
  const brnf = sysctl(ns, 'bridge-nf-call-iptables') === 1;
  let bridgedDnat = false;
  const upToIp = (prerouted: boolean): never => {
    sim.emit({
      netns: nsName,
      interface: bridge,
      stage: 'fdb',
      wire: 'rx',
      pkt: ps.pkt,
      fdb: { text: `${br.mac} dev ${bridge} self permanent`, how: 'local', ports: [] },
      explain: msg('bridge.upToIp', { bridge }),
    });
    return env.ipRcv(sim, env, nsName, bridge, ps, port, prerouted);
  };
  if (brnf) {
    // br_netfilter (br_nf_pre_routing): every IPv4 frame entering a port walks PREROUTING first,
    // with -i the bridge and --physdev-in the port.
    const dstBefore = ps.pkt.ip.dst;
    runHook(sim, nsName, 'PREROUTING', ps, { in: bridge, physIn: port, bridged: true });
    if (dmac === br.mac) {
      // br_nf_pre_routing_finish: ip_route_input with the packet's source and mark, in by the bridge.
      const r = ps.pkt.ip.dst !== dstBefore ? policyLookup(ns, ps.pkt.ip.dst, { src: ps.pkt.ip.src, mark: ps.pkt.mark, iif: bridge }).route : undefined;
      if (!r || r.type !== 'unicast' || routeDev(ns, r) !== bridge) return upToIp(true);
      // br_nf_pre_routing_finish → bridged_dnat: the new destination is on this same bridge, so the
      // frame stays bridged (no routing, no TTL decrement); its destination MAC is resolved here.
      const n = resolveNeighbour(sim, nsName, bridge, r.via ?? ps.pkt.ip.dst, ps.pkt.ip.src);
      if (!n.ok) sim.drop(nsName, bridge, 'neigh', msg('neigh.noReply', { ip: ps.pkt.ip.dst, dev: bridge }), ps.pkt, n.explain);
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
        explain: bridgedDnat
          ? msg('bridge.bridgedDnatSlow', { dst: ps.pkt.ip.dst, mac: n.mac, bridge, arp: n.explain })
          : msg('bridge.bridgedDnat', { dst: ps.pkt.ip.dst, mac: n.mac, arp: n.explain }),
      });
      if (bridgedDnat) ps.pkt = { ...ps.pkt, eth: { src: origSrc, dst: n.mac } };
    }
  } else if (dmac === br.mac) return upToIp(false);
  const out = fdbLookup(sim, nsName, bridge, ps.pkt.eth?.dst ?? BROADCAST_MAC, port);
  // A bridged-DNAT packet that waited for ARP is sent by the bridge device and may leave by its
  // ingress port (found by the kernel harness); any other frame obeys the hairpin rule.
  if (out.port === port && !br.hairpin.includes(port) && !bridgedDnat) sim.drop(nsName, bridge, 'fdb', msg('bridge.hairpinOff', { bridge, port }), ps.pkt, undefined, { fdb: out.fdb });
  // A frame forwarded between ports never reaches the bridge device itself: only a promiscuous
  // bridge (br_handle_frame_finish: local_rcv) passes a copy up, and that copy walks IP input and
  // FORWARD again, so the engine models the bridge as nobody's capture leaves it (not promiscuous).
  sim.emit({ netns: nsName, interface: bridge, stage: 'fdb', pkt: ps.pkt, fdb: out.fdb, explain: bridgedDnat ? msg('bridge.restoresSourceMac', { fdb: out.explain }) : out.explain });
  // Sent back out of its ingress port by the bridge device, the frame is locally originated for
  // the bridge: br_netfilter walks no FORWARD or POSTROUTING for it, unless hairpin mode is on for
  // that port, where it is forwarded as any bridged frame (both measured by the kernel harness:
  // cases/bridged-dnat-same-port.yaml, cases/bridged-dnat-hairpin.yaml).
  const sentByBridge = bridgedDnat && out.port === port && !br.hairpin.includes(port);
  if (brnf && !sentByBridge) {
    runHook(sim, nsName, 'FORWARD', ps, { in: bridge, out: bridge, physIn: port, physOut: out.port, bridged: true });
    runHook(sim, nsName, 'POSTROUTING', ps, { in: bridge, out: bridge, physIn: port, physOut: out.port, bridged: true });
  }
  return env.transmitOnWire(sim, env, nsName, out.port, ps.pkt, msg(brnf ? 'bridge.forwardsBrnf' : 'bridge.forwards', { bridge, port: out.port }));
}
