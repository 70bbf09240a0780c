/**
 * Set membership as `-m set --match-set NAME dir[,dir…]` asks it: the kernel's `ip_set_test`
 * (net/netfilter/ipset/ip_set_core.c) over the set types' `kadt` functions
 * (ip_set_hash_ip.c, ip_set_hash_ipport.c, ip_set_hash_ipportip.c, ip_set_hash_ipportnet.c,
 * ip_set_hash_net.c, ip_set_bitmap_port.c) and ip_set_getport.c for the port dimension.
 *
 * Measured on kernel 6.18 (iptables-nft 1.8.9, ipset 7.17) with OUTPUT counters in a netns:
 * fewer directions than the set has dimensions never match (`hash:ip,port` with `dst`); extra
 * directions are ignored (`hash:ip` with `dst,src`); the port dimension carries the protocol
 * (`udp:53` does not match TCP to 53); ICMP's "port" is its type/code whatever the direction;
 * bitmap:port matches TCP and UDP only; a `nomatch` hash:net element fails the lookup and
 * `--return-nomatch` turns that into a match.
 */
import ipaddr from 'ipaddr.js';
import type { IpsetElement, IpsetPart, IpsetSet } from './types';

/** `src` or `dst`, one per dimension (xt_set's IPSET_DIM_*_SRC flags). */
export type IpsetDir = 'src' | 'dst';

/** The header fields a lookup reads. `proto` is the IP protocol number. */
export interface IpsetPacket {
  readonly src: string;
  readonly dst: string;
  readonly proto: number;
  readonly sport?: number;
  readonly dport?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
}

/** True when `addr` lies in `cidr` (ipaddr.js prefix match). */
function inCidr(addr: string, cidr: { readonly addr: string; readonly len: number }): boolean {
  return ipaddr.IPv4.parse(addr).match(ipaddr.IPv4.parse(cidr.addr), cidr.len);
}

/** Protocols whose port get_port reads from the L4 header (ip_set_proto_with_ports). */
const WITH_PORTS = new Set([6, 17, 132, 136]);
const ENOTEMPTY = -39;

/** The port-dimension key of `pkt` (ip_set_getport.c get_port): `[proto, port]`. */
function portKey(pkt: IpsetPacket, dir: IpsetDir): [number, number] {
  if (WITH_PORTS.has(pkt.proto)) return [pkt.proto, (dir === 'src' ? pkt.sport : pkt.dport) ?? 0];
  if (pkt.proto === 1) return [1, ((pkt.icmpType ?? 0) << 8) | (pkt.icmpCode ?? 0)];
  return [pkt.proto, 0];
}

/** How well `part` matches the packet's value for its dimension: -1 no, else the prefix length (32 for exact). */
function partScore(part: IpsetPart, pkt: IpsetPacket, dir: IpsetDir): number {
  const addr = dir === 'src' ? pkt.src : pkt.dst;
  switch (part.kind) {
    case 'ip':
      return part.addr === addr ? 32 : -1;
    case 'net':
      return inCidr(addr, part.cidr) ? part.cidr.len : -1;
    case 'port': {
      const [proto, port] = portKey(pkt, dir);
      return proto === part.proto && port === part.port ? 32 : -1;
    }
    case 'port-range': {
      const port = dir === 'src' ? pkt.sport : pkt.dport;
      return port !== undefined && port >= part.from && port <= part.to ? 32 : -1;
    }
  }
}

/**
 * The element a lookup finds: every dimension must match; among several (hash:net types) the most
 * specific prefix wins, as the hash types try their stored prefix lengths from longest to shortest.
 */
export function findElement(set: IpsetSet, pkt: IpsetPacket, dirs: readonly IpsetDir[]): IpsetElement | undefined {
  let best: IpsetElement | undefined;
  let bestScore = -1;
  for (const e of set.elements) {
    let score = 0;
    for (let i = 0; i < e.parts.length && score >= 0; i++) {
      const s = partScore(e.parts[i], pkt, dirs[i]);
      score = s < 0 ? -1 : score + s;
    }
    if (score > bestScore) {
      best = e;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Decides `-m set --match-set set.name dirs` for `pkt` (without the rule's `!`).
 * @param returnNomatch `--return-nomatch` (IPSET_FLAG_RETURN_NOMATCH), for sets with a net dimension.
 * @returns true when ip_set_test would return a positive value.
 */
export function ipSetTest(set: IpsetSet, pkt: IpsetPacket, dirs: readonly IpsetDir[], returnNomatch = false): boolean {
  // ip_set_test: opt->dim < set->type->dimension, or another family, is a plain "no".
  if (dirs.length < set.dims.length || set.family !== 'inet') return false;
  // bitmap:port uses ip_set_get_ip_port, which accepts TCP and UDP only.
  if (set.type === 'bitmap:port' && pkt.proto !== 6 && pkt.proto !== 17) return false;
  const e = findElement(set, pkt, dirs);
  let ret = !e ? 0 : e.nomatch ? ENOTEMPTY : 1;
  // --return-nomatch: IPSET_TYPE_NOMATCH types (those with a net dimension) invert the answer.
  if (returnNomatch && set.dims.includes('net') && (ret > 0 || ret === ENOTEMPTY)) ret = -ret;
  return ret > 0;
}
