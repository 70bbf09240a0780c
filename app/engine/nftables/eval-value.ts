/**
 * Typing nft constants the way nft(8) does: a constant written in a rule or set element has no
 * type of its own; it takes the datatype of the expression on the other side of the relation
 * (`ip daddr` → ipv4_addr, `th dport` → inet_service, `ct state` → ct_state, …; nft(8) DATA
 * TYPES, src/datatype.c in nftables). Addresses are parsed with ipaddr.js; every value becomes
 * a closed interval of unsigned numbers, or for interface names a name or `name*` prefix.
 */
import ipaddr from 'ipaddr.js';
import { msg, type Message } from '../message';
import { NftCannotEvaluate } from './eval-context';
import type { NftExpr } from './types';

/** The datatypes the evaluator knows (nft(8) DATA TYPES, PAYLOAD/META/CT EXPRESSION tables). */
export type NftType =
  | 'ipv4_addr'
  | 'ipv6_addr'
  | 'inet_service'
  | 'inet_proto'
  | 'mark'
  | 'ct_state'
  | 'ct_status'
  | 'fib_addrtype'
  | 'ifname'
  | 'icmp_type'
  | 'icmp_code'
  | 'tcp_flag'
  | 'integer'
  | 'ether_type'
  | 'nf_proto'
  | 'boolean'
  | 'verdict';

/** Bitmask types: an implicit relation with them tests `(x & v) != 0` (nft's evaluate.c; `nft --debug=netlink`). */
export const BITMASK_TYPES: ReadonlySet<NftType> = new Set<NftType>(['ct_state', 'ct_status', 'tcp_flag']);

/** A value as a closed interval: numbers for everything but interface names. */
export type Interval = { readonly lo: number; readonly hi: number } | { readonly name: string; readonly prefix: boolean };

const SYMBOLS: Partial<Record<NftType, Readonly<Record<string, number>>>> = {
  // include/uapi/linux/netfilter/nf_conntrack_common.h: NF_CT_STATE_BIT(ctinfo), NF_CT_STATE_UNTRACKED_BIT
  ct_state: { invalid: 1, established: 2, related: 4, new: 8, untracked: 64 },
  // enum ip_conntrack_status
  ct_status: { expected: 1, 'seen-reply': 2, assured: 4, confirmed: 8, snat: 16, dnat: 32, dying: 512 },
  // enum rtn_type (rtnetlink.h)
  fib_addrtype: { unspec: 0, unicast: 1, local: 2, broadcast: 3, anycast: 4, multicast: 5, blackhole: 6, unreachable: 7, prohibit: 8, throw: 9, nat: 10, xresolve: 11 },
  // /etc/protocols names nft resolves
  inet_proto: { ip: 0, icmp: 1, igmp: 2, ipip: 4, ipencap: 4, tcp: 6, udp: 17, dccp: 33, gre: 47, esp: 50, ah: 51, icmpv6: 58, 'ipv6-icmp': 58, vrrp: 112, sctp: 132, udplite: 136 },
  // /etc/services names kube-proxy, Docker and firewalld write
  inet_service: { ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, bootps: 67, bootpc: 68, http: 80, ntp: 123, https: 443, 'http-alt': 8080 },
  tcp_flag: { fin: 0x01, syn: 0x02, rst: 0x04, psh: 0x08, ack: 0x10, urg: 0x20, ecn: 0x40, cwr: 0x80 },
  icmp_type: {
    'echo-reply': 0,
    'destination-unreachable': 3,
    'source-quench': 4,
    redirect: 5,
    'echo-request': 8,
    'router-advertisement': 9,
    'router-solicitation': 10,
    'time-exceeded': 11,
    'parameter-problem': 12,
    'timestamp-request': 13,
    'timestamp-reply': 14,
    'info-request': 15,
    'info-reply': 16,
    'address-mask-request': 17,
    'address-mask-reply': 18,
  },
  icmp_code: { 'net-unreachable': 0, 'host-unreachable': 1, 'prot-unreachable': 2, 'port-unreachable': 3, 'frag-needed': 4, 'net-prohibited': 9, 'host-prohibited': 10, 'admin-prohibited': 13 },
  ether_type: { ip: 0x0800, arp: 0x0806, ip6: 0x86dd, vlan: 0x8100 },
  nf_proto: { ipv4: 2, ipv6: 10 },
  boolean: { missing: 0, exists: 1, false: 0, true: 1 },
};

/** Strips one pair of surrounding double quotes (`"eth0"` → `eth0`). */
export function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

/** An unsigned decimal or `0x` hex integer, or undefined. */
function integer(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16) >>> 0;
  if (/^[0-9]+$/.test(text)) return Number(text) >>> 0;
  return undefined;
}

/** `a.b.c.d` in plain decimal (no leading zeros), the form isValidFourPartDecimal accepts. */
const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/**
 * A plain-decimal dotted quad as an unsigned 32-bit number without ipaddr.js (which tries every
 * IPv4 notation), or undefined for anything else; the sets of a large node hold thousands.
 */
function dottedQuad(text: string): number | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (!m) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n >>> 0;
}

/** An IPv4 address as an unsigned 32-bit number. */
export function ipv4ToNumber(text: string): number {
  return (
    ipaddr.IPv4.parse(text)
      .toByteArray()
      .reduce((n, b) => n * 256 + b, 0) >>> 0
  );
}

/** The dotted quad of an unsigned 32-bit number. */
export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/**
 * A single constant of `type` as a number (datatype symbol tables, integers in decimal or hex,
 * IPv4 dotted quads). A comma list of bitmask flags (`established,related`) is their OR.
 * @throws NftCannotEvaluate for a constant the type cannot hold (a host name, an IPv6 address).
 */
