/**
 * Neighbour resolution (net/ipv4/arp.c `arp_solicit`, `arp_process`, `arp_fwd_proxy`;
 * linux-packet-path.md §5): static entries, entries learned earlier in the flow, then an ARP
 * broadcast answered by the owner of the address (arp_ignore=0: any of its addresses) or by proxy
 * ARP (proxy_arp=1, forwarding on, and the target's route leaving by another device). Bridges on
 * the way learn the MACs they see.
 */
import { inPrefix } from '../addr/ipv4';
import { ifaceOf, l2Domain, type Endpoint } from '../bridge/l2';
import { firstGlobalAddress, isLocalAddress, routeDev, sysctl } from '../route/fib';
import { policyLookup } from '../route/policy';
import type { Sim } from '../sim/context';
import type { Netns, Route } from '../world';
import { own } from '../own';
import { msg, type Message } from '../message';
import type { LearnedNeigh } from '../sim/context';

/** Records a learned neighbour entry. */
function learn(sim: Sim, nsName: string, key: string, entry: LearnedNeigh): void {
  sim.st(nsName).neigh.set(key, entry);
}

/** How a next hop's MAC was found. */
export type NeighResult =
  | {
      readonly ok: true;
      readonly mac: string;
      readonly how: 'static' | 'cached' | 'arp' | 'proxy-arp';
      readonly text: string;
      readonly source?: import('../source').SourceRef;
      readonly answeredBy?: Endpoint;
      readonly explain: Message;
      /**
       * True when the entry is in a connected state (REACHABLE, DELAY, PROBE) with a cached
       * hardware header, which br_netfilter's bridged DNAT needs for its fast path.
       */
      readonly connected: boolean;
    }
  | { readonly ok: false; readonly explain: Message };

/**
 * Resolves `ip` on device `dev` of netns `nsName`, recording what the kernel learns on the way.
 * @param pktSrc the source address of the packet that needs the resolution (`arp_solicit` uses it
 *   as the ARP sender address when it is local).
 */
export function resolveNeighbour(sim: Sim, nsName: string, dev: string, ip: string, pktSrc: string): NeighResult {
  const ns = sim.ns(nsName);
  const st = sim.st(nsName);
  const stat = ns.neighbors.find((n) => n.dev === dev && n.ip === ip && n.lladdr);
  if (stat)
    return {
      ok: true,
      mac: stat.lladdr!,
      how: 'static',
      connected: ['REACHABLE', 'DELAY', 'PROBE'].includes(stat.state),
      text: stat.text,
      source: stat.source,
      explain: msg('neigh.static', { state: stat.state, ip, dev, mac: stat.lladdr! }),
    };
  const cached = st.neigh.get(`${dev}|${ip}`);
  if (cached)
    return {
      ok: true,
      mac: cached.mac,
      how: 'cached',
      connected: cached.state === 'REACHABLE',
      text: `${ip} dev ${dev} lladdr ${cached.mac} ${cached.state}`,
      explain: msg('neigh.cached', { ip, how: cached.how }),
    };

  const me = ifaceOf(sim.world, { netns: nsName, ifname: dev });
  if (!me?.mac) return { ok: false, explain: msg('neigh.cannotArp', { dev }) };
  const sender = arpSender(ns, dev, ip, pktSrc);
  const domain = l2Domain(sim.world, { netns: nsName, ifname: dev });
  // Every bridge that floods the request learns the sender's MAC on the port it came in by.
  for (const r of domain) for (const h of r.path) if (h.inPort && !sim.st(h.netns).fdb.has(`${h.bridge}|${me.mac}`)) sim.st(h.netns).fdb.set(`${h.bridge}|${me.mac}`, h.inPort);
  for (const r of domain) {
    const peerNs = own(sim.world.netns, r.at.netns);
    const peerIf = ifaceOf(sim.world, r.at);
    if (!peerNs || !peerIf?.mac) continue;
    const owner = answersAsOwner(peerNs, r.at.ifname, ip);
    const proxy = !owner && answersAsProxy(peerNs, r.at.ifname, ip);
    if (!owner && !proxy) continue;
    // arp_process validates the sender like a received packet (fib_validate_source): under
    // rp_filter a request whose sender is not routed back out of this device gets no answer.
    if (sender && !reversePathOk(peerNs, r.at.ifname, sender, ip)) return { ok: false, explain: msg('neigh.rpFilterRefuses', { ip, sender, netns: r.at.netns, dev: r.at.ifname }) };
    // The answer travels back: bridges learn the answering MAC on the port towards it.
    for (const h of r.path) if (h.outPort) sim.st(h.netns).fdb.set(`${h.bridge}|${peerIf.mac}`, h.outPort);
    if (sender) learn(sim, r.at.netns, `${r.at.ifname}|${sender}`, { mac: me.mac, how: msg('neigh.howLearnedFromRequest', { netns: nsName }), state: 'STALE' });
    const from = `${r.at.netns}/${r.at.ifname}`;
    learn(sim, nsName, `${dev}|${ip}`, { mac: peerIf.mac, how: msg(owner ? 'neigh.howArpReply' : 'neigh.howProxyArpReply', { from }), state: 'REACHABLE' });
    const text = `${ip} dev ${dev} lladdr ${peerIf.mac} REACHABLE`;
    const asked = { ip, sender: sender ?? '0.0.0.0', mac: peerIf.mac };
    const answer = r.path.length
      ? msg('neigh.ownerAnswersThrough', { ...asked, netns: r.at.netns, dev: r.at.ifname, bridges: r.path.map((h) => `${h.netns}/${h.bridge}`).join(', ') })
      : msg('neigh.ownerAnswers', { ...asked, netns: r.at.netns, dev: r.at.ifname });
    return owner
      ? { ok: true, mac: peerIf.mac, how: 'arp', connected: false, text, answeredBy: r.at, explain: answer }
      : { ok: true, mac: peerIf.mac, how: 'proxy-arp', connected: false, text, answeredBy: r.at, explain: msg('neigh.proxyAnswers', { ...asked, proxy: from }) };
  }
  return { ok: false, explain: msg('neigh.noAnswer', { ip, sender: sender ?? '0.0.0.0', dev }) };
}

