/**
 * Set and map elements (nft(8) SETS/MAPS, ELEMENTS): `{ key [options] [: data], … }` where a key
 * is one constant per concatenated field (a value, prefix or range), options are `timeout`,
 * `expires`, `comment` and `counter`, and a map's data is a verdict or constants. Line ends inside
 * the braces are ignored, as in `nft list ruleset`'s multi-line `elements = { … }`.
 */
import type { NftElement, NftExpr } from '../../../engine/nftables/types';
import type { Cursor } from './cursor';
import { parseConcatValue, parseValue } from './values';
import { parseVerdict, startsVerdict } from './verdict';

/** Parses `{ … }` into its elements (the cursor is on `{`). */
export function parseElementList(c: Cursor): NftElement[] {
  c.expect('{');
  const out: NftElement[] = [];
  c.skipNl();
  if (c.accept('}')) return out;
  for (;;) {
    c.skipNl();
    out.push(parseElement(c));
    c.skipNl();
    if (c.accept(',')) {
      c.skipNl();
      if (c.accept('}')) return out;
      continue;
    }
    c.expect('}', '"," or "}" after a set element');
    return out;
  }
}

/** Parses an anonymous set or map in a rule: `{ a, b }`, `{ 0 : goto x, 1 : goto y }`. */
export function parseAnonSet(c: Cursor): NftExpr {
  return { kind: 'anon-set', elements: parseElementList(c) };
}

/** One element: key, options, optional `: data`. */
function parseElement(c: Cursor): NftElement {
  const start = c.pos;
  const first = c.peek();
  const key: NftExpr[] = [parseValue(c)];
  while (c.accept('.')) key.push(parseValue(c));
  let comment: string | undefined;
  for (;;) {
    if (c.accept('comment')) {
      const s = c.next('the comment text in quotes');
      comment = s.text;
    } else if (c.is('timeout') || c.is('expires')) {
      c.pos++;
      c.next('a time such as 3h');
    } else if (c.accept('counter')) {
      if (c.accept('packets')) c.next('a packet count');
      if (c.accept('bytes')) c.next('a byte count');
    } else break;
  }
  let data: NftElement['data'];
  if (c.accept(':')) {
    c.skipNl();
    data = startsVerdict(c) ? { verdict: parseVerdict(c) } : { expr: parseConcatValue(c) };
  }
  const source = first ? c.ref(first) : undefined;
  return { key, ...(data ? { data } : {}), text: c.text(start), ...(comment !== undefined ? { comment } : {}), ...(source ? { source } : {}) };
}
