/**
 * nft expressions (nft(8) EXPRESSIONS, nftables `src/parser_bison.y` primary_expr/concat_expr):
 * payload (`ip saddr`, `th dport`), meta (`meta l4proto`, bare `iifname`, `mark`), conntrack
 * (`ct state`, `ct original ip daddr`), `fib`, `numgen`, bitwise operators, concatenations and map
 * lookups. An expression nft knows but the engine does not model is parsed all the same and marked
 * `unsupported` with the reason, so the statement holding it becomes an `unsupported` statement.
 */
import { msg, type Message } from '../../../engine/message';
import type { NftExpr } from '../../../engine/nftables/types';
import type { Cursor } from './cursor';
import { parseAnonSet } from './elements';
import { parseConcatValue, parseValue } from './values';

/** Payload protocols and the fields of each the engine evaluates (nft(8) PAYLOAD EXPRESSION). */
export const PAYLOAD_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ip: ['saddr', 'daddr', 'protocol'],
  ip6: ['saddr', 'daddr', 'nexthdr'],
  tcp: ['sport', 'dport', 'flags'],
  udp: ['sport', 'dport'],
  udplite: ['sport', 'dport'],
  sctp: ['sport', 'dport'],
  dccp: ['sport', 'dport'],
  th: ['sport', 'dport'],
  icmp: ['type', 'code'],
  icmpv6: ['type', 'code'],
  ether: [],
  vlan: [],
  arp: [],
  ah: [],
  esp: [],
  comp: [],
  igmp: [],
  gre: [],
};

/** Meta keys the engine evaluates (nft(8) META EXPRESSIONS). */
export const META_KEYS: readonly string[] = ['l4proto', 'nfproto', 'protocol', 'mark', 'iifname', 'oifname', 'iif', 'oif'];

/** Meta keys nft accepts without the `meta` keyword (parser_bison.y meta_key_unqualified). */
const BARE_META = new Set([
  'mark',
  'iif',
  'iifname',
  'iiftype',
  'oif',
  'oifname',
  'oiftype',
  'skuid',
  'skgid',
  'nftrace',
  'rtclassid',
  'ibriport',
  'obriport',
  'ibrname',
  'obrname',
  'pkttype',
  'cpu',
  'iifgroup',
  'oifgroup',
  'cgroup',
  'ipsec',
]);

/** Conntrack keys the engine evaluates (nft(8) CONNTRACK EXPRESSIONS), plus the directional address keys. */
export const CT_KEYS: readonly string[] = ['state', 'status', 'mark', 'direction'];
const CT_DIR_KEYS = new Set(['saddr', 'daddr', 'proto-src', 'proto-dst', 'l3proto', 'protocol']);

const FIB_FLAGS = new Set(['saddr', 'daddr', 'mark', 'iif', 'oif']);
const FIB_RESULTS = new Set(['type', 'oif', 'oifname']);

const BINOPS: Readonly<Record<string, 'and' | 'or' | 'xor' | 'lshift' | 'rshift'>> = {
  and: 'and',
  '&': 'and',
  or: 'or',
  '|': 'or',
  xor: 'xor',
  '^': 'xor',
  lshift: 'lshift',
  '<<': 'lshift',
  rshift: 'rshift',
  '>>': 'rshift',
};

/** An expression and, when the engine cannot evaluate it, why. */
export interface Parsed {
  readonly expr: NftExpr;
  readonly unsupported?: Message;
}

/** True when the next token starts a primary expression (payload, meta, ct, fib, numgen). */
export function startsExpr(c: Cursor): boolean {
  const t = c.peek();
  if (!t || t.kind !== 'word') return false;
  const w = t.text;
  if (w === 'meta' || w === 'ct' || w === 'fib' || w === 'numgen') return true;
  if (BARE_META.has(w)) return true;
  if (w in PAYLOAD_FIELDS) return c.peek(1)?.kind === 'word' && c.peek(1)?.text !== '.';
  return false;
}

/** Parses one primary expression (startsExpr must hold). */
export function parsePrimary(c: Cursor): Parsed {
  const t = c.next('an expression');
  const w = t.text;
  if (w === 'meta' || BARE_META.has(w)) {
    const key = w === 'meta' ? c.next('a meta key such as l4proto, mark or iifname').text : w;
    const expr: NftExpr = { kind: 'meta', key };
    return META_KEYS.includes(key) ? { expr } : { expr, unsupported: msg('unevaluable.nftMeta', { key }) };
  }
  if (w === 'ct') return parseCt(c);
  if (w === 'fib') return parseFib(c);
  if (w === 'numgen') return parseNumgen(c);
  const field = c.next(`a field of ${w} such as saddr or dport`).text;
  const expr: NftExpr = { kind: 'payload', proto: w, field };
  return PAYLOAD_FIELDS[w].includes(field) ? { expr } : { expr, unsupported: msg('unevaluable.nftPayload', { proto: w, field }) };
}

