/**
 * libnftables-json(5) expressions and statements to the model: `{"payload": {"protocol": "ip",
 * "field": "saddr"}}`, `{"match": {"op": "==", "left": …, "right": …}}`, `{"vmap": {"key": …,
 * "data": …}}`, `{"dnat": {"addr": …, "port": …}}`, `{"xt": {"type": "match", "name": …}}`, …
 * What the engine does not evaluate becomes an `unsupported` statement, as in the text forms.
 */
import { msg, type Message } from '../../../engine/message';
import type { NftElement, NftExpr, NftFamily, NftStmt, NftVerdict } from '../../../engine/nftables/types';
import { CT_KEYS, META_KEYS, PAYLOAD_FIELDS } from './expr';
import { elementText, exprText, stmtText, timeText } from './print';
import { classifyWord } from './values';

/** A JSON construct the engine does not model (becomes an `unsupported` statement). */
export class JsonUnsupported extends Error {}
/** A JSON construct that is malformed (becomes a positioned error). */
export class JsonMalformed extends Error {}

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The single key of a JSON statement/expression object and its value. */
function single(v: Record<string, Json>): [string, Json] {
  const keys = Object.keys(v);
  if (keys.length !== 1) throw new JsonMalformed(`expected an object with one key (the expression's name), found ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'none'}`);
  return [keys[0], v[keys[0]]];
}

const BINOPS = { '&': 'and', '|': 'or', '^': 'xor', '<<': 'lshift', '>>': 'rshift' } as const;
const CT_DIR_KEYS = new Set(['saddr', 'daddr', 'proto-src', 'proto-dst', 'l3proto', 'protocol']);

/** An expression; `unsupported` collects why the engine cannot evaluate a part of it. */
export function jsonExpr(v: Json, unsupported: Message[]): NftExpr {
  if (typeof v === 'string') return v.startsWith('@') ? { kind: 'set-ref', name: v.slice(1) } : classifyWord(v);
  if (typeof v === 'number') return { kind: 'value', text: String(v) };
  // Booleans are nft's `exists` / `missing` (`fib saddr . iif oif missing` is {"right": false}).
  if (typeof v === 'boolean') return { kind: 'value', text: v ? 'exists' : 'missing' };
  if (Array.isArray(v)) return { kind: 'list', items: v.map((x) => jsonExpr(x, unsupported)) };
  if (!isObj(v)) throw new JsonMalformed('expected an expression');
  const [k, a] = single(v);
  const o = isObj(a) ? a : {};
  switch (k) {
    case 'payload': {
      const proto = String(o.protocol ?? '');
      const field = String(o.field ?? '');
      if (!proto || !field) unsupported.push(msg('unevaluable.nftRawPayload'));
      else if (!(Object.hasOwn(PAYLOAD_FIELDS, proto) && PAYLOAD_FIELDS[proto].includes(field))) unsupported.push(msg('unevaluable.nftPayload', { proto, field }));
      return { kind: 'payload', proto, field };
    }
    case 'meta': {
      const key = String(o.key);
      if (!META_KEYS.includes(key)) unsupported.push(msg('unevaluable.nftMeta', { key }));
      return { kind: 'meta', key };
    }
    case 'ct':
      return jsonCt(o, unsupported);
    case 'fib': {
      const flags = (Array.isArray(o.flags) ? o.flags : [o.flags]).map(String) as ('saddr' | 'daddr' | 'mark' | 'iif' | 'oif')[];
      return { kind: 'fib', flags, result: String(o.result) as 'type' | 'oif' | 'oifname' };
    }
    case 'numgen':
      return { kind: 'numgen', mode: o.mode === 'inc' ? 'inc' : 'random', mod: Number(o.mod), offset: Number(o.offset ?? 0) };
    case 'concat':
      if (!Array.isArray(a)) throw new JsonMalformed('"concat" needs an array');
      return { kind: 'concat', parts: a.map((x) => jsonExpr(x, unsupported)) };
    case 'prefix':
      return { kind: 'prefix', addr: String(o.addr), len: Number(o.len) };
    case 'range':
      if (!Array.isArray(a) || a.length !== 2) throw new JsonMalformed('"range" needs [from, to]');
      return { kind: 'range', from: jsonExpr(a[0], unsupported), to: jsonExpr(a[1], unsupported) };
    case 'set':
      return { kind: 'anon-set', elements: (Array.isArray(a) ? a : [a]).map((x) => jsonElement(x, unsupported)) };
    case 'map':
      return { kind: 'map-lookup', key: jsonExpr(o.key, unsupported), map: jsonExpr(o.data, unsupported) };
    case 'elem':
      return jsonExpr(o.val, unsupported);
  }
  if (Object.hasOwn(BINOPS, k) && Array.isArray(a) && a.length === 2)
    return { kind: 'binop', op: BINOPS[k as keyof typeof BINOPS], left: jsonExpr(a[0], unsupported), right: jsonExpr(a[1], unsupported) };
  unsupported.push(msg('unevaluable.nftJsonExpression', { name: k }));
  return { kind: 'value', text: JSON.stringify(v) };
}

