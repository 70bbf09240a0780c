/**
 * Value syntax shared by iptables options: unsigned numbers, IPv4 addresses and prefixes, ports
 * and port ranges, interface names. Follows iptables(8) ("PARAMETERS") and the xtables helpers
 * (`libxtables/xtables.c`: `xtables_strtoui`, `xtables_ipparse_any`, `xtables_parse_interface`).
 * Every parser returns a value or a plain-sentence error; none throws.
 */
import ipaddr from 'ipaddr.js';
import type { Cidr, PortRange } from '../../../engine/netfilter/types';
import { RuleError } from './common';
import type { Token } from './tokenize';

/** A parsed value or an error sentence. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Unwraps a parsed value. @throws RuleError at `tok` with the parse error's sentence. */
export function must<T>(p: Parsed<T>, tok: Token): T {
  if (!p.ok) throw new RuleError(tok.col, p.message);
  return p.value;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/**
 * Parses an unsigned integer the way `strtoul(s, NULL, 0)` does for iptables: `0x` hex, a leading
 * `0` octal, otherwise decimal; the whole text must be consumed and the value be at most `max`.
 */
export function parseUint(text: string, max: number): Parsed<number> {
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) v = parseInt(text.slice(2), 16);
  else if (/^0[0-7]+$/.test(text)) v = parseInt(text.slice(1), 8);
  else if (/^(0|[1-9][0-9]*)$/.test(text)) v = parseInt(text, 10);
  else return fail(`"${text}" is not a number (decimal, 0x hex or 0 octal)`);
  if (!Number.isSafeInteger(v) || v > max) return fail(`${text} is out of range (at most ${max})`);
  return ok(v);
}

/** Parses a decimal integer in [min, max] (iptables-save always prints these in decimal). */
export function parseDecimal(text: string, min: number, max: number): Parsed<number> {
  if (!/^[0-9]+$/.test(text)) return fail(`"${text}" is not a decimal number`);
  const v = parseInt(text, 10);
  if (v < min || v > max) return fail(`${text} is out of range (${min}–${max})`);
  return ok(v);
}

/**
 * The canonical dotted quad `text` is, or undefined. A fast path for the form dumps print (a node's
 * dump holds hundreds of thousands of addresses): exactly what ipaddr.js's isValidFourPartDecimal
 * accepts, four decimal numbers of at most 255 without leading zeros, and then its
 * parse().toString() is `text` itself (tested against ipaddr.js). Read a character at a time: a
 * regular expression's captures would allocate five strings per address.
 */
export function canonicalQuad(text: string): string | undefined {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : DOT;
    if (c === DOT) {
      if (digits === 0 || value > 255 || ++parts > 4) return undefined;
      digits = 0;
      value = 0;
    } else if (c >= ZERO && c <= ZERO + 9) {
      // No leading zero: "0" alone, never "01"; at most three digits.
      if ((digits === 1 && value === 0) || ++digits > 3) return undefined;
      value = value * 10 + (c - ZERO);
    } else return undefined;
  }
  return parts === 4 ? text : undefined;
}

const DOT = 0x2e;
const ZERO = 0x30;

/** Parses a dotted-quad IPv4 address (no host names: the simulator resolves nothing). */
export function parseIPv4(text: string): Parsed<string> {
  const quad = canonicalQuad(text);
  if (quad !== undefined) return ok(quad);
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) {
    if (/[a-zA-Z]/.test(text) && !text.includes(':')) return fail(`"${text}" is not an IPv4 address (host names are not resolved; write the address)`);
    return fail(`"${text}" is not an IPv4 address`);
  }
  return ok(ipaddr.IPv4.parse(text).toString());
}

/**
 * Parses `-s`/`-d` values: `a.b.c.d`, `a.b.c.d/len` or `a.b.c.d/m.m.m.m` (contiguous masks only).
 * The address is masked to its network, as iptables stores and prints it (`10.1.2.3/8` →
 * `10.0.0.0/8`). Comma lists (which iptables expands into several rules) are refused.
 */
