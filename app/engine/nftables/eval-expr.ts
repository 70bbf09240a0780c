/**
 * Evaluating nft expressions for one packet: payload (nft_payload.c, with the implicit protocol
 * dependency nft inserts before a transport field), meta/ct/fib (./eval-meta.ts), numgen (nft_numgen.c), bitwise (nft_bitwise.c), concatenations and
 * map lookups (nft_lookup.c). Each yields typed values (eval-value.ts); a field the engine does
 * not model is "unknown", and only a relation that depends on it cannot be evaluated.
 */
import { msg } from '../message';
import { NftBreak, NftCannotEvaluate, type NftContext } from './eval-context';
import { findElement, elementsOf } from './eval-set';
import { ctValue, fibValue, metaValue } from './eval-meta';
import { BITMASK_TYPES, constInterval, declaredType, ipv4ToNumber, num, unknown, type NftType, type NftValue } from './eval-value';

export type { NftValue } from './eval-value';
import type { NftElement, NftExpr, NftRule, NftTable } from './types';

/** A `numgen` drawn during a rule's evaluation. */
export interface NumgenDraw {
  readonly expr: Extract<NftExpr, { kind: 'numgen' }>;
  /** The value drawn minus the offset: 0..mod-1. */
  readonly index: number;
}

/** What expression evaluation needs and records for one rule. */
export interface EvalEnv {
  readonly ctx: NftContext;
  readonly table: NftTable;
  readonly rule: NftRule;
  /** The last set/map element a lookup found (the decision's `element`). */
  element?: NftElement;
  numgen?: NumgenDraw;
  /** Elements added by `add/update @set` earlier in this walk (nft_dynset.c), per set name. */
  readonly dynamic: Map<string, NftElement[]>;
}

const PORT_PROTOS = new Set(['tcp', 'udp', 'sctp', 'udplite', 'dccp']);
const PROTO_NUM: Readonly<Record<string, number>> = { icmp: 1, ipip: 4, tcp: 6, udp: 17, sctp: 132 };
const FLAG_BITS: Readonly<Record<string, number>> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20, E: 0x40, C: 0x80 };

/** The datatype of a payload field (nft(8) PAYLOAD EXPRESSION tables). */
function payloadType(proto: string, field: string): NftType {
  if (proto === 'ip' && (field === 'saddr' || field === 'daddr')) return 'ipv4_addr';
  if (proto === 'ip6' && (field === 'saddr' || field === 'daddr')) return 'ipv6_addr';
  if (proto === 'ip' && field === 'protocol') return 'inet_proto';
  if (field === 'sport' || field === 'dport') return 'inet_service';
  if (proto === 'tcp' && field === 'flags') return 'tcp_flag';
  if (proto === 'icmp' && field === 'type') return 'icmp_type';
  if (proto === 'icmp' && field === 'code') return 'icmp_code';
  return 'integer';
}

/** Evaluates `e` to its field values (one per concatenated field). `hint` types constants in value position. */
export function evalExpr(e: NftExpr, env: EvalEnv, hint?: readonly NftType[]): NftValue[] {
  switch (e.kind) {
    case 'payload':
      return [payload(e.proto, e.field, env.ctx)];
    case 'meta':
      return [metaValue(e.key, env.ctx)];
    case 'ct':
      // `ct original ip6 daddr` carries an IPv6 dependency: an IPv4 packet breaks the rule.
      if (e.proto === 'ip6') throw new NftBreak();
      return [ctValue(e.key, e.dir, env.ctx)];
    case 'fib':
      return [fibValue(e, env.ctx)];
    case 'numgen': {
      const index = env.ctx.numgen(env.rule, e.mod);
      env.numgen = { expr: e, index };
      return [num('integer', index + e.offset)];
    }
    case 'concat':
      return e.parts.flatMap((p, i) => evalExpr(p, env, hint?.slice(i, i + 1)));
    case 'binop':
      return [binop(e, env)];
    case 'map-lookup':
      return mapLookup(e, env, hint);
    case 'value':
    case 'prefix':
    case 'range':
    case 'list':
      return [constValue(e, hint?.[0] ?? 'integer')];
    default:
      throw new NftCannotEvaluate(msg('nftables.notAValue', { kind: e.kind }));
  }
}

/** A constant in value position (`meta mark set 0x1`, `dnat to 10.0.0.1`): a single value. */
function constValue(e: NftExpr, type: NftType): NftValue {
  const iv = constInterval(e, type);
  if ('name' in iv) return { type, v: iv.name };
  if (iv.lo !== iv.hi) throw new NftCannotEvaluate(msg('nftables.rangeNotSingleValue'));
  return num(type, iv.lo);
}

