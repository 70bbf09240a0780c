/**
 * The errors the kernel sends back when it drops a packet and answers (net/ipv4/icmp.c
 * `__icmp_send`, net/ipv4/netfilter/nf_reject_ipv4.c, net/ipv4/tcp_ipv4.c `tcp_v4_send_reset`):
 * which ICMP type and code each cause gives, what the error packet looks like, when the kernel
 * sends none, and which errno the sending application sees when it arrives (`icmp_err_convert`,
 * `tcp_v4_err`, `__udp4_lib_err`).
 */
import { msg, type Message } from '../message';
import type { Pkt } from '../packet';
import type { ErrorAnswer } from '../trace';

/** ICMP types and codes (include/uapi/linux/icmp.h). */
export const ICMP = {
  DEST_UNREACH: 3,
  TIME_EXCEEDED: 11,
  NET_UNREACH: 0,
  HOST_UNREACH: 1,
  PROT_UNREACH: 2,
  PORT_UNREACH: 3,
  FRAG_NEEDED: 4,
  NET_ANO: 9,
  HOST_ANO: 10,
  PKT_FILTERED: 13,
  EXC_TTL: 0,
} as const;

/** An ICMP destination-unreachable answer with `code`. */
export function unreachable(code: number, mtu?: number): ErrorAnswer {
  return mtu === undefined ? { kind: 'icmp', type: ICMP.DEST_UNREACH, code } : { kind: 'icmp', type: ICMP.DEST_UNREACH, code, mtu };
}

/** ICMP time exceeded in transit (TTL expired while forwarding). */
export const TTL_EXCEEDED: ErrorAnswer = { kind: 'icmp', type: ICMP.TIME_EXCEEDED, code: ICMP.EXC_TTL };

/**
 * The answer of `-j REJECT --reject-with <with>` (iptables-extensions(8) REJECT; ipt_REJECT.c):
 * `icmp-port-unreachable` (the default) and the other ICMP names, or `tcp-reset`.
 */
export function rejectAnswer(withName: string): ErrorAnswer {
  const codes: Record<string, number> = {
    'icmp-net-unreachable': ICMP.NET_UNREACH,
    'icmp-host-unreachable': ICMP.HOST_UNREACH,
    'icmp-port-unreachable': ICMP.PORT_UNREACH,
    'icmp-proto-unreachable': ICMP.PROT_UNREACH,
    'icmp-net-prohibited': ICMP.NET_ANO,
    'icmp-host-prohibited': ICMP.HOST_ANO,
    'icmp-admin-prohibited': ICMP.PKT_FILTERED,
  };
  if (withName === 'tcp-reset') return { kind: 'tcp-reset' };
  return unreachable(codes[withName] ?? ICMP.PORT_UNREACH);
}

const UNREACH_NAMES: Record<number, string> = {
  0: 'net unreachable',
  1: 'host unreachable',
  2: 'protocol unreachable',
  3: 'port unreachable',
  4: 'fragmentation needed',
  9: 'network administratively prohibited',
  10: 'host administratively prohibited',
  13: 'communication administratively prohibited',
};

/** The answer in words, as tcpdump names it (`port unreachable`, `time exceeded in-transit`, `TCP RST`). */
export function answerName(a: ErrorAnswer): string {
  if (a.kind === 'tcp-reset') return 'TCP RST';
  if (a.type === ICMP.TIME_EXCEEDED) return 'ICMP time exceeded in-transit';
  const n = UNREACH_NAMES[a.code] ?? `unreachable code ${a.code}`;
  return `ICMP ${n}${a.mtu !== undefined ? ` (MTU ${a.mtu})` : ''}`;
}

/**
 * `icmp_err_convert` (net/ipv4/icmp.c): errno and whether the error is "hard" (fatal) per
 * destination-unreachable code.
 */
const ERR_CONVERT: Record<number, { errno: string; fatal: boolean }> = {
  0: { errno: 'ENETUNREACH', fatal: false },
  1: { errno: 'EHOSTUNREACH', fatal: false },
  2: { errno: 'ENOPROTOOPT', fatal: true },
  3: { errno: 'ECONNREFUSED', fatal: true },
  4: { errno: 'EMSGSIZE', fatal: false },
  9: { errno: 'ENETUNREACH', fatal: true },
  10: { errno: 'EHOSTUNREACH', fatal: true },
  13: { errno: 'EHOSTUNREACH', fatal: true },
};

/** What the sending socket does with an error that reached it. */
export interface SocketVerdict {
  /** The errno its pending or next system call returns; absent when the socket does not report it. */
  readonly errno?: string;
  /** One sentence on what the application sees. */
  readonly explain: Message;
  /** The socket lowered its path MTU and resends (no error reaches the application). */
  readonly pathMtu?: boolean;
}

