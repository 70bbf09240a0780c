/**
 * The answer a local socket sends to a delivered request: TCP SYN → SYN-ACK (tcp_v4_send_synack),
 * SCTP INIT → INIT-ACK, ICMP echo request → echo reply (icmp_echo), UDP → a datagram back.
 */
import { msg, type Message, type MessageKey } from '../message';
import { endpoints, type Pkt } from '../packet';
import type { Netns } from '../world';

/** The reply packet and the sentence that introduces it. */
export interface ReplyPlan {
  readonly pkt: Pkt;
  readonly explain: Message;
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
  const what: MessageKey = proto === 'tcp' ? 'nat.replySynAck' : proto === 'sctp' ? 'nat.replyInitAck' : proto === 'icmp' ? 'nat.replyEchoReply' : 'nat.replyUdp';
  const to = endpoints(pkt).split(' → ')[1];
  const params = { netns: ns.name, what: msg(what), to, dst: req.ip.dst };
  return { pkt, explain: msg(byRoute ? 'nat.replyAnswersByRoute' : 'nat.replyAnswers', params) };
}
