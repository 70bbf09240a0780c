/**
 * The answer a local socket sends to a delivered request: TCP SYN → SYN-ACK (tcp_v4_send_synack),
 * SCTP INIT → INIT-ACK, ICMP echo request → echo reply (icmp_echo), UDP → a datagram back.
 */
import { endpoints, type Pkt } from '../packet';
import type { Netns } from '../world';

/** The reply packet and the sentence that introduces it. */
export interface ReplyPlan {
  readonly pkt: Pkt;
  readonly explain: string;
}

/**
 * Builds the reply of netns `ns` to `req` (as delivered). Its source is the request's destination,
 * except for a UDP listener with `replyFrom: route` (an unconnected socket bound to 0.0.0.0): the
 * source is left empty so that the route toward the client chooses it (`ip_route_output`,
 * `inet_select_addr`), which for a request DNATed in this netns is not the address conntrack
 * expects, so the reply is not un-NATed (udp(7), ip(7) IP_PKTINFO).
 */
export function planReply(ns: Netns, req: Pkt): ReplyPlan {
  const proto = req.ip.proto;
  const listener = ns.listeners?.find((l) => l.protocol === proto && l.port === req.l4.dport);
  const byRoute = proto === 'udp' && listener?.replyFrom === 'route';
  const pkt: Pkt = {
    ip: { src: byRoute ? '' : req.ip.dst, dst: req.ip.src, ttl: 64, proto, len: proto === 'tcp' ? 60 : req.ip.len, df: true },
    l4:
      proto === 'tcp'
        ? { sport: req.l4.dport, dport: req.l4.sport, flags: 'SA' }
        : proto === 'sctp'
          ? { sport: req.l4.dport, dport: req.l4.sport, flags: 'INIT-ACK' }
          : proto === 'udp'
            ? { sport: req.l4.dport, dport: req.l4.sport }
            : { icmpType: 0, icmpCode: 0, icmpId: req.l4.icmpId },
    mark: 0,
  };
  const what = proto === 'tcp' ? 'a SYN-ACK' : proto === 'sctp' ? 'an SCTP INIT-ACK' : proto === 'icmp' ? 'an ICMP echo reply' : 'a UDP response';
  const to = endpoints(pkt).split(' → ')[1];
  const explain = byRoute
    ? `${ns.name} answers with ${what} to ${to}. The server's socket is bound to 0.0.0.0 and does not use the request's destination ${req.ip.dst} (reply-from: route), so the kernel picks the source by routing toward the client.`
    : `${ns.name} answers with ${what} to ${to} (from ${req.ip.dst}, the address the request was sent to).`;
  return { pkt, explain };
}
