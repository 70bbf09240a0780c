/**
 * The `error` direction: the packet the kernel sends back about a dropped request (an ICMP error
 * from `__icmp_send`, or a TCP RST), from the netns that dropped it to the request's source, and
 * what the sending socket makes of it when it arrives.
 */
import { formatEntry } from '../conntrack/conntrack';
import { msg, type Message } from '../message';
import { describe, endpoints, type Pkt } from '../packet';
import { sysctl } from '../route/fib';
import { inPrefix } from '../addr/ipv4';
import { Finished, type ErrorSource, type Sim } from './context';
import type { PathEnv, PathState } from './contracts';
import { answerName, buildError, socketVerdict } from './icmp-error';

/**
 * The error's source address and the rule that chose it (`__icmp_send`): the offending packet's
 * destination when it was addressed to this host (RTCF_LOCAL); with
 * `net.ipv4.icmp_errors_use_inbound_ifaddr=1`, an address of the device it arrived on
 * (`inet_select_addr`, preferring one on the sender's subnet); otherwise none, so the route back
 * to the sender picks its preferred source.
 */
export function errorSource(sim: Sim, err: ErrorSource): { src: string; rule: Message } {
  if (err.answer.kind === 'tcp-reset') return { src: err.pkt.ip.dst, rule: msg('icmp.sourceOfReset') };
  if (err.local) return { src: err.pkt.ip.dst, rule: msg('icmp.sourceLocal', { addr: err.pkt.ip.dst }) };
  const ns = sim.ns(err.netns);
  if (err.inDev && sysctl(ns, 'net.ipv4.icmp_errors_use_inbound_ifaddr') === 1) {
    const ifc = ns.interfaces.find((i) => i.name === err.inDev);
    const a = ifc?.addresses.find((x) => inPrefix(err.pkt.ip.src, x.ip, x.prefixLen)) ?? ifc?.addresses[0];
    if (a) return { src: a.ip, rule: msg('icmp.sourceInboundIfaddr', { addr: a.ip, dev: err.inDev }) };
  }
  return { src: '', rule: msg('icmp.sourceByRoute') };
}

/** Sends the error about the dropped request and follows it back (the error direction). */
export function sendError(sim: Sim, env: PathEnv, err: ErrorSource): never {
  const { src, rule } = errorSource(sim, err);
  const pkt = buildError(err.pkt, err.answer, src);
  if (err.answer.kind === 'tcp-reset' && err.physIn && err.pkt.eth) return resetOnBridgePort(sim, env, err, pkt);
  // icmp_glue_bits / nf_send_reset attach the offending packet's conntrack entry to the error,
  // in the opposite direction (nf_conntrack_attach: IP_CT_RELATED_REPLY for an original packet).
  const ct = err.ct ? { entry: err.ct.entry, dir: err.ct.dir === 'original' ? ('reply' as const) : ('original' as const), related: true } : undefined;
  const base = { netns: err.netns, answer: answerName(err.answer), dst: err.pkt.ip.src, packet: describe(err.pkt), rule };
  const quoting = err.answer.kind === 'tcp-reset' ? undefined : endpoints(err.pkt);
  const explain =
    quoting === undefined
      ? ct
        ? msg('icmp.errorSentRelated', { ...base, entry: formatEntry(ct.entry) })
        : msg('icmp.errorSent', base)
      : ct
        ? msg('icmp.errorSentQuotingRelated', { ...base, quoted: quoting, entry: formatEntry(ct.entry) })
        : msg('icmp.errorSentQuoting', { ...base, quoted: quoting });
  return env.localOut(sim, env, err.netns, pkt, explain, ct);
}

/**
 * The error reaches a local socket in `nsName` (icmp_rcv → the protocol's err handler, or
 * tcp_v4_rcv for an RST): it is for the flow's socket when it arrives in the netns that sent the
 * request and quotes (or, for an RST, answers) exactly the request as it was sent.
 * @param sent the request as its socket sent it; `from` the netns of that socket.
 */
export function deliverError(sim: Sim, nsName: string, dev: string, ps: PathState, sent: Pkt, from: string, recverr = false): never {
  const p = ps.pkt;
  const q = p.embedded;
  const ports = (a: Pkt, b: Pkt) => (a.ip.proto === 'icmp' ? a.l4.icmpId === b.l4.icmpId : a.l4.sport === b.l4.sport && a.l4.dport === b.l4.dport);
  const matches = q
    ? q.ip.src === sent.ip.src && q.ip.dst === sent.ip.dst && q.ip.proto === sent.ip.proto && ports(q, sent)
    : p.ip.src === sent.ip.dst && p.ip.dst === sent.ip.src && p.l4.sport === sent.l4.dport && p.l4.dport === sent.l4.sport;
  const answer = sim.pendingError?.answer;
  if (nsName !== from || !matches || !answer) {
    const why =
      nsName !== from
        ? msg('icmp.deliveredElsewhere', { netns: nsName, from })
        : q
          ? msg('icmp.quoteMismatch', { quoted: endpoints(q), sent: endpoints(sent) })
          : msg('icmp.resetMismatch', { from: endpoints(p).split(' → ')[0], to: endpoints(sent).split(' → ')[1] });
    sim.drop(nsName, dev, 'deliver', why, p, msg('icmp.errorUnmatched', { netns: nsName, why }));
  }
  const v = socketVerdict(answer, sent.ip.proto, recverr);
  const step = sim.emit({ netns: nsName, interface: dev, stage: 'deliver', pkt: p, explain: msg('icmp.errorDelivered', { packet: describe(p), netns: nsName, verdict: v.explain }) });
  throw new Finished({
    result: 'delivered',
    netns: nsName,
    interface: dev,
    packet: step.packet,
    step: step.index,
    ...(v.errno ? { errno: v.errno } : {}),
    ...(v.pathMtu ? { effect: 'path-mtu' as const } : {}),
  });
}

/**
 * nf_send_reset for a packet that entered a bridge port under br_netfilter (nf_reject_ipv4.c,
 * `nf_reject_skb`/br path): the RST gets the offending frame's MAC addresses swapped and is queued
 * straight on that port — no routing, no OUTPUT or POSTROUTING, nothing on the bridge device
 * (measured by the kernel harness on 6.18).
 */
function resetOnBridgePort(sim: Sim, env: PathEnv, err: ErrorSource, rst: Pkt): never {
  const eth = err.pkt.eth!;
  const pkt: Pkt = { ...rst, eth: { src: eth.dst, dst: eth.src } };
  sim.emit({
    netns: err.netns,
    interface: err.physIn,
    stage: 'send',
    pkt,
    explain: msg('icmp.resetOnBridgePort', { netns: err.netns, packet: describe(err.pkt), src: rst.ip.src, sport: String(rst.l4.sport), port: err.physIn! }),
  });
  return env.transmitOnWire(sim, env, err.netns, err.physIn!, pkt, msg('icmp.resetLeaves', { port: err.physIn! }));
}
