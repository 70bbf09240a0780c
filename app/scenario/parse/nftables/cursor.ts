/**
 * A read position in a token list, with the helpers the nft grammar (nftables `src/parser_bison.y`)
 * needs: look at the next token, take it if it is a given word or punctuation, or stop with a
 * positioned syntax error naming the word found and what was expected.
 */
import type { SourceRef } from '../../../engine/source';
import type { NftToken } from './tokenize';

/** A syntax error at a token: the parser stops the current command and reports it. */
export class NftSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    message: string,
  ) {
    super(message);
  }
}

/** How a token is named in messages: `"word"`, `end of line`, `end of input`. */
export function describe(t: NftToken | undefined): string {
  if (!t) return 'the end of the input';
  if (t.kind === 'nl') return 'the end of the line';
  if (t.kind === 'string') return `"${t.text}" (a quoted string)`;
  if (t.kind === 'handle') return `"# handle ${t.text}"`;
  return `"${t.text}"`;
}

/** Tokens `[from, to)` of one list, read left to right. */
export class Cursor {
  pos: number;
  /** Maps a token to its file position (set by the top-level parser). */
  ref: (t: NftToken) => SourceRef | undefined = () => undefined;
  constructor(
    readonly tokens: readonly NftToken[],
    /** The text the tokens were scanned from (for rule and element text). */
    readonly src: string,
    from = 0,
    readonly to = tokens.length,
  ) {
    this.pos = from;
  }

  /** The token `k` places ahead (undefined past the end). */
  peek(k = 0): NftToken | undefined {
    const i = this.pos + k;
    return i < this.to ? this.tokens[i] : undefined;
  }

  atEnd(): boolean {
    return this.pos >= this.to;
  }

  /** True when the next token is the word or punctuation `text` (not a quoted string). */
  is(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.kind !== 'string' && t.kind !== 'nl' && t.text === text;
  }

  /** Takes the next token if it is `text`. */
  accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.pos++;
    return true;
  }

  /** Takes the next token, whatever it is; an error at the end. */
  next(what: string): NftToken {
    const t = this.peek();
    if (!t || t.kind === 'nl') throw this.error(t, `expected ${what}`);
    this.pos++;
    return t;
  }

  /** Takes `text` or throws an error naming what was found. */
  expect(text: string, what = `"${text}"`): NftToken {
    const t = this.peek();
    if (!this.is(text)) throw this.error(t, `expected ${what}`);
    this.pos++;
    return t as NftToken;
  }

  /** Takes a word or a quoted string (a name, a value). */
  name(what: string): NftToken {
    const t = this.peek();
    if (!t || (t.kind !== 'word' && t.kind !== 'string')) throw this.error(t, `expected ${what}`);
    this.pos++;
    return t;
  }

  /** The source text of tokens `[from, to)`, line continuations joined into one line. */
  text(from: number, to = this.pos): string {
    if (to <= from) return '';
    return this.src.slice(this.tokens[from].start, this.tokens[to - 1].end).replace(/[ \t]*\\?\r?\n[ \t]*/g, ' ');
  }

  /** Skips line ends (inside braces, between commands). */
  skipNl(): void {
    while (this.peek()?.kind === 'nl') this.pos++;
  }

  /** An error at `t` (or at the last token when the input ended): `unexpected X: expected …`. */
  error(t: NftToken | undefined, expected: string): NftSyntaxError {
    // Past the end of an item, name what ended it (a line end, ";", "}") rather than the input.
    const found = t ?? this.tokens[this.to];
    const at = found ?? this.tokens[this.tokens.length - 1];
    const line = at?.line ?? 1;
    const col = found ? found.col : at ? at.col + (at.kind === 'nl' ? 0 : at.end - at.start) : 1;
    return new NftSyntaxError(line, col, `unexpected ${describe(found)}: ${expected}`);
  }
}
