/**
 * Set and map lookups as nft_lookup.c does them: the key (one value per concatenated field) is
 * looked up among the elements; an element's field may be a value, a prefix or a range
 * (interval sets, nft_set_rbtree.c; concatenated ranges, nft_set_pipapo.c) and an interface name
 * may end in `*` (nft(8) "wildcard interface names in sets"). Elements of hash-type sets are
 * found through an index built once per element list.
 */
import { NftCannotEvaluate } from './eval-context';
import { constInterval, inInterval, numberToIpv4, type Interval, type NftType, type NftValue } from './eval-value';
import { own } from '../own';
import type { NftElement, NftExpr, NftSet, NftTable } from './types';

/** What a lookup needs from the rule's evaluation: sets grown by `add/update @set` earlier in the walk. */
export interface LookupEnv {
  readonly dynamic: Map<string, NftElement[]>;
}

interface Index {
  /** Elements whose every field is a single value, by their key string. */
  readonly exact: Map<string, NftElement>;
  /** Elements with a prefix, range or wildcard field, in order. */
  readonly ranged: readonly { readonly el: NftElement; readonly ivs: readonly Interval[] }[];
}

const indexes = new WeakMap<readonly NftElement[], Map<string, Index>>();

/** The key fields of an element (a key written as one concatenation counts as its parts). */
export function elementKey(el: NftElement): readonly NftExpr[] {
  return el.key.length === 1 && el.key[0].kind === 'concat' ? el.key[0].parts : el.key;
}

function keyString(values: readonly (number | string)[]): string {
  return values.map((v) => (typeof v === 'number' ? `n${v}` : `s${v}`)).join('|');
}

function buildIndex(elements: readonly NftElement[], types: readonly NftType[]): Index {
  const exact = new Map<string, NftElement>();
  const ranged: { el: NftElement; ivs: Interval[] }[] = [];
  for (const el of elements) {
    const parts = elementKey(el);
    if (parts.length !== types.length) throw new NftCannotEvaluate(`element ${el.text} has ${parts.length} key field(s), the lookup key ${types.length}`);
    const ivs = parts.map((p, i) => constInterval(p, types[i]));
    const points = ivs.map((iv) => ('name' in iv ? (iv.prefix ? undefined : iv.name) : iv.lo === iv.hi ? iv.lo : undefined));
    if (points.every((p) => p !== undefined)) {
      const k = keyString(points as (number | string)[]);
      if (!exact.has(k)) exact.set(k, el);
    } else ranged.push({ el, ivs });
  }
  return { exact, ranged };
}

function indexOf(elements: readonly NftElement[], types: readonly NftType[]): Index {
  let byType = indexes.get(elements);
  if (!byType) indexes.set(elements, (byType = new Map()));
  const t = types.join('.');
  let idx = byType.get(t);
  if (!idx) byType.set(t, (idx = buildIndex(elements, types)));
  return idx;
}

/**
 * The element whose key holds `key` (every field inside the element's value, prefix or range), or
 * undefined. A key field the engine cannot read decides nothing by itself: the lookup cannot be
 * evaluated only when an element matches every field the engine can read.
 * @throws NftCannotEvaluate for an unreadable field that matters, or an element that does not fit the key's types.
 */
export function findElement(key: readonly NftValue[], elements: readonly NftElement[]): NftElement | undefined {
  const types = key.map((k) => k.type);
  const idx = indexOf(elements, types);
  const unknownAt = key.findIndex((k) => k.v === undefined);
  if (unknownAt < 0) {
    const hit = idx.exact.get(keyString(key.map((k) => k.v as number | string)));
    if (hit) return hit;
    return idx.ranged.find((r) => r.ivs.every((iv, i) => inInterval(key[i].v as number | string, iv)))?.el;
  }
  const fits = (ivs: readonly Interval[]) => ivs.every((iv, i) => key[i].v === undefined || inInterval(key[i].v as number | string, iv));
  const anyExact = [...idx.exact.values()].some((el) => fits(elementKey(el).map((p, i) => constInterval(p, types[i]))));
  if (anyExact || idx.ranged.some((r) => fits(r.ivs))) throw new NftCannotEvaluate(key[unknownAt].why ?? 'a key field cannot be read');
  return undefined;
}

/**
 * The elements a set/map expression stands for: a named set of the table (with what `add/update`
 * put in it during this walk) or an anonymous set's own elements.
 */
export function elementsOf(e: NftExpr, table: NftTable, env?: LookupEnv): { elements: readonly NftElement[]; set?: NftSet } {
  if (e.kind === 'anon-set') return { elements: e.elements };
  if (e.kind === 'set-ref') {
    const set = own(table.sets, e.name);
    if (!set) throw new NftCannotEvaluate(`@${e.name} is not a set or map of table ${table.family} ${table.name}`);
    const extra = env?.dynamic.get(e.name);
    return { elements: extra?.length ? [...set.elements, ...extra] : set.elements, set };
  }
  throw new NftCannotEvaluate(`a ${e.kind} expression is not a set or map`);
}

/** An element made from evaluated key values (what `add/update @set { KEY }` inserts). */
export function elementFromValues(values: readonly NftValue[]): NftElement {
  const parts = values.map((v): NftExpr => ({ kind: 'value', text: v.type === 'ipv4_addr' && typeof v.v === 'number' ? numberToIpv4(v.v) : String(v.v) }));
  return { key: parts, text: parts.map((p) => (p.kind === 'value' ? p.text : '')).join(' . ') };
}
