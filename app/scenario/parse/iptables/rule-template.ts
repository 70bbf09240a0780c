/**
 * A rule line with its slots' values cut out (rule-shape.ts): the text between the values, word
 * columns and which values are quoted. A later line is of the same shape when it is this text with
 * other values put in, each value one word as tokenize.ts reads it (an unquoted value without
 * blanks or quotes; a quoted one without quotes or backslashes). Comparing text is native string
 * work, so a line of a known shape is recognised without reading it a character at a time.
 */
import type { Token } from './tokenize';
import type { LineWords, WordAt } from './rule-words';

/** A character an unquoted value cannot hold: a blank (tokenize.ts's) or a quote. */
const NOT_IN_PLAIN = /[ \t\r\n"]/;

/**
 * Whether `line` holds `text` at offset `at`. V8's indexOf is a native search, where its
 * startsWith measured several times slower on the slices of a dump a line is; on a mismatch the
 * search goes on through the rest of the line (a few hundred characters at most).
 */
const textAt = (line: string, text: string, at: number): boolean => line.indexOf(text, at) === at;

/** The text of a line around its slots. */
export class LineTemplate {
  private constructor(
    /** The text before the first slot, between slots, and after the last one (slots + 1 parts). */
    private readonly segments: readonly string[],
    /** Whether each slot's word is quoted. */
    private readonly quoted: readonly boolean[],
    /** Word index of each slot. */
    private readonly slotWord: readonly number[],
    /** The template line's column of every word. */
    private readonly cols: Int32Array,
    /** The template line's value length of each slot. */
    private readonly lengths: readonly number[],
  ) {}

  /**
   * The template of `raw`, whose words `words` has just scanned, with slots at word indexes `slots` (ascending).
   */
  static of(raw: string, words: LineWords, slots: readonly number[]): LineTemplate {
    const segments: string[] = [];
    const lengths: number[] = [];
    const quoted: boolean[] = [];
    let at = 0;
    for (const i of slots) {
      const { from, to } = words.span(i);
      segments.push(raw.slice(at, from));
      lengths.push(to - from);
      quoted.push(words.quoted(i));
      at = to;
    }
    segments.push(raw.slice(at));
    const cols = new Int32Array(words.count);
    for (let i = 0; i < words.count; i++) cols[i] = words.col(i);
    return new LineTemplate(segments, quoted, slots, cols, lengths);
  }

  /**
   * Whether `line` is this template with other values; if so `out` reads its words.
   * The values are not checked beyond being one word each (the caller checks what each slot needs).
   */
  match(line: string, out: MatchedWords): boolean {
    const seg = this.segments;
    if (!textAt(line, seg[0], 0)) return false;
    let pos = seg[0].length;
    for (let s = 0; s < this.quoted.length; s++) {
      const next = seg[s + 1];
      let end: number;
      if (this.quoted[s]) {
        end = line.indexOf('"', pos);
        if (end < 0) return false;
      } else end = next === '' ? line.length : line.indexOf(next.charAt(0), pos);
      if (end < 0 || !textAt(line, next, end)) return false;
      out.starts[s] = pos;
      out.ends[s] = end;
      pos = end + next.length;
    }
    if (pos !== line.length) return false;
    out.set(this);
    for (let s = 0; s < this.quoted.length; s++) {
      const v = line.slice(out.starts[s], out.ends[s]);
      if (this.quoted[s] ? v.includes('\\') : v === '' || NOT_IN_PLAIN.test(v)) return false;
      out.texts[s] = v;
    }
    return true;
  }

  /** The column in a matched line of word `i`, given the matched slots' starts and ends. */
  colIn(i: number, starts: Int32Array, ends: Int32Array): number {
    let shift = 0;
    for (let s = 0; s < this.slotWord.length; s++) {
      const w = this.slotWord[s];
      if (w === i) return starts[s] + 1 - (this.quoted[s] ? 1 : 0);
      if (w > i) break;
      shift += ends[s] - starts[s] - this.lengths[s];
    }
    return this.cols[i] + shift;
  }

  /** The slot index of word `i`, or -1. */
  slotOf(i: number): number {
    return this.slotWord.indexOf(i);
  }

  isQuoted(s: number): boolean {
    return this.quoted[s];
  }
}

/** The words of a line a LineTemplate matched: its slots' values and every word's column. */
export class MatchedWords implements WordAt {
  readonly starts = new Int32Array(64);
  readonly ends = new Int32Array(64);
  /** The slots' values (one string each, sliced once). */
  readonly texts: string[] = [];
  private template: LineTemplate | undefined;

  set(template: LineTemplate): void {
    this.template = template;
  }

  col(i: number): number {
    return this.template!.colIn(i, this.starts, this.ends);
  }

  slotText(s: number): string {
    return this.texts[s];
  }

  /** The text of slot word `i` (other words are the template's). */
  text(i: number): string {
    return this.texts[this.template!.slotOf(i)];
  }

  token(i: number): Token {
    return { text: this.text(i), col: this.col(i), quoted: this.template!.isQuoted(this.template!.slotOf(i)) };
  }
}