function jsonCt(o: Record<string, Json>, unsupported: Message[]): NftExpr {
  // nft 1.0.6 writes `ct original ip daddr` as {"key": "ip daddr", "dir": "original"}; the man page as "family".
  const m = /^(ip6?) (.+)$/.exec(String(o.key));
  const key = m ? m[2] : String(o.key);
  const dir = o.dir === 'original' || o.dir === 'reply' ? o.dir : undefined;
  const proto = m ? (m[1] as 'ip' | 'ip6') : o.family === 'ip' || o.family === 'ip6' ? o.family : undefined;
  if (!(dir ? CT_DIR_KEYS.has(key) : CT_KEYS.includes(key))) unsupported.push(msg('unevaluable.nftCt', { key: dir ? `${dir} ${key}` : key }));
  return { kind: 'ct', key, ...(dir ? { dir } : {}), ...(proto ? { proto } : {}) };
}

/** A verdict object (`{"accept": null}`, `{"goto": {"target": "x"}}`), or undefined. */
export function jsonVerdict(v: Json): NftVerdict | undefined {
  if (!isObj(v) || Object.keys(v).length !== 1) return undefined;
  const [k, a] = single(v);
  if (k === 'accept' || k === 'drop' || k === 'continue' || k === 'return') return { kind: k };
  if ((k === 'jump' || k === 'goto') && isObj(a) && typeof a.target === 'string') return { kind: k, chain: a.target };
  return undefined;
}

/** A set element: a key, `{"elem": {"val": …, "comment": …}}`, or a map's `[key, data]`. */
export function jsonElement(v: Json, unsupported: Message[]): NftElement {
  let keyJson: Json = v;
  let dataJson: Json | undefined;
  if (Array.isArray(v) && v.length === 2) [keyJson, dataJson] = v;
  let comment: string | undefined;
  if (isObj(keyJson) && isObj(keyJson.elem)) {
    if (typeof keyJson.elem.comment === 'string') comment = keyJson.elem.comment;
    keyJson = keyJson.elem.val;
  }
  const k = jsonExpr(keyJson, unsupported);
  const key = k.kind === 'concat' ? k.parts : [k];
  let data: NftElement['data'];
  if (dataJson !== undefined) {
    const verdict = jsonVerdict(dataJson);
    data = verdict ? { verdict } : { expr: jsonExpr(dataJson, unsupported) };
  }
  const el = { key, ...(data ? { data } : {}), ...(comment !== undefined ? { comment } : {}) };
  return { ...el, text: elementText({ ...el, text: '' }) };
}

/** The reject a family uses when none is given (nft prints a bare `reject` for it). */
const DEFAULT_REJECT: Partial<Record<NftFamily, string>> = { ip: 'icmp', ip6: 'icmpv6', inet: 'icmpx' };

