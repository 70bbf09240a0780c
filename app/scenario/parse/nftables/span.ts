/**
 * Statement boundaries of the nft grammar: a command, a line of a block or a rule ends at a line
 * end or `;` outside braces (nftables `src/parser_bison.y` stmt_separator), or before the `}` that
 * closes the enclosing block. Parsing one item at a time lets a syntax error drop only that item.
 */
import { Cursor, NftSyntaxError } from './cursor';
import type { TextError } from './builder';

/** Index of the token that ends the item starting at `from` (a `nl`, `;` or the enclosing `}`), or `to`. */
export function spanEnd(c: Cursor, from: number): number {
  let depth = 0;
  for (let i = from; i < c.to; i++) {
    const t = c.tokens[i];
    if (t.kind === 'punct' && t.text === '{') depth++;
    else if (t.kind === 'punct' && t.text === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && (t.kind === 'nl' || (t.kind === 'punct' && t.text === ';'))) return i;
  }
  return c.to;
}

/** A cursor over tokens `[from, to)` of `c`, with the same source mapping. */
export function sub(c: Cursor, from: number, to: number): Cursor {
  const s = new Cursor(c.tokens, c.src, from, to);
  s.ref = c.ref;
  return s;
}

/**
 * Runs `parse` over the item at `c.pos`, then moves `c` past it (and past its `nl`/`;`). A syntax
 * error is recorded and drops only this item.
 */
export function eachItem(c: Cursor, errors: TextError[], parse: (item: Cursor) => void): void {
  const end = spanEnd(c, c.pos);
  const item = sub(c, c.pos, end);
  try {
    parse(item);
    if (!item.atEnd()) {
      const t = item.peek()!;
      throw item.error(t, 'expected the end of the line or ";"');
    }
  } catch (e) {
    if (!(e instanceof NftSyntaxError)) throw e;
    errors.push({ line: e.line, col: e.col, message: e.message });
  }
  c.pos = end;
  if (c.peek()?.kind === 'nl' || c.is(';')) c.pos++;
}

/** Skips line ends, `;` and `# handle` comments between items. */
export function skipSeparators(c: Cursor): void {
  for (;;) {
    const t = c.peek();
    if (t && (t.kind === 'nl' || t.kind === 'handle' || (t.kind === 'punct' && t.text === ';'))) c.pos++;
    else return;
  }
}