/** The ARP sender address (`arp_solicit`): the packet's source when it is local, else an address of the device. */
function arpSender(ns: Netns, dev: string, target: string, pktSrc: string): string | undefined {
  if (pktSrc && isLocalAddress(ns, pktSrc)) return pktSrc;
  const ifc = ns.interfaces.find((i) => i.name === dev);
  const inSubnet = ifc?.addresses.find((a) => inPrefix(target, a.ip, a.prefixLen));
  if (inSubnet) return inSubnet.ip;
  if (ifc?.addresses.length) return ifc.addresses[0].ip;
  return firstGlobalAddress(ns.interfaces);
}

/**
 * The route back to `src` that rp_filter checks (fib_validate_source: destination the packet's
 * source, source its destination, input device `lo`, mark 0 as src_valid_mark is not modelled).
 */
export function reverseRoute(ns: Netns, src: string, dst: string | undefined): Route | undefined {
  return policyLookup(ns, src, { src: dst, iif: 'lo' }).route;
}

/** The reverse-path check of rp_filter for a sender address received on `dev` (sent to `dst`). */
export function reversePathOk(ns: Netns, dev: string, src: string, dst?: string): boolean {
  const rp = sysctl(ns, 'rp_filter', dev);
  if (!rp) return true;
  const back = reverseRoute(ns, src, dst);
  return !!back && back.type === 'unicast' && (rp === 2 || routeDev(ns, back) === dev);
}

function answersAsOwner(ns: Netns, dev: string, ip: string): boolean {
  const onDev = ns.interfaces.find((i) => i.name === dev)?.addresses.some((a) => a.ip === ip) ?? false;
  if (onDev) return true;
  // arp_ignore=0: answer for any local address configured on any interface.
  return sysctl(ns, 'arp_ignore', dev) === 0 && isLocalAddress(ns, ip) && !ip.startsWith('127.');
}

function answersAsProxy(ns: Netns, dev: string, ip: string): boolean {
  if (!sysctl(ns, 'proxy_arp', dev) || !sysctl(ns, 'forwarding', dev)) return false;
  // arp_process: ip_route_input_noref(skb, tip, sip, 0, dev).
  const r = policyLookup(ns, ip, { iif: dev }).route;
  if (!r || r.type !== 'unicast') return false;
  return routeDev(ns, r) !== dev;
}