export function parseCidr(text: string): Parsed<Cidr> {
  if (text.includes(',')) return fail(`"${text}": address lists are expanded into one rule per address by iptables; write one rule per address`);
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const addr = parseIPv4(addrText);
  if (!addr.ok) return addr;
  let len = 32;
  // `/32` (a host, most of a kube-proxy dump) without a second look.
  if (slash >= 0 && !(slash === text.length - 3 && text.endsWith('/32'))) {
    const maskText = text.slice(slash + 1);
    if (/^[0-9]+$/.test(maskText)) {
      const l = parseDecimal(maskText, 0, 32);
      if (!l.ok) return fail(`prefix length ${maskText} is out of range (0–32)`);
      len = l.value;
    } else if (ipaddr.IPv4.isValidFourPartDecimal(maskText)) {
      const l = ipaddr.IPv4.parse(maskText).prefixLengthFromSubnetMask();
      if (l === null) return fail(`mask ${maskText} is not contiguous (the simulator only models prefix masks)`);
      len = l;
    } else {
      return fail(`"${maskText}" is neither a prefix length nor a dotted mask`);
    }
  }
  // A host address (/32, most of a kube-proxy dump) is its own network: no second parse.
  const net = len === 32 ? addr.value : ipaddr.IPv4.networkAddressFromCIDR(`${addr.value}/${len}`).toString();
  return ok({ addr: net, len });
}

/** Parses one port number 0–65535 (service names are not looked up). */
export function parsePort(text: string): Parsed<number> {
  if (!/^[0-9]+$/.test(text)) return fail(`"${text}" is not a port number${/^[a-z]/i.test(text) ? ' (service names are not looked up; write the number)' : ''}`);
  const v = parseInt(text, 10);
  if (v > 65535) return fail(`port ${text} is out of range (0–65535)`);
  return ok(v);
}

/**
 * Parses `port` or `from:to` (`:to` = `0:to`, `from:` = `from:65535`), as libxt_tcp's
 * `parse_tcp_ports` does; `from > to` is refused.
 */
export function parsePortRange(text: string): Parsed<PortRange> {
  const i = text.indexOf(':');
  if (i < 0) {
    const p = parsePort(text);
    return p.ok ? ok({ from: p.value, to: p.value }) : p;
  }
  const a = text.slice(0, i);
  const b = text.slice(i + 1);
  const from = a === '' ? ok(0) : parsePort(a);
  if (!from.ok) return from;
  const to = b === '' ? ok(65535) : parsePort(b);
  if (!to.ok) return to;
  if (from.value > to.value) return fail(`invalid port range ${text} (min > max)`);
  return ok({ from: from.value, to: to.value });
}

/**
 * Validates an interface name for `-i`/`-o`/`--physdev-*`: 1–15 characters (IFNAMSIZ − 1), no
 * blanks or `/`; a trailing `+` is a prefix wildcard and is kept in the name.
 */
export function parseIfaceName(text: string): Parsed<string> {
  if (text.length === 0) return fail('empty interface name');
  if (text.length > 15) return fail(`interface name "${text}" is longer than 15 characters`);
  if (/[\s/]/.test(text)) return fail(`"${text}" is not a valid interface name`);
  return ok(text);
}

/** Parses `value[/mask]` of 32-bit unsigned numbers (mask defaults to 0xffffffff). */
export function parseValueMask(text: string): Parsed<{ value: number; mask: number; hasMask: boolean }> {
  const slash = text.indexOf('/');
  const v = parseUint(slash < 0 ? text : text.slice(0, slash), 0xffffffff);
  if (!v.ok) return v;
  if (slash < 0) return ok({ value: v.value, mask: 0xffffffff, hasMask: false });
  const m = parseUint(text.slice(slash + 1), 0xffffffff);
  if (!m.ok) return m;
  return ok({ value: v.value, mask: m.value, hasMask: true });
}
