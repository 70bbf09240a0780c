/**
 * The lookup index of one element list, as the kernel picks a set backend by what the elements
 * need (net/netfilter/nf_tables_api.c `nft_select_set_ops`): elements whose every key field is a
 * single value are found by hashing the whole (concatenated) key, as nft_set_hash.c
 * `nft_rhash_lookup`/`nft_hash_lookup_fast` do; elements with a prefix, range or `name*` wildcard
 * in some field are walked like the interval backends (nft_set_rbtree.c, nft_set_pipapo.c).
 *
 * The answer is the one a walk of the whole list gives (the first element in list order whose
 * every field holds the key): an exact hit at position p wins unless a ranged element before p
 * also holds the key. nft refuses overlapping elements at load, so on a real ruleset at most one
 * element matches; the first-in-order rule only makes overlapping hand-written models
 * deterministic. The index is built on the first lookup into a list with a given key type and
 * cached on the list object (a named set's `elements` array, an anonymous set's own), never per
 * packet; lists are not changed after the World is built.
 */
import { msg } from '../message';
import { NftCannotEvaluate } from './eval-context';
import { constInterval, inInterval, type Interval, type NftType, type NftValue } from './eval-value';
import type { NftElement, NftExpr } from './types';

/** One element with its key fields read as intervals of the lookup key's types. */
export interface SetEntry {
  readonly el: NftElement;
  readonly ivs: readonly Interval[];
}

/** The index of one element list for one key type (see the module comment). */
export interface SetIndex {
  /** Every element with its fields as intervals, in list order. */
  readonly entries: readonly SetEntry[];
  /** Position in `entries` of the first all-single-value element, by `keyOf` of its values. */
  readonly exact: ReadonlyMap<string, number>;
  /** Positions in `entries` of the other elements (a prefix, range or wildcard field), ascending. */
  readonly ranged: readonly number[];
}

const cache = new WeakMap<readonly NftElement[], Map<string, SetIndex>>();

/** The key fields of an element (a key written as one concatenation counts as its parts). */
export function elementKey(el: NftElement): readonly NftExpr[] {
  return el.key.length === 1 && el.key[0].kind === 'concat' ? el.key[0].parts : el.key;
}

/**
 * A canonical, unambiguous string for a (concatenated) key: `n<number>` per numeric field,
 * `s<length>:<name>` per interface name, joined by `|` (the length keeps a name holding `|`
 * from reading as two fields).
 */
export function keyOf(values: readonly (number | string)[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out += (i ? '|' : '') + (typeof v === 'number' ? `n${v}` : `s${v.length}:${v}`);
  }
  return out;
}

/**
 * `elements` with their key fields as intervals of `types`, in order.
 * @throws NftCannotEvaluate for an element whose field count differs from the key's, or a field the type cannot hold.
 */
export function setEntries(elements: readonly NftElement[], types: readonly NftType[]): SetEntry[] {
  return elements.map((el) => {
    const parts = elementKey(el);
    if (parts.length !== types.length) throw new NftCannotEvaluate(msg('nftables.elementFieldCount', { element: el.text, fields: parts.length, keyFields: types.length }));
    return { el, ivs: parts.map((p, i) => constInterval(p, types[i])) };
  });
}

/** `keyOf` of the single values of `ivs`, or undefined when a field is a prefix, range or wildcard. */
function exactKey(ivs: readonly Interval[]): string | undefined {
  const points: (number | string)[] = [];
  for (const iv of ivs) {
    if ('name' in iv ? iv.prefix : iv.lo !== iv.hi) return undefined;
    points.push('name' in iv ? iv.name : iv.lo);
  }
  return keyOf(points);
}

function buildIndex(elements: readonly NftElement[], types: readonly NftType[]): SetIndex {
  const entries = setEntries(elements, types);
  const exact = new Map<string, number>();
  const ranged: number[] = [];
  for (let pos = 0; pos < entries.length; pos++) {
    const k = exactKey(entries[pos].ivs);
    if (k === undefined) ranged.push(pos);
    else if (!exact.has(k)) exact.set(k, pos);
  }
  return { entries, exact, ranged };
}

/**
 * The index of `elements` for a key of `types`, built on the first call and cached on the list.
 * @throws NftCannotEvaluate as setEntries does.
 */
export function setIndex(elements: readonly NftElement[], types: readonly NftType[]): SetIndex {
  let byType = cache.get(elements);
  if (!byType) cache.set(elements, (byType = new Map()));
  const t = types.join('.');
  let idx = byType.get(t);
  if (!idx) byType.set(t, (idx = buildIndex(elements, types)));
  return idx;
}

/** True when every field of `key` the engine can read lies in the entry's field (unread fields fit anything). */
export function entryFits(e: SetEntry, key: readonly NftValue[]): boolean {
  for (let i = 0; i < key.length; i++) {
    const v = key[i].v;
    if (v !== undefined && !inInterval(v, e.ivs[i])) return false;
  }
  return true;
}

/**
 * The first element of the indexed list whose every field holds `key`, or undefined. Every field
 * of `key` must be known (`v` defined): one hash probe, then only the ranged elements before the
 * hit (all of them on a miss).
 */
export function lookupKnown(idx: SetIndex, key: readonly NftValue[]): NftElement | undefined {
  const hit = idx.exact.get(keyOf(key.map((k) => k.v as number | string)));
  const limit = hit ?? Infinity;
  for (const pos of idx.ranged) {
    if (pos > limit) break;
    if (entryFits(idx.entries[pos], key)) return idx.entries[pos].el;
  }
  return hit === undefined ? undefined : idx.entries[hit].el;
}
