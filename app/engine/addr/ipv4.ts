/**
 * IPv4 address math on dotted-quad strings, delegated to ipaddr.js. The engine keeps addresses as
 * strings in its model (JSON-friendly); these helpers convert at the edges.
 */
import ipaddr from 'ipaddr.js';

/** True when `s` is a valid dotted-quad IPv4 address. */
export function isIPv4(s: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(s);
}

/**
 * Parses `a.b.c.d` into an unsigned 32-bit number.
 * @throws Error when `s` is not a dotted-quad IPv4 address.
 */
export function toUint32(s: string): number {
  const bytes = ipaddr.IPv4.parse(s).toByteArray();
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

/** Formats an unsigned 32-bit number as a dotted quad. */
export function fromUint32(n: number): string {
  return ipaddr.fromByteArray([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).toString();
}

/** True when `addr` lies inside `net/len`. */
export function inPrefix(addr: string, net: string, len: number): boolean {
  return ipaddr.IPv4.parse(addr).match(ipaddr.IPv4.parse(net), len);
}

/** True when `addr` lies inside the prefix `cidr` (`a.b.c.d/len`). */
export function inCidr(addr: string, cidr: string): boolean {
  const [net, len] = cidr.split('/');
  return inPrefix(addr, net, Number(len));
}

/** The address `k` places after the first of the prefix `cidr` (`10.244.1.0/24`, 1 → 10.244.1.1). */
export function addressAt(cidr: string, k: number): string {
  return fromUint32((toUint32(cidr.split('/')[0]) + k) >>> 0);
}

/** The network address of `addr/len` (host bits cleared). */
export function networkOf(addr: string, len: number): string {
  return ipaddr.IPv4.networkAddressFromCIDR(`${addr}/${len}`).toString();
}

/** The network of an interface address with its prefix: `10.1.2.3/24` → `10.1.2.0/24`. */
export function networkCidr(cidr: string): string {
  const [addr, len] = cidr.split('/');
  return `${networkOf(addr, Number(len))}/${len}`;
}

/** The broadcast address of `addr/len`. */
export function broadcastOf(addr: string, len: number): string {
  return ipaddr.IPv4.broadcastAddressFromCIDR(`${addr}/${len}`).toString();
}

/**
 * Parses `a.b.c.d[/len]` (len may also be a dotted mask) into address and prefix length.
 * @returns null when malformed.
 */
export function parseCidr(s: string): { addr: string; len: number } | null {
  const [a, l] = s.split('/');
  if (!isIPv4(a)) return null;
  if (l === undefined) return { addr: a, len: 32 };
  if (/^\d{1,2}$/.test(l)) {
    const len = Number(l);
    return len <= 32 ? { addr: a, len } : null;
  }
  if (isIPv4(l)) {
    const len = ipaddr.IPv4.parse(l).prefixLengthFromSubnetMask();
    return len === null ? null : { addr: a, len };
  }
  return null;
}

/** True for 224.0.0.0/4. */
export function isMulticast(addr: string): boolean {
  return inPrefix(addr, '224.0.0.0', 4);
}

/** True for 127.0.0.0/8, the loopback network (ipv4_is_loopback, include/linux/in.h). */
export function isLoopbackAddress(addr: string): boolean {
  return inPrefix(addr, '127.0.0.0', 8);
}

/** True for 255.255.255.255. */
export function isLimitedBroadcast(addr: string): boolean {
  return addr === '255.255.255.255';
}