function payload(proto: string, field: string, ctx: NftContext): NftValue {
  const p = ctx.pkt;
  const type = payloadType(proto, field);
  if (proto === 'ip') {
    if (field === 'saddr') return num(type, ipv4ToNumber(p.src));
    if (field === 'daddr') return num(type, ipv4ToNumber(p.dst));
    if (field === 'protocol') return num(type, PROTO_NUM[p.proto]);
    return unknown(type, msg('nftables.ipFieldNotModelled', { field }));
  }
  // nft inserts `meta nfproto ipv6` / `meta l4proto X` before these loads: on another packet the rule breaks.
  if (proto === 'ip6' || proto === 'icmpv6') throw new NftBreak();
  if (PORT_PROTOS.has(proto)) {
    if (p.proto !== proto) throw new NftBreak();
    if (field === 'sport' && p.sport !== undefined) return num(type, p.sport);
    if (field === 'dport' && p.dport !== undefined) return num(type, p.dport);
    if (proto === 'tcp' && field === 'flags') return num(type, tcpFlagBits(p.tcpFlags));
    return unknown(type, msg('nftables.headerFieldNotModelled', { proto, field }));
  }
  if (proto === 'th') return transportHeader(field, ctx);
  if (proto === 'icmp') {
    if (p.proto !== 'icmp') throw new NftBreak();
    if (field === 'type' && p.icmpType !== undefined) return num(type, p.icmpType);
    if (field === 'code') return num(type, p.icmpCode ?? 0);
    return unknown(type, msg('nftables.icmpFieldNotModelled', { field }));
  }
  return unknown(type, msg('nftables.expressionNotModelled', { expr: `${proto} ${field}` }));
}

/** `th sport/dport`: the first/second 16 bits of whatever transport header follows (no dependency). */
function transportHeader(field: string, ctx: NftContext): NftValue {
  const p = ctx.pkt;
  if (PORT_PROTOS.has(p.proto)) {
    const v = field === 'sport' ? p.sport : field === 'dport' ? p.dport : undefined;
    if (v !== undefined) return num('inet_service', v);
  }
  // On ICMP the first 16 bits are type and code; the next are the checksum, which the engine does not compute.
  if (p.proto === 'icmp' && field === 'sport' && p.icmpType !== undefined) return num('inet_service', (p.icmpType << 8) | (p.icmpCode ?? 0));
  return unknown('inet_service', msg('nftables.thNotModelled', { field, proto: p.proto }));
}

function tcpFlagBits(flags: string | undefined): number {
  let bits = 0;
  for (const ch of flags ?? '') bits |= FLAG_BITS[ch.toUpperCase()] ?? 0;
  return bits;
}

function binop(e: Extract<NftExpr, { kind: 'binop' }>, env: EvalEnv): NftValue {
  const [l] = evalExpr(e.left, env);
  const rv = constInterval(e.right.kind === 'binop' ? flattenOr(e.right) : e.right, e.op === 'lshift' || e.op === 'rshift' ? 'integer' : l.type);
  if ('name' in rv) throw new NftCannotEvaluate(msg('nftables.bitwiseOnIfname'));
  const r = rv.lo;
  let known = l.known ?? 0xffffffff;
  if (typeof l.v !== 'number') return { ...l, v: undefined, why: l.why ?? msg('nftables.notANumber') };
  let v: number;
  switch (e.op) {
    case 'and':
      v = l.v & r;
      known = (known | ~r) >>> 0;
      break;
    case 'or':
      v = l.v | r;
      known = (known | r) >>> 0;
      break;
    case 'xor':
      v = l.v ^ r;
      break;
    case 'lshift':
      v = l.v << r;
      known = (known << r) | ((1 << r) - 1);
      break;
    case 'rshift':
      v = l.v >>> r;
      known = (known >>> r) | ~(0xffffffff >>> r);
      break;
  }
  return { type: l.type, v: v >>> 0, known: BITMASK_TYPES.has(l.type) || l.known !== undefined ? known >>> 0 : undefined };
}

/** `(syn | ack)` written as a binop of constants: one list constant. */
function flattenOr(e: NftExpr): NftExpr {
  const items: NftExpr[] = [];
  const walk = (x: NftExpr) => {
    if (x.kind === 'binop' && x.op === 'or') {
      walk(x.left);
      walk(x.right);
    } else if (x.kind === 'list') x.items.forEach(walk);
    else items.push(x);
  };
  walk(e);
  return { kind: 'list', items };
}

/** `KEY map @m` / `KEY map { … }`: the data of the element the key finds; none = the rule breaks (nft_lookup). */
function mapLookup(e: Extract<NftExpr, { kind: 'map-lookup' }>, env: EvalEnv, hint?: readonly NftType[]): NftValue[] {
  const key = evalExpr(e.key, env);
  const { elements, added, set } = elementsOf(e.map, env.table, env);
  const found = findElement(key, elements, added);
  if (!found) throw new NftBreak();
  env.element = found;
  const data = found.data;
  if (!data || !('expr' in data)) throw new NftCannotEvaluate(msg('nftables.mapElementNoData', { element: found.text }));
  const types = set?.dataType ? set.dataType.split('.').map(declaredType) : hint;
  return evalExpr(data.expr, env, types);
}
