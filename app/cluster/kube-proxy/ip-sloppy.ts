/**
 * IPv4 addresses and prefixes as kube-proxy reads them from Kubernetes objects:
 * `k8s.io/utils/net` ParseIPSloppy / ParseCIDRSloppy, Go 1.16's `net.ParseIP` kept for
 * compatibility, where a field with leading zeros is still decimal (`172.30.0.041` is
 * 172.30.0.41, not octal) — the peer suite's TestBadIPs case. Written here because address
 * libraries (ipaddr.js included) read leading zeros as octal or refuse them.
 */
import { networkOf } from '../../engine/addr/ipv4';

/** Go's `dtoi`: the decimal number at the start of `s` and how many digits it took, or undefined. */
function decimal(s: string, from: number): { value: number; end: number } | undefined {
  let n = 0;
  let i = from;
  for (; i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= 0xffffff) return undefined;
  }
  return i === from ? undefined : { value: n, end: i };
}

/**
 * Parses a dotted-quad IPv4 address the sloppy way (each field decimal, leading zeros allowed).
 * @returns the canonical form (`10.180.0.1`), or undefined when `s` is not an IPv4 address.
 */
export function parseIPv4Sloppy(s: string): string | undefined {
  const fields: number[] = [];
  let at = 0;
  for (let i = 0; i < 4; i++) {
    if (i > 0) {
      if (s[at] !== '.') return undefined;
      at++;
    }
    const d = decimal(s, at);
    if (!d || d.value > 255) return undefined;
    fields.push(d.value);
    at = d.end;
  }
  return at === s.length ? fields.join('.') : undefined;
}

/**
 * Parses `a.b.c.d/len` the sloppy way; the address is masked to its network, as Go's
 * `IPNet.String()` prints it (`203.0.113.000/025` → `203.0.113.0/25`).
 * @returns the canonical prefix, or undefined when `s` is not an IPv4 prefix.
 */
export function parseCidrSloppy(s: string): string | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = parseIPv4Sloppy(s.slice(0, slash));
  const len = decimal(s, slash + 1);
  if (!addr || !len || len.end !== s.length || len.value > 32) return undefined;
  return `${networkOf(addr, len.value)}/${len.value}`;
}