/**
 * What the application that sent `proto` sees when `a` reaches its socket.
 * TCP in SYN_SENT (`tcp_v4_err`): every ICMP error but "fragmentation needed" aborts connect() with
 * its errno; "fragmentation needed" lowers the path MTU and TCP retransmits smaller; an RST gives
 * ECONNREFUSED (`tcp_reset`). A connected UDP socket without IP_RECVERR (`__udp4_lib_err`, as `nc
 * -u` and resolvers use) reports only hard errors and EMSGSIZE. ping (IP_RECVERR) reports every error.
 */
export function socketVerdict(a: ErrorAnswer, proto: Pkt['ip']['proto'], recverr = false): SocketVerdict {
  if (a.kind === 'tcp-reset') return { errno: 'ECONNREFUSED', explain: msg('icmp.resetRefused') };
  const conv = a.type === ICMP.TIME_EXCEEDED ? { errno: 'EHOSTUNREACH', fatal: false } : (ERR_CONVERT[a.code] ?? { errno: 'EHOSTUNREACH', fatal: false });
  const frag = a.type === ICMP.DEST_UNREACH && a.code === ICMP.FRAG_NEEDED;
  if (proto === 'tcp') {
    if (frag) return { pathMtu: true, explain: msg('icmp.tcpPathMtu', { mtu: String(a.mtu) }) };
    return { errno: conv.errno, explain: msg('icmp.tcpSynSentAborted', { errno: conv.errno }) };
  }
  if (proto === 'udp') {
    if (frag) return { errno: 'EMSGSIZE', explain: msg('icmp.udpPathMtu', { mtu: String(a.mtu) }) };
    if (recverr) return { errno: conv.errno, explain: msg('icmp.udpRecverr', { errno: conv.errno }) };
    if (!conv.fatal) return { explain: msg('icmp.udpSoftIgnored') };
    return { errno: conv.errno, explain: msg('icmp.udpHardError', { errno: conv.errno }) };
  }
  return { errno: conv.errno, explain: msg('icmp.pingReports', { answer: answerName(a).replace(/^ICMP /, ''), errno: conv.errno }) };
}

/** The size an ICMP error quotes: as much of the offending packet as fits in 576 bytes (`icmp_send`). */
const ICMP_ERROR_MAX = 576;

/**
 * Builds the error packet about `offending` (its outermost layer).
 * ICMP (`__icmp_send`): TTL 64, DF clear, the offending IP header and as much of the packet as
 * fits in 576 bytes quoted. TCP RST (`nf_send_reset`, `tcp_v4_send_reset`): from the offending
 * destination and port, RST+ACK to a SYN, DF set.
 * @param src the error's source address ('' for "pick by routing").
 */
export function buildError(offending: Pkt, a: ErrorAnswer, src: string): Pkt {
  if (a.kind === 'tcp-reset')
    return {
      ip: { src: offending.ip.dst, dst: offending.ip.src, ttl: 64, proto: 'tcp', len: 40, df: true },
      l4: { sport: offending.l4.dport, dport: offending.l4.sport, flags: 'RA' },
      mark: 0,
    };
  const quoted = Math.min(offending.ip.len ?? 60, ICMP_ERROR_MAX - 28);
  return {
    ip: { src, dst: offending.ip.src, ttl: 64, proto: 'icmp', len: 28 + quoted, df: false },
    l4: a.mtu === undefined ? { icmpType: a.type, icmpCode: a.code } : { icmpType: a.type, icmpCode: a.code, mtu: a.mtu },
    embedded: { ip: offending.ip, l4: offending.l4, mark: 0 },
    mark: 0,
  };
}

/** True for a multicast or limited-broadcast IPv4 address. */
function isGroupAddress(ip: string): boolean {
  const first = Number(ip.split('.')[0]);
  return ip === '255.255.255.255' || (first >= 224 && first <= 239);
}

/**
 * Why the kernel sends no ICMP error about `offending`, or undefined when it does (`__icmp_send`):
 * never about an ICMP error (only echo and other query messages are answered), never for a packet
 * sent to a broadcast or multicast address (RTCF_BROADCAST/MULTICAST), never from a 0.0.0.0 source.
 * Rate limits (icmp_ratelimit, icmp_msgs_per_sec) start with a full token bucket, so the first
 * error of a flow always passes.
 * @param directedBroadcast the destination is a subnet broadcast address of the netns.
 */
export function noErrorBecause(offending: Pkt, directedBroadcast: boolean): Message | undefined {
  if (offending.ip.proto === 'icmp' && offending.l4.icmpType !== 8 && offending.l4.icmpType !== 0) return msg('icmp.noErrorAboutIcmpError');
  if (isGroupAddress(offending.ip.dst) || directedBroadcast) return msg('icmp.noErrorToGroup', { dst: offending.ip.dst });
  if (offending.ip.src === '0.0.0.0') return msg('icmp.noErrorNoSource');
  return undefined;
}