/** One statement of a rule's `expr` array; null for a statement that does nothing (xt comment). */
export function jsonStmt(v: Json, family: NftFamily): NftStmt | null {
  if (!isObj(v)) throw new JsonMalformed('expected a statement object');
  const [k, a] = single(v);
  const o = isObj(a) ? a : {};
  const unsupported: Message[] = [];
  const verdict = jsonVerdict(v);
  let stmt: NftStmt;
  if (verdict) stmt = { kind: 'verdict', verdict };
  else if (k === 'queue') stmt = { kind: 'verdict', verdict: { kind: 'queue' } };
  else if (k === 'match') {
    const op = o.op === 'in' ? 'implicit' : (String(o.op) as '==' | '!=' | '<' | '>' | '<=' | '>=');
    if (!['implicit', '==', '!=', '<', '>', '<=', '>='].includes(op)) throw new JsonMalformed(`unknown match operator "${String(o.op)}"`);
    stmt = { kind: 'match', left: jsonExpr(o.left, unsupported), op, right: jsonExpr(o.right, unsupported) };
  } else if (k === 'vmap') stmt = { kind: 'vmap', key: jsonExpr(o.key, unsupported), map: jsonExpr(o.data, unsupported) };
  else if (k === 'mangle') {
    const key = jsonExpr(o.key, unsupported);
    const value = jsonExpr(o.value, unsupported);
    const target = key.kind === 'meta' && key.key === 'mark' ? 'meta' : key.kind === 'ct' && key.key === 'mark' && !key.dir ? 'ct' : undefined;
    if (!target) unsupported.push(msg('unevaluable.nftSetting', { expr: exprText(key) }));
    stmt = { kind: 'mark-set', target: target ?? 'meta', value };
  } else if (k === 'counter') {
    if (typeof a === 'string') return { kind: 'unsupported', text: `counter name "${a}"`, reason: msg('unevaluable.nftNamedCounter') };
    stmt = { kind: 'counter', ...(typeof o.packets === 'number' ? { packets: o.packets } : {}), ...(typeof o.bytes === 'number' ? { bytes: o.bytes } : {}) };
  } else if (k === 'log') stmt = { kind: 'log', ...(typeof o.prefix === 'string' ? { prefix: o.prefix } : {}) };
  else if (k === 'notrack') stmt = { kind: 'notrack' };
  else if (k === 'reject') stmt = jsonReject(o, family);
  else if (k === 'dnat' || k === 'snat' || k === 'masquerade' || k === 'redirect') stmt = jsonNat(k, o, unsupported);
  else if (k === 'set' && (o.op === 'add' || o.op === 'update') && typeof o.set === 'string') {
    const elem = isObj(o.elem) && isObj(o.elem.elem) ? o.elem.elem : undefined;
    const timeout = elem && typeof elem.timeout === 'number' ? timeText(elem.timeout) : undefined;
    stmt = { kind: 'set-update', op: o.op, set: o.set.replace(/^@/, ''), key: jsonExpr(o.elem, unsupported), ...(timeout !== undefined ? { timeout } : {}) };
  } else if (k === 'xt') {
    if (o.type === 'match' && o.name === 'comment') return null;
    return { kind: 'unsupported', text: `xt ${String(o.type)} ${String(o.name)}`, reason: msg('unevaluable.nftXt', { name: String(o.name) }) };
  } else return { kind: 'unsupported', text: JSON.stringify(v), reason: msg('unevaluable.nftJsonStatement', { name: k }) };
  if (unsupported.length) return { kind: 'unsupported', text: stmtText(stmt), reason: unsupported[0] };
  return stmt;
}

function jsonReject(o: Record<string, Json>, family: NftFamily): NftStmt {
  const type = typeof o.type === 'string' ? o.type : undefined;
  if (!type) return { kind: 'reject' };
  if (type === 'tcp reset') return { kind: 'reject', with: { family: 'tcp', type: 'reset' } };
  const expr = typeof o.expr === 'string' ? o.expr : 'port-unreachable';
  if (DEFAULT_REJECT[family] === type && expr === 'port-unreachable') return { kind: 'reject' };
  if (type !== 'icmp' && type !== 'icmpx' && type !== 'icmpv6') throw new JsonMalformed(`unknown reject type "${type}"`);
  return { kind: 'reject', with: { family: type, type: expr } };
}

function jsonNat(k: 'dnat' | 'snat' | 'masquerade' | 'redirect', o: Record<string, Json>, unsupported: Message[]): NftStmt {
  const flags = o.flags === undefined ? [] : (Array.isArray(o.flags) ? o.flags : [o.flags]).map(String);
  const family = o.family === 'ip' || o.family === 'ip6' ? o.family : undefined;
  return {
    kind: 'nat',
    type: k,
    ...(family ? { family } : {}),
    ...(o.addr !== undefined ? { addr: jsonExpr(o.addr, unsupported) } : {}),
    ...(o.port !== undefined ? { port: jsonExpr(o.port, unsupported) } : {}),
    flags,
  };
}
