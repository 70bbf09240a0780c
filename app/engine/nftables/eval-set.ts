/**
 * Set and map lookups as nft_lookup.c does them: the key (one value per concatenated field) is
 * looked up among the elements; an element's field may be a value, a prefix or a range
 * (interval sets, nft_set_rbtree.c; concatenated ranges, nft_set_pipapo.c) and an interface name
 * may end in `*` (nft(8) "wildcard interface names in sets"). The elements a set was loaded with
 * are found through the index of set-index.ts (a hash of the exact elements, as nft_set_hash.c,
 * built once per element list); elements `add/update @set` put in during the walk are few and walked.
 */
import { msg } from '../message';
import { NftCannotEvaluate } from './eval-context';
import { numberToIpv4, type NftValue } from './eval-value';
import { own } from '../own';
import { entryFits, lookupKnown, setEntries, setIndex, type SetEntry } from './set-index';
import type { NftElement, NftExpr, NftSet, NftTable } from './types';

export { elementKey } from './set-index';

/** What a lookup needs from the rule's evaluation: sets grown by `add/update @set` earlier in the walk. */
export interface LookupEnv {
  readonly dynamic: Map<string, NftElement[]>;
}

/**
 * The element whose key holds `key` (every field inside the element's value, prefix or range), or
 * undefined: the first such element of `elements`, else of `added`, exactly as a walk of
 * `[...elements, ...added]` finds it. A key field the engine cannot read decides nothing by
 * itself: the lookup cannot be evaluated only when an element matches every field the engine
 * can read.
 * @param elements the loaded elements (a named set's `elements` or an anonymous set's): indexed.
 * @param added elements added during this walk (`elementsOf(...).added`): walked.
 * @throws NftCannotEvaluate for an unreadable field that matters, or an element that does not fit the key's types.
 */
export function findElement(key: readonly NftValue[], elements: readonly NftElement[], added: readonly NftElement[] = []): NftElement | undefined {
  const types = key.map((k) => k.type);
  const idx = setIndex(elements, types);
  const more = added.length ? setEntries(added, types) : [];
  const unknownAt = key.findIndex((k) => k.v === undefined);
  if (unknownAt < 0) return lookupKnown(idx, key) ?? more.find((e) => entryFits(e, key))?.el;
  const fits = (e: SetEntry) => entryFits(e, key);
  if (idx.entries.some(fits) || more.some(fits)) throw new NftCannotEvaluate(key[unknownAt].why ?? msg('nftables.keyFieldUnreadable'));
  return undefined;
}

/**
 * The elements a set/map expression stands for: a named set of the table (`elements` as loaded,
 * `added` what `add/update` put in it during this walk) or an anonymous set's own elements.
 * Pass both to findElement.
 */
export function elementsOf(e: NftExpr, table: NftTable, env?: LookupEnv): { elements: readonly NftElement[]; added?: readonly NftElement[]; set?: NftSet } {
  if (e.kind === 'anon-set') return { elements: e.elements };
  if (e.kind === 'set-ref') {
    const set = own(table.sets, e.name);
    if (!set) throw new NftCannotEvaluate(msg('nftables.notASetOfTable', { set: `@${e.name}`, family: table.family, table: table.name }));
    const added = env?.dynamic.get(e.name);
    return added?.length ? { elements: set.elements, added, set } : { elements: set.elements, set };
  }
  throw new NftCannotEvaluate(msg('nftables.notASet', { kind: e.kind }));
}

/** An element made from evaluated key values (what `add/update @set { KEY }` inserts). */
export function elementFromValues(values: readonly NftValue[]): NftElement {
  const parts = values.map((v): NftExpr => ({ kind: 'value', text: v.type === 'ipv4_addr' && typeof v.v === 'number' ? numberToIpv4(v.v) : String(v.v) }));
  return { key: parts, text: parts.map((p) => (p.kind === 'value' ? p.text : '')).join(' . ') };
}