/** `ct KEY`, `ct original|reply KEY`, `ct original ip daddr` (nft(8) CONNTRACK EXPRESSIONS). */
function parseCt(c: Cursor): Parsed {
  let dir: 'original' | 'reply' | undefined;
  if (c.is('original') || c.is('reply')) dir = c.next('a direction').text as 'original' | 'reply';
  let proto: 'ip' | 'ip6' | undefined;
  if (dir && (c.is('ip') || c.is('ip6'))) proto = c.next('ip or ip6').text as 'ip' | 'ip6';
  const key = c.next('a conntrack key such as state, status or mark').text;
  const expr: NftExpr = { kind: 'ct', key, ...(dir ? { dir } : {}), ...(proto ? { proto } : {}) };
  const ok = dir ? CT_DIR_KEYS.has(key) : CT_KEYS.includes(key);
  return ok ? { expr } : { expr, unsupported: msg('unevaluable.nftCt', { key: [dir, proto, key].filter(Boolean).join(' ') }) };
}

/** `fib FLAG[ . FLAG…] RESULT` (nft(8) FIB EXPRESSIONS). */
function parseFib(c: Cursor): Parsed {
  const flags: ('saddr' | 'daddr' | 'mark' | 'iif' | 'oif')[] = [];
  for (;;) {
    const f = c.next('a fib flag (saddr, daddr, mark, iif, oif)');
    if (!FIB_FLAGS.has(f.text)) throw c.error(f, 'expected a fib flag (saddr, daddr, mark, iif, oif)');
    flags.push(f.text as (typeof flags)[number]);
    if (!c.accept('.')) break;
  }
  const r = c.peek();
  if (!r || !FIB_RESULTS.has(r.text)) throw c.error(r, 'expected a fib result (type, oif, oifname)');
  c.pos++;
  return { expr: { kind: 'fib', flags, result: r.text as 'type' | 'oif' | 'oifname' } };
}

/** `numgen random|inc mod N [offset O]` (nft(8) NUMGEN EXPRESSION). */
function parseNumgen(c: Cursor): Parsed {
  const m = c.peek();
  if (!m || (m.text !== 'random' && m.text !== 'inc')) throw c.error(m, 'expected "random" or "inc" after numgen');
  c.pos++;
  c.expect('mod', '"mod N"');
  const mod = integer(c, 'the modulus N of "mod N"');
  let offset = 0;
  if (c.accept('offset')) offset = integer(c, 'the offset');
  if (mod < 1) throw c.error(c.peek(-1), 'expected a modulus of 1 or more');
  return { expr: { kind: 'numgen', mode: m.text as 'random' | 'inc', mod, offset } };
}

/** A decimal or 0x number. */
export function integer(c: Cursor, what: string): number {
  const t = c.peek();
  if (!t || t.kind !== 'word' || !/^(0x[0-9a-fA-F]+|\d+)$/.test(t.text)) throw c.error(t, `expected ${what}`);
  c.pos++;
  return Number(t.text);
}

/**
 * A primary followed by bitwise operators with constants (`mark and 0x4000`, `meta mark | 0x10`):
 * nft(8) "and, or, xor, lshift, rshift" (symbols `& | ^ << >>`).
 */
function parseBitwise(c: Cursor): Parsed {
  let p = parsePrimary(c);
  for (;;) {
    const t = c.peek();
    const op = t && t.kind !== 'string' && Object.hasOwn(BINOPS, t.text) ? BINOPS[t.text] : undefined;
    if (!op) return p;
    c.pos++;
    const right = parseValue(c);
    p = { expr: { kind: 'binop', op, left: p.expr, right }, unsupported: p.unsupported };
  }
}

/**
 * The left side of a relation or the key of a map: bitwise primaries joined by ` . `, then an
 * optional `map @m` / `map { … }` lookup.
 */
export function parseLhs(c: Cursor): Parsed {
  const parts: Parsed[] = [parseBitwise(c)];
  while (c.is('.')) {
    c.pos++;
    if (!startsExpr(c)) throw c.error(c.peek(), 'expected an expression after "." (a concatenation such as ip daddr . tcp dport)');
    parts.push(parseBitwise(c));
  }
  const unsupported = parts.find((p) => p.unsupported)?.unsupported;
  let expr: NftExpr = parts.length === 1 ? parts[0].expr : { kind: 'concat', parts: parts.map((p) => p.expr) };
  if (c.accept('map')) expr = { kind: 'map-lookup', key: expr, map: parseSetOperand(c, 'a map: @name or { key : value, … }') };
  return unsupported ? { expr, unsupported } : { expr };
}

/** `@name` or an anonymous `{ … }` (the operand of vmap, map and set lookups). */
export function parseSetOperand(c: Cursor, what: string): NftExpr {
  const t = c.peek();
  if (t?.kind === 'word' && t.text.startsWith('@') && t.text.length > 1) {
    c.pos++;
    return { kind: 'set-ref', name: t.text.slice(1) };
  }
  if (c.is('{')) return parseAnonSet(c);
  throw c.error(t, `expected ${what}`);
}

/**
 * The right side of a relation: `@set`, `{ … }`, a constant or concatenation of constants
 * (`1.2.3.4 . tcp . 80`), or a comma list of flags (`established,related`).
 */
export function parseRhs(c: Cursor): NftExpr {
  const t = c.peek();
  if (c.is('{') || (t?.kind === 'word' && t.text.startsWith('@'))) return parseSetOperand(c, 'a value');
  const first = parseConcatValue(c);
  if (!c.is(',')) return first;
  const items: NftExpr[] = [first];
  while (c.accept(',')) items.push(parseValue(c));
  return { kind: 'list', items };
}
