/**
 * `nft -j list ruleset` (libnftables-json(5)): `{"nftables": [{"metainfo": …}, {"table": …},
 * {"chain": …}, {"rule": {"expr": […]}}, {"set": …}, {"map": …}, {"element": …}]}` to the model.
 * Command objects (`{"add": {"table": …}}`, `create`, `insert`) are read as the objects they add.
 * Each problem is positioned at the start of its array item.
 */
import type { NftBaseChain, NftChainType, NftFamily, NftHook, NftRuleset } from '../../../engine/nftables/types';
import type { SourceRef } from '../../../engine/source';
import { textPositions, type BlockLocator } from '../../errors';
import { type At, RulesetBuilder, type TextError } from './builder';
import { JsonMalformed, jsonElement, jsonStmt } from './json-expr';
import { jsonErrorOffset } from './json-syntax';
import { ruleText } from './print';

const FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Offsets where the items of the top-level `"nftables"` array start. */
export function itemOffsets(text: string): number[] {
  const out: number[] = [];
  const stack: string[] = [];
  let key = '';
  let inNftables = false;
  let expectItem = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (stack.length === 1) key = text.slice(i + 1, j);
      if (expectItem) out.push(i);
      expectItem = false;
      i = j;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (expectItem && ch !== ']') out.push(i);
    expectItem = false;
    if (ch === '{' || ch === '[') {
      stack.push(ch);
      if (stack.length === 2 && ch === '[' && key === 'nftables') {
        inNftables = true;
        expectItem = true;
      }
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      if (stack.length < 2) inNftables = false;
    } else if (ch === ',' && inNftables && stack.length === 2) expectItem = true;
  }
  return out;
}

/** Parses the JSON text into a ruleset and text-positioned errors. */
export function parseJsonRuleset(text: string, loc: BlockLocator): { ruleset: NftRuleset; errors: TextError[] } {
  const b = new RulesetBuilder();
  const pos = textPositions(text);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const p = pos(jsonErrorOffset(text));
    return { ruleset: { tables: [] }, errors: [{ line: p.line, col: p.column, message: `not valid JSON: ${(e as Error).message}` }] };
  }
  if (!isObj(doc) || !Array.isArray(doc.nftables)) return { ruleset: { tables: [] }, errors: [{ line: 1, col: 1, message: 'expected {"nftables": [ … ]}, the output of nft -j list ruleset' }] };
  const offsets = itemOffsets(text);
  doc.nftables.forEach((item: unknown, i: number) => {
    const p = pos(offsets[i] ?? 0);
    const source: SourceRef = { file: loc.file, ...loc.at(p.line, p.column) };
    const at: At = { line: p.line, col: p.column, source };
    try {
      jsonItem(item, b, at);
    } catch (e) {
      if (!(e instanceof JsonMalformed)) throw e;
      b.err(at, e.message);
    }
  });
  return { ruleset: b.freeze(), errors: b.errors };
}

/** One item of the `nftables` array. */
function jsonItem(item: unknown, b: RulesetBuilder, at: At): void {
  if (!isObj(item) || Object.keys(item).length !== 1) throw new JsonMalformed('expected an object with one key: metainfo, table, chain, rule, set, map or element');
  let [k, v] = Object.entries(item)[0];
  const insert = k === 'insert';
  if ((k === 'add' || k === 'create' || k === 'insert') && isObj(v) && Object.keys(v).length === 1) [k, v] = Object.entries(v)[0];
  if (k === 'metainfo') return;
  if (!isObj(v)) throw new JsonMalformed(`"${k}" needs an object`);
  const family = str(v, 'family', k) as NftFamily;
  if (!FAMILIES.has(family)) throw new JsonMalformed(`unknown family "${family}" (ip, ip6, inet, arp, bridge, netdev)`);
  const comment = typeof v.comment === 'string' ? v.comment : undefined;
  switch (k) {
    case 'table':
      return b.addTable(family, str(v, 'name', k), at, comment !== undefined ? { comment } : {});
    case 'chain':
      return b.addChain(family, str(v, 'table', k), str(v, 'name', k), at, { ...(v.hook !== undefined ? { base: baseChain(v) } : {}), ...(comment !== undefined ? { comment } : {}) });
    case 'rule': {
      if (!Array.isArray(v.expr)) throw new JsonMalformed('"rule" needs an "expr" array');
      const stmts = v.expr.map((x) => jsonStmt(x, family)).filter((s) => s !== null);
      b.addRule(
        family,
        str(v, 'table', k),
        str(v, 'chain', k),
        {
          ...(typeof v.handle === 'number' ? { handle: v.handle } : {}),
          text: ruleText(stmts, comment),
          stmts,
          ...(comment !== undefined ? { comment } : {}),
          at,
        },
        insert,
      );
      return;
    }
    case 'set':
    case 'map': {
      const keyType = (Array.isArray(v.type) ? v.type : [v.type]).map(String);
      const data = v.map === undefined ? undefined : (Array.isArray(v.map) ? v.map : [v.map]).map(String).join(' . ');
      if (k === 'map' && data === undefined) throw new JsonMalformed('"map" needs a "map" key naming its data type');
      const flags = v.flags === undefined ? [] : (Array.isArray(v.flags) ? v.flags : [v.flags]).map(String);
      const table = str(v, 'table', k);
      const name = str(v, 'name', k);
      b.addSet(family, table, { name, kind: k, keyType, ...(data !== undefined ? { dataType: data } : {}), flags, ...(comment !== undefined ? { comment } : {}) }, at);
      if (Array.isArray(v.elem)) b.addElements(family, table, name, elements(v.elem, at), at);
      return;
    }
    case 'element':
      if (!Array.isArray(v.elem)) throw new JsonMalformed('"element" needs an "elem" array');
      return b.addElements(family, str(v, 'table', k), str(v, 'name', k), elements(v.elem, at), at);
    default:
      throw new JsonMalformed(`"${k}" objects are not supported (metainfo, table, chain, rule, set, map, element)`);
  }
}

function elements(list: unknown[], at: At) {
  return list.map((x) => {
    const el = jsonElement(x, []);
    return at.source ? { ...el, source: at.source } : el;
  });
}

/** A chain's base part: `type`, `hook`, `prio`, `policy`, `dev`. */
function baseChain(v: Obj): NftBaseChain {
  const type = str(v, 'type', 'chain');
  if (!['filter', 'nat', 'route'].includes(type)) throw new JsonMalformed(`unknown chain type "${type}" (filter, nat, route)`);
  const hook = str(v, 'hook', 'chain');
  if (!['prerouting', 'input', 'forward', 'output', 'postrouting', 'ingress', 'egress'].includes(hook)) throw new JsonMalformed(`unknown hook "${hook}"`);
  if (typeof v.prio !== 'number') throw new JsonMalformed('a base chain needs a numeric "prio"');
  const policy = v.policy === undefined ? 'accept' : String(v.policy);
  if (policy !== 'accept' && policy !== 'drop') throw new JsonMalformed(`policy must be accept or drop, not "${policy}"`);
  const dev = typeof v.dev === 'string' ? v.dev : Array.isArray(v.dev) && typeof v.dev[0] === 'string' ? v.dev[0] : undefined;
  return { type: type as NftChainType, hook: hook as NftHook, priority: v.prio, priorityText: String(v.prio), policy, ...(dev !== undefined ? { device: dev } : {}) };
}

function str(v: Obj, key: string, what: string): string {
  if (typeof v[key] !== 'string') throw new JsonMalformed(`"${what}" needs a string "${key}"`);
  return v[key] as string;
}