export function constNumber(text: string, type: NftType): number {
  const t = unquote(text.trim());
  if (BITMASK_TYPES.has(type) && t.includes(',')) return t.split(',').reduce((acc, part) => (acc | constNumber(part, type)) >>> 0, 0);
  if (type === 'ipv4_addr') {
    const quad = dottedQuad(t);
    if (quad !== undefined) return quad;
    if (ipaddr.IPv4.isValidFourPartDecimal(t)) return ipv4ToNumber(t);
    throw new NftCannotEvaluate(msg('nftables.notIpv4Address', { text: t }));
  }
  const table = SYMBOLS[type];
  if (table && Object.hasOwn(table, t.toLowerCase())) return table[t.toLowerCase()];
  const n = integer(t);
  if (n !== undefined) return n;
  throw new NftCannotEvaluate(msg('nftables.notValueOfType', { text: t, type }));
}

/** An interface name constant: `eth*` is a prefix (`\*` a literal star), as nft's ifname type reads it. */
function ifnameInterval(text: string): Interval {
  const t = unquote(text.trim());
  if (t.endsWith('\\*')) return { name: `${t.slice(0, -2)}*`, prefix: false };
  if (t.endsWith('*')) return { name: t.slice(0, -1), prefix: true };
  return { name: t, prefix: false };
}

/** The numeric interval of an IPv4 prefix. */
function prefixInterval(addr: string, len: number): Interval {
  const base = constNumber(addr, 'ipv4_addr');
  if (len <= 0) return { lo: 0, hi: 0xffffffff };
  const mask = len >= 32 ? 0xffffffff : ~((1 << (32 - len)) - 1) >>> 0;
  const lo = (base & mask) >>> 0;
  return { lo, hi: (lo | (~mask >>> 0)) >>> 0 };
}

/**
 * A constant expression (value, prefix or range) typed as `type`, as the interval of values it
 * stands for. A value written `a/len` or `a-b` is read as a prefix or range too.
 * @throws NftCannotEvaluate when the expression is not a constant or does not fit the type.
 */
export function constInterval(e: NftExpr, type: NftType): Interval {
  if (type === 'ifname') {
    if (e.kind === 'value') return ifnameInterval(e.text);
    throw new NftCannotEvaluate(msg('nftables.ifnameCannotBe', { kind: e.kind }));
  }
  switch (e.kind) {
    case 'prefix':
      if (type !== 'ipv4_addr') throw new NftCannotEvaluate(msg('nftables.prefixOfType', { type }));
      return prefixInterval(e.addr, e.len);
    case 'range': {
      const lo = constNumber(valueText(e.from), type);
      const hi = constNumber(valueText(e.to), type);
      return { lo, hi };
    }
    case 'value': {
      const t = unquote(e.text.trim());
      const slash = /^([0-9.]+)\/([0-9]+)$/.exec(t);
      if (slash && type === 'ipv4_addr') return prefixInterval(slash[1], Number(slash[2]));
      const dash = Object.hasOwn(SYMBOLS[type] ?? {}, t.toLowerCase()) ? null : /^([^-\s]+)-([^-\s]+)$/.exec(t);
      if (dash) {
        return { lo: constNumber(dash[1], type), hi: constNumber(dash[2], type) };
      }
      const n = constNumber(t, type);
      return { lo: n, hi: n };
    }
    case 'list': {
      const n = e.items.reduce((acc, item) => (acc | constNumber(valueText(item), type)) >>> 0, 0);
      return { lo: n, hi: n };
    }
    default:
      throw new NftCannotEvaluate(msg('nftables.notConstant', { kind: e.kind }));
  }
}

/** The text of a value expression. */
export function valueText(e: NftExpr): string {
  if (e.kind === 'value') return e.text;
  throw new NftCannotEvaluate(msg('nftables.notConstant', { kind: e.kind }));
}

/** True when `v` lies in `iv` (a number in a numeric interval, a name equal to or starting with an ifname constant). */
export function inInterval(v: number | string, iv: Interval): boolean {
  if ('name' in iv) return typeof v === 'string' && (iv.prefix ? v.startsWith(iv.name) : v === iv.name);
  return typeof v === 'number' && v >= iv.lo && v <= iv.hi;
}

/** The datatype of a set's key field as `type`/`typeof` declares it (`ipv4_addr`, `inet_service`, …). */
export function declaredType(name: string): NftType {
  const known: Record<string, NftType> = {
    ipv4_addr: 'ipv4_addr',
    ipv6_addr: 'ipv6_addr',
    inet_service: 'inet_service',
    inet_proto: 'inet_proto',
    mark: 'mark',
    ct_state: 'ct_state',
    ct_status: 'ct_status',
    ifname: 'ifname',
    icmp_type: 'icmp_type',
    icmp_code: 'icmp_code',
    tcp_flag: 'tcp_flag',
    fib_addrtype: 'fib_addrtype',
    ether_type: 'ether_type',
    nf_proto: 'nf_proto',
    verdict: 'verdict',
  };
  return known[name.trim()] ?? 'integer';
}

/** One field of an evaluated expression; `v` undefined = the engine cannot read it (`why` says so). */
export interface NftValue {
  readonly type: NftType;
  readonly v: number | string | undefined;
  readonly why?: Message;
  /** For bitmask values: the bits whose value the engine knows (default all). */
  readonly known?: number;
}

/** A known number of `type`. */
export const num = (type: NftType, v: number): NftValue => ({ type, v: v >>> 0 });
/** A field the engine cannot read, with the reason. */
export const unknown = (type: NftType, why: Message): NftValue => ({ type, v: undefined, why });
