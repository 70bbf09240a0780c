/**
 * The words of one rule line read by index, for rule-shape.ts: the tokens tokenize.ts made
 * (TokenWords, which the shape cache keys), or the spans of a line scanned in place (LineWords,
 * which rule-template.ts cuts a line's text around its values with). Both read a line exactly as
 * tokenize.ts does (iptables-restore's `add_param_to_argv`); LineWords gives up on the lines where
 * that takes more than splitting at blanks (a backslash inside quotes, a quote inside a word, a
 * word glued to a closing quote).
 */
import type { Token } from './tokenize';

/** What building a rule from its shape reads of a line's words (shape.ts `buildRule`). */
export interface WordAt {
  /** The 1-based column of word `i` in its line (of its opening quote when quoted), as tokenize.ts gives it. */
  col(i: number): number;
  text(i: number): string;
  /** The text of word `i`, which is slot `s` of its line (a matched line knows its slots' texts by slot). */
  slotText(s: number, i: number): string;
  /** Word `i` as a token. */
  token(i: number): Token;
}

const FNV_PRIME = 16777619;

/** The words of a tokenized line, read by index (rule-slots.ts, shape.ts, the shape cache's key). */
export class TokenWords implements WordAt {
  constructor(private readonly tokens: readonly Token[]) {}
  get count(): number {
    return this.tokens.length;
  }
  /** Whether word `i` is `s`, unquoted. */
  is(i: number, s: string): boolean {
    return !this.tokens[i].quoted && this.tokens[i].text === s;
  }
  /** Whether word `i` is `text` with the same quoting. */
  equals(i: number, text: string, quoted: boolean): boolean {
    return this.tokens[i].quoted === quoted && this.tokens[i].text === text;
  }
  quoted(i: number): boolean {
    return this.tokens[i].quoted;
  }
  text(i: number): string {
    return this.tokens[i].text;
  }
  slotText(_s: number, i: number): string {
    return this.tokens[i].text;
  }
  col(i: number): number {
    return this.tokens[i].col;
  }
  token(i: number): Token {
    return this.tokens[i];
  }
  /** `h` mixed with word `i`'s characters (32-bit FNV-1a). */
  hash(i: number, h: number): number {
    const t = this.tokens[i].text;
    for (let k = 0; k < t.length; k++) h = Math.imul(h ^ t.charCodeAt(k), FNV_PRIME);
    return h;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Space, tab, CR, LF: the blanks tokenize.ts splits words at. */
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
/** More words than any rule of a real dump has: such a line is tokenized instead. */
const MAX_WORDS = 128;

/** The words of a line as spans of it (one instance reused line after line), for rule-template.ts. */
export class LineWords {
  private line = '';
  private readonly starts = new Int32Array(MAX_WORDS);
  private readonly ends = new Int32Array(MAX_WORDS);
  private readonly quotes = new Uint8Array(MAX_WORDS);
  count = 0;

  /**
   * Scans `line` into words.
   * @returns false when the line needs tokenize.ts (see the file's comment) or has too many words.
   */
  scan(line: string): boolean {
    this.line = line;
    const n = line.length;
    let count = 0;
    for (let i = 0; i < n;) {
      const c = line.charCodeAt(i);
      if (isBlank(c)) {
        i++;
        continue;
      }
      if (count === MAX_WORDS) return false;
      if (c === QUOTE) {
        let j = i + 1;
        while (j < n && line.charCodeAt(j) !== QUOTE) if (line.charCodeAt(j++) === BACKSLASH) return false;
        if (j >= n || (j + 1 < n && !isBlank(line.charCodeAt(j + 1)))) return false;
        this.starts[count] = i + 1;
        this.ends[count] = j;
        this.quotes[count++] = 1;
        i = j + 1;
        continue;
      }
      let j = i;
      while (j < n && !isBlank(line.charCodeAt(j))) if (line.charCodeAt(j++) === QUOTE) return false;
      this.starts[count] = i;
      this.ends[count] = j;
      this.quotes[count++] = 0;
      i = j;
    }
    this.count = count;
    return true;
  }

  quoted(i: number): boolean {
    return this.quotes[i] === 1;
  }
  text(i: number): string {
    return this.line.slice(this.starts[i], this.ends[i]);
  }
  /** The offsets of word `i`'s text in the line (inside its quotes when quoted). */
  span(i: number): { from: number; to: number } {
    return { from: this.starts[i], to: this.ends[i] };
  }
  col(i: number): number {
    return this.starts[i] + 1 - this.quotes[i];
  }
  token(i: number): Token {
    return { text: this.text(i), col: this.col(i), quoted: this.quotes[i] === 1 };
  }
}
