/**
 * Rules shaped alike, parsed once. A node's dump is written by a program (kube-proxy, Calico,
 * Docker): tens of thousands of `-A` lines repeat a handful of shapes and differ only in their data
 * (the chain, a Service's address, its comment, the chain it jumps to, an endpoint's address). The
 * first rule of a shape is parsed in full (rule.ts); a later rule of the same shape is built from
 * that parse with its data values re-read by the same value parsers. The result is the same
 * DraftRule a full parse gives (checked for every new shape, and by rule-shape.test.ts against the
 * full parse of every bundled and generated dump); any rule whose values do not read cleanly is
 * parsed in full, so its error is the full parser's.
 *
 * Which words are data (slots) is rule-slots.ts's to say.
 */
import type { TableName } from '../../../engine/netfilter/types';
import type { Interner } from './intern';
import { type DraftRule, parseRuleTokens } from './rule';
import { Slot, fitsSlot, slotAt } from './rule-slots';
import { type Shape, SlotValues, buildRule, readSlots, shapeOf } from './shape';
import { LineTemplate, MatchedWords } from './rule-template';
import { LineWords, TokenWords, type WordAt } from './rule-words';
import type { Token } from './tokenize';

/** A known shape: its first rule's words (the slots' values aside), its slots, and the shape (null when its rules are parsed in full). */
interface Entry {
  readonly words: readonly Token[];
  readonly slots: readonly number[];
  readonly kinds: readonly Slot[];
  readonly shape: Shape | null;
  /** The first line's text around the slots, once seen (recognises later lines by their text). */
  template?: LineTemplate;
  /** The entry of the line that followed this one's last time (a generated dump repeats its order). */
  next?: Entry;
}

/** The shape a line was checked by (checkLine), to build its rule from it later (rebuild). */
export type ShapeKey = object;

/** Shapes whose lines are looked for by their text, most recently used first. */
const RECENT = 8;

/** Shapes kept at most (a file of unlike rules does not grow the cache without bound). */
const MAX_SHAPES = 10_000;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

/** The rules of one table of one dump, parsed shape by shape. */
export class RuleShapes {
  private readonly entries = new Map<number, Entry[]>();
  private size = 0;
  private readonly slotBuf: number[] = [];
  private readonly kindBuf: Slot[] = [];
  /** The slots of the line being read: word indexes and kinds. */
  private slots: readonly number[] = this.slotBuf;
  private kinds: readonly Slot[] = this.kindBuf;
  private readonly line = new LineWords();
  private readonly matched = new MatchedWords();
  /** The entry of the line read last, when it has a template. */
  private last: Entry | undefined;
  /** Entries with a shape and a template, most recently used first. */
  private readonly recent: Entry[] = [];
  /** The hash of the words find looked for last. */
  private hash = 0;
  /** The slots' values of the line read last. */
  private readonly values = new SlotValues();
  /** How many rules were built from a shape rather than parsed in full. */
  built = 0;

  constructor(
    private readonly table: TableName,
    private readonly intern: Interner,
  ) {}

  /**
   * Parses the words of one `-A CHAIN …` line (as parseRuleTokens does, with the same result).
   * @throws RuleError at the first problem, as parseRuleTokens.
   */
  parse(tokens: readonly Token[], raw?: string): DraftRule {
    const words = new TokenWords(tokens);
    let found = this.find(words);
    let draft = found?.shape ? this.instantiate(found.shape, words) : undefined;
    if (draft) this.built++;
    else {
      draft = parseRuleTokens(tokens, this.table, this.intern);
      if (found === undefined && this.size < MAX_SHAPES) found = this.remember(tokens, this.shapeOf(draft, words));
    }
    if (found?.shape && raw !== undefined) this.recognise(found, raw, tokens.length);
    this.follow(found?.template ? found : undefined);
    return draft;
  }

  /**
   * Checks the `-A CHAIN …` line `raw` against a recently used shape whose text it matches, without
   * reading it a word at a time and without building the rule: its values are read and checked as
   * buildRule reads them (readSlots), and rebuild(lastKey, raw) builds the rule when it is needed.
   * @returns the line's slot values (the object is reused by the next call); undefined when it
   *   matches no shape or a value does not read cleanly (tokenize the line and call parse, which
   *   gives the full parser's result or error).
   */
  checkLine(raw: string): Readonly<SlotValues> | undefined {
    const e = this.entryOf(raw);
    const ok = e !== undefined && readSlots(e.shape!, this.matched, e.slots, e.kinds, this.intern, this.table, this.values);
    this.follow(ok ? e : undefined);
    if (!ok) return undefined;
    this.built++;
    return this.values;
  }

