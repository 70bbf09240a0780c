/**
 * Words for what the kernel sends back about a dropped packet and for what the sending application
 * then sees: the ICMP type/code by name (RFC 792, RFC 1812 §5.2.7.1, include/uapi/linux/icmp.h),
 * TCP RST, and an errno with the C library's `strerror` text (errno(3), as `perror` prints it with
 * LANG=C). Pure data and formatting of the Trace; the engine decides which errno applies
 * (`icmp_err_convert` in net/ipv4/icmp.c, `tcp_reset`).
 */
import { en } from '../../i18n/en';
import type { ErrorAnswer, Outcome } from '../../engine';

/** Names of ICMP errors, by the translation key under `icmp` (en.ts). */
export type IcmpNameKey =
  | 'netUnreachable'
  | 'hostUnreachable'
  | 'protocolUnreachable'
  | 'portUnreachable'
  | 'fragNeeded'
  | 'sourceRouteFailed'
  | 'netProhibited'
  | 'hostProhibited'
  | 'adminProhibited'
  | 'ttlExceeded'
  | 'reassemblyExceeded'
  | 'other';

/** Destination-unreachable (type 3) codes by number (`ICMP_NET_UNREACH` 0 … `ICMP_PKT_FILTERED` 13). */
const UNREACH: Readonly<Record<number, IcmpNameKey>> = {
  0: 'netUnreachable',
  1: 'hostUnreachable',
  2: 'protocolUnreachable',
  3: 'portUnreachable',
  4: 'fragNeeded',
  5: 'sourceRouteFailed',
  6: 'netUnreachable',
  7: 'hostUnreachable',
  9: 'netProhibited',
  10: 'hostProhibited',
  11: 'netUnreachable',
  12: 'hostUnreachable',
  13: 'adminProhibited',
};

/** An answer in words: the translation key of its name and the numbers that go with it. */
export type AnswerWords = { readonly kind: 'icmp'; readonly name: IcmpNameKey; readonly type: number; readonly code: number; readonly mtu?: number } | { readonly kind: 'tcp-reset' };

/**
 * Names an ICMP error by type and code: type 3 (destination unreachable) by code, type 11 (time
 * exceeded) code 0 TTL expired in transit, code 1 fragment reassembly time exceeded.
 */
export function icmpName(type: number, code: number): IcmpNameKey {
  if (type === 3) return UNREACH[code] ?? 'other';
  if (type === 11) return code === 1 ? 'reassemblyExceeded' : 'ttlExceeded';
  return 'other';
}

/** The words for an answer (`--reject-with`, an unreachable route, TTL expiry, frag needed, RST). */
export function answerWords(a: ErrorAnswer): AnswerWords {
  if (a.kind === 'tcp-reset') return a;
  return { kind: 'icmp', name: icmpName(a.type, a.code), type: a.type, code: a.code, mtu: a.mtu };
}

/**
 * The error packet's own answer, read from its headers when the drop step is not at hand: an
 * ICMP error (`l4.icmpType` 3 or 11) or a TCP segment with RST.
 */
export function answerOfPacket(p: Outcome['packet']): ErrorAnswer | null {
  if (p.ip.proto === 'icmp' && (p.l4.icmpType === 3 || p.l4.icmpType === 11)) return { kind: 'icmp', type: p.l4.icmpType, code: p.l4.icmpCode ?? 0 };
  if (p.ip.proto === 'tcp' && p.l4.flags?.includes('R')) return { kind: 'tcp-reset' };
  return null;
}

/** `strerror(3)` in the C locale, for the errnos a socket gets from the network (errno(3)). */
export const STRERROR: Readonly<Record<string, string>> = {
  EPERM: 'Operation not permitted',
  EACCES: 'Permission denied',
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  EHOSTUNREACH: 'No route to host',
  EHOSTDOWN: 'Host is down',
  ENETUNREACH: 'Network is unreachable',
  EMSGSIZE: 'Message too long',
  ETIMEDOUT: 'Connection timed out',
  ENOPROTOOPT: 'Protocol not available',
  EOPNOTSUPP: 'Operation not supported',
  ENONET: 'Machine is not on the network',
};

/** The strerror text of an errno name, or undefined for one not in the table. */
export function strerror(errno: string): string | undefined {
  return Object.hasOwn(STRERROR, errno) ? STRERROR[errno] : undefined;
}

/** E.g. `ICMP port unreachable (type 3 code 3)`, `ICMP fragmentation needed (MTU 1450) (type 3 code 4)`, `TCP RST`. */
export function describeAnswer(a: ErrorAnswer): string {
  const w = answerWords(a);
  if (w.kind === 'tcp-reset') return 'TCP RST';
  // The English interface strings are the CLI's words too (the UI translates the same keys).
  const name = w.name === 'fragNeeded' ? (w.mtu !== undefined ? en.icmp.fragNeeded.replace('{{mtu}}', String(w.mtu)) : en.icmp.fragNeededNoMtu) : en.icmp[w.name];
  return `ICMP ${name} (type ${w.type} code ${w.code})`;
}

/** E.g. `ECONNREFUSED ("Connection refused")`, or the bare name for an errno not in the table. */
export function describeErrno(errno: string): string {
  const text = strerror(errno);
  return text ? `${errno} ("${text}")` : errno;
}