  /** The entry of a recently used shape whose template line `raw` matches (its words then in `matched`), or undefined. */
  private entryOf(raw: string): Entry | undefined {
    const guess = this.last?.next;
    if (guess && guess.template!.match(raw, this.matched) && this.valuesFit(guess)) return guess;
    const recent = this.recent;
    for (let k = 0; k < recent.length; k++) {
      const e = recent[k];
      if (e === guess || !e.template!.match(raw, this.matched) || !this.valuesFit(e)) continue;
      if (k > 0) {
        recent.splice(k, 1);
        recent.unshift(e);
      }
      return e;
    }
    this.last = undefined;
    return undefined;
  }

  /** The shape of the line checkLine read last. */
  get lastKey(): ShapeKey {
    return this.last!;
  }

  /**
   * The rule of line `raw` built from shape `key`, which checked it when it was read (checkLine);
   * undefined should the line not be of that shape.
   */
  rebuild(key: ShapeKey, raw: string): DraftRule | undefined {
    const e = key as Entry;
    if (!e.shape || !e.template?.match(raw, this.matched) || !this.valuesFit(e)) return undefined;
    this.slots = e.slots;
    this.kinds = e.kinds;
    return this.instantiate(e.shape, this.matched);
  }

  /** Notes that the line just read was of entry `e` (undefined: of no known entry). */
  private follow(e: Entry | undefined): void {
    if (this.last && e) this.last.next = e;
    this.last = e;
  }

  /** Whether the values `matched` holds are slots of entry `e`'s kinds (as find would decide). */
  private valuesFit(e: Entry): boolean {
    for (let s = 0; s < e.slots.length; s++) if (!fitsSlot(e.kinds[s], this.matched.text(e.slots[s]))) return false;
    return true;
  }

  /** Puts entry `e` first among the shapes looked for by text, with the template of its line `raw`. */
  private recognise(e: Entry, raw: string, count: number): void {
    if (!e.template) {
      if (!this.line.scan(raw) || this.line.count !== count) return;
      e.template = LineTemplate.of(raw, this.line, e.slots);
    }
    const at = this.recent.indexOf(e);
    if (at === 0) return;
    if (at > 0) this.recent.splice(at, 1);
    this.recent.unshift(e);
    if (this.recent.length > RECENT) this.recent.pop();
  }

  /** The known entry of `w`'s shape, or undefined; leaves `w`'s slots in `slots`/`kinds`. */
  private find(w: TokenWords): Entry | undefined {
    this.slots = this.slotBuf;
    this.kinds = this.kindBuf;
    this.slotBuf.length = 0;
    this.kindBuf.length = 0;
    let h = FNV_OFFSET;
    for (let i = 0; i < w.count; i++) {
      const kind = slotAt(w, i);
      if (kind !== Slot.None) {
        this.slotBuf.push(i);
        this.kindBuf.push(kind);
        h = Math.imul(h ^ (0x100 + kind), FNV_PRIME);
      } else h = Math.imul(w.hash(i, h) ^ (w.quoted(i) ? 0x201 : 0x200), FNV_PRIME);
    }
    const list = this.entries.get(h);
    if (list) for (const e of list) if (this.matches(e, w)) return e;
    this.hash = h;
    return undefined;
  }

  private matches(e: Entry, w: TokenWords): boolean {
    if (e.words.length !== w.count || e.slots.length !== this.slots.length) return false;
    for (let s = 0; s < this.slots.length; s++) if (e.slots[s] !== this.slots[s] || e.kinds[s] !== this.kinds[s]) return false;
    let s = 0;
    for (let i = 0; i < w.count; i++) {
      if (i === e.slots[s]) {
        s++;
        continue;
      }
      if (!w.equals(i, e.words[i].text, e.words[i].quoted)) return false;
    }
    return true;
  }

  /** Keeps the shape of `tokens` (just looked for with find). */
  private remember(tokens: readonly Token[], shape: Shape | null): Entry {
    const list = this.entries.get(this.hash) ?? [];
    const e: Entry = { words: tokens, slots: this.slots.slice(), kinds: this.kinds.slice(), shape };
    list.push(e);
    this.entries.set(this.hash, list);
    this.size++;
    return e;
  }

  /** The shape of a rule fully parsed into `draft` from words `w` (whose slots find left in `slots`/`kinds`). */
  private shapeOf(draft: DraftRule, w: TokenWords): Shape | null {
    const shape = shapeOf(draft, w, this.kinds);
    // The shape must rebuild its own first rule exactly, or it is not used.
    const again = shape && this.instantiate(shape, w);
    return again && JSON.stringify(again) === JSON.stringify(draft) ? shape : null;
  }

  /** The rule of words `w` (whose slots are in `slots`/`kinds`) built from `shape`, or undefined when a value does not read cleanly. */
  private instantiate(shape: Shape, w: WordAt): DraftRule | undefined {
    return buildRule(shape, w, this.slots, this.kinds, this.intern, this.table, this.values);
  }
}
