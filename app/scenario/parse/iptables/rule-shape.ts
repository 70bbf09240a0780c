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
 * A word is data (a slot) only where the parser reads it as one value whatever its text:
 * - the chain after `-A`, unless it names a built-in chain (the parser checks `-i`/`-o` against those);
 * - the address after `-s`/`-d` (`parseCidr`);
 * - a quoted `--comment` (an unquoted one may take the words after it);
 * - the chain after `-j`/`-g`, unless it names a target;
 * - the address after `--to-destination` when it ends a `-j DNAT` rule (`dnatTo`).
 */
import type { Match, TableName, Target } from '../../../engine/netfilter/types';
import { type HookConstraint, PROTO_NUMBERS, type RuleFacts, RuleError } from './common';
import { type Interner, isSharedMatch, isSharedTarget } from './intern';
import { type DraftRule, TABLE_HOOKS, parseRuleTokens } from './rule';
import { dnatTo } from './target-nat';
import { isTargetName } from './targets';
import type { Token } from './tokenize';
import { LineWords, TokenWords, type WordAt, type Words } from './rule-words';
import { LineTemplate, MatchedWords } from './rule-template';
import { parseCidr } from './values';

/** What a word of a rule is to its shape: part of it (None) or one of the slots. */
const Slot = { None: 0, Chain: 1, Src: 2, Dst: 3, Comment: 4, Jump: 5, Goto: 6, DnatTo: 7 } as const;
type Slot = (typeof Slot)[keyof typeof Slot];

/** What a shape's rules share: the first rule's parse, and where each slot's value lands in it. */
interface Shape {
  readonly draft: DraftRule;
  /** Index in `draft.matches` of the match each slot replaces (-1 for the chain and target slots). */
  readonly matchAt: Int32Array;
  /** Word index of each constraint's column (constraints are positioned at words). */
  readonly constraintAt: Int32Array;
  /** Word index of the jump's chain name, or -1. */
  readonly jumpAt: number;
  readonly invert: readonly boolean[];
  readonly proto: number;
  readonly protoInvert: boolean;
}

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

/** Shapes whose lines are looked for by their text, most recently used first. */
const RECENT = 8;

/** Shapes kept at most (a file of unlike rules does not grow the cache without bound). */
const MAX_SHAPES = 10_000;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

/** Built-in chain names (never a slot: the parser checks `-i`/`-o` against them). */
const BUILTIN_CHAINS = new Set<string>(Object.values(TABLE_HOOKS).flat());

/** An unquoted word that is not `!` and not an option. */
const plain = (w: Words, i: number): boolean => !w.quoted(i) && !w.is(i, '!') && w.first(i) !== 0x2d;

/** The slot word `i` (≥ 2) of `w` is, or Slot.None. */
function slotAt(w: Words, i: number): Slot {
  const p = i - 1;
  if (w.quoted(p)) return Slot.None;
  if (w.is(p, '-s')) return plain(w, i) ? Slot.Src : Slot.None;
  if (w.is(p, '-d')) return plain(w, i) ? Slot.Dst : Slot.None;
  if (w.is(p, '--comment')) return w.quoted(i) ? Slot.Comment : Slot.None;
  const jump = w.is(p, '-j');
  if (jump || w.is(p, '-g')) return plain(w, i) && !isTargetName(w.text(i)) ? (jump ? Slot.Jump : Slot.Goto) : Slot.None;
  if (w.is(p, '--to-destination')) return i === w.count - 1 && i >= 4 && plain(w, i) && w.is(i - 2, 'DNAT') && w.is(i - 3, '-j') ? Slot.DnatTo : Slot.None;
  return Slot.None;
}

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
   * Builds the rule of the `-A CHAIN …` line `raw` from a recently used shape whose text it
   * matches, without reading it a word at a time.
   * @returns undefined when it matches none, or a value does not read cleanly (tokenize the line
   *   and call parse, which gives the full parser's result or error).
   */
  parseLine(raw: string): DraftRule | undefined {
    const guess = this.last?.next;
    if (guess && guess.template!.match(raw, this.matched) && this.valuesFit(guess)) return this.fromEntry(guess);
    const recent = this.recent;
    for (let k = 0; k < recent.length; k++) {
      const e = recent[k];
      if (e === guess || !e.template!.match(raw, this.matched) || !this.valuesFit(e)) continue;
      if (k > 0) {
        recent.splice(k, 1);
        recent.unshift(e);
      }
      return this.fromEntry(e);
    }
    this.last = undefined;
    return undefined;
  }

  /** The rule of the line `matched` holds, built from entry `e` whose template it matched (or undefined, see parseLine). */
  private fromEntry(e: Entry): DraftRule | undefined {
    this.slots = e.slots;
    this.kinds = e.kinds;
    const draft = this.instantiate(e.shape!, this.matched);
    this.follow(draft ? e : undefined);
    if (draft) this.built++;
    return draft;
  }

  /** Notes that the line just read was of entry `e` (undefined: of no known entry). */
  private follow(e: Entry | undefined): void {
    if (this.last && e) this.last.next = e;
    this.last = e;
  }

  /** Whether the values `matched` holds are slots of entry `e`'s kinds (as find would decide). */
  private valuesFit(e: Entry): boolean {
    for (let s = 0; s < e.slots.length; s++) {
      const kind = e.kinds[s];
      if (kind === Slot.Comment) continue;
      const v = this.matched.text(e.slots[s]);
      if (v === '!' || v.startsWith('-')) return false;
      if (kind === Slot.Chain && BUILTIN_CHAINS.has(v)) return false;
      if ((kind === Slot.Jump || kind === Slot.Goto) && isTargetName(v)) return false;
    }
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
  private find(w: Words): Entry | undefined {
    this.slots = this.slotBuf;
    this.kinds = this.kindBuf;
    this.slotBuf.length = 0;
    this.kindBuf.length = 0;
    let h = FNV_OFFSET;
    for (let i = 0; i < w.count; i++) {
      let kind: Slot = Slot.None;
      if (i === 1) kind = plain(w, 1) && !BUILTIN_CHAINS.has(w.text(1)) ? Slot.Chain : Slot.None;
      else if (i > 1) kind = slotAt(w, i);
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

  private matches(e: Entry, w: Words): boolean {
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

  /** The shape of a rule fully parsed into `draft` from words `w`, or null when its rules cannot be built from it. */
  private shapeOf(draft: DraftRule, w: Words): Shape | null {
    const matchAt = new Int32Array(this.kinds.length).fill(-1);
    const invert: boolean[] = [];
    for (let s = 0; s < this.kinds.length; s++) {
      const kind = this.kinds[s];
      const want = kind === Slot.Src ? 'src' : kind === Slot.Dst ? 'dst' : kind === Slot.Comment ? 'comment' : undefined;
      invert.push(false);
      if (!want) continue;
      const at = onlyIndex(draft.matches, want);
      if (at < 0) return null;
      matchAt[s] = at;
      const m = draft.matches[at];
      if (m.kind === 'src' || m.kind === 'dst') invert[s] = m.invert;
    }
    // One slot per rebuilt part, at most one target slot (a word read as another option's value
    // can look like a slot).
    const rebuilt = new Set(matchAt);
    if (rebuilt.size - (rebuilt.has(-1) ? 1 : 0) !== matchAt.filter((a) => a >= 0).length) return null;
    if (this.kinds.filter((k) => k === Slot.Jump || k === Slot.Goto || k === Slot.DnatTo).length > 1) return null;
    // Every part not rebuilt from a slot is reused as it is: it must be the Interner's shared one.
    if (draft.matches.some((m, i) => !rebuilt.has(i) && !isSharedMatch(m))) return null;
    const targetSlot = this.kinds.some((k) => k === Slot.Jump || k === Slot.Goto || k === Slot.DnatTo);
    if (!targetSlot && draft.target.kind !== 'jump' && !isSharedTarget(draft.target)) return null;
    const wordAt = (col: number): number => {
      for (let i = 0; i < w.count; i++) if (w.col(i) === col) return i;
      return -1;
    };
    const constraintAt = new Int32Array(draft.constraints.map((c) => wordAt(c.col)));
    if (constraintAt.includes(-1)) return null;
    const jumpAt = draft.jumpCol > 0 ? wordAt(draft.jumpCol) : -1;
    if (draft.jumpCol > 0 && jumpAt < 0) return null;
    const proto = draft.matches.find((m) => m.kind === 'proto');
    const shape: Shape = {
      draft,
      matchAt,
      constraintAt,
      jumpAt,
      invert,
      proto: proto === undefined ? 0 : typeof proto.proto === 'number' ? proto.proto : PROTO_NUMBERS[proto.proto],
      protoInvert: proto?.invert ?? false,
    };
    // The shape must rebuild its own first rule exactly, or it is not used.
    const again = this.instantiate(shape, w);
    return again && JSON.stringify(again) === JSON.stringify(draft) ? shape : null;
  }

  /** The rule of words `w` (whose slots find left in `slots`) built from `shape`, or undefined when a value does not read cleanly. */
  private instantiate(shape: Shape, w: WordAt): DraftRule | undefined {
    const { draft } = shape;
    const intern = this.intern;
    let chain = draft.chain;
    let target = draft.target;
    let matches: Match[] | undefined;
    for (let s = 0; s < this.kinds.length; s++) {
      const i = this.slots[s];
      const kind = this.kinds[s];
      if (kind === Slot.Chain) chain = intern.chain(w.text(i));
      else if (kind === Slot.Jump || kind === Slot.Goto) target = intern.jump(intern.chain(w.text(i)), kind === Slot.Goto);
      else if (kind === Slot.DnatTo) {
        const built = this.dnat(shape, w.token(i), chain);
        if (!built) return undefined;
        target = built;
      } else {
        const m = slotMatch(kind, w.text(i), shape.invert[s]);
        if (!m) return undefined;
        matches ??= draft.matches.slice();
        matches[shape.matchAt[s]] = intern.match(m);
      }
    }
    let constraints: readonly HookConstraint[] = draft.constraints;
    if (constraints.length > 0) constraints = constraints.map((c, k) => ({ hooks: c.hooks, col: w.col(shape.constraintAt[k]), what: c.what }));
    return {
      chain,
      chainCol: w.col(1),
      // Rules never change their matches: the shape's list is shared until a slot replaces a part.
      matches: matches ?? draft.matches,
      target,
      jumpCol: shape.jumpAt < 0 ? 0 : w.col(shape.jumpAt),
      constraints,
    };
  }

  private dnat(shape: Shape, t: Token, chain: string): Target | undefined {
    const facts: RuleFacts = { table: this.table, chain, proto: shape.proto, protoInvert: shape.protoInvert };
    try {
      return dnatTo(t, facts);
    } catch (e) {
      if (e instanceof RuleError) return undefined;
      throw e;
    }
  }
}

/** The match a src, dst or comment slot's word reads as, or undefined when it does not read cleanly. */
function slotMatch(kind: Slot, text: string, invert: boolean): Match | undefined {
  if (kind === Slot.Comment) return text.length > 255 ? undefined : { kind: 'comment', text };
  const c = parseCidr(text);
  if (!c.ok) return undefined;
  return kind === Slot.Src ? { kind: 'src', cidr: c.value, invert } : { kind: 'dst', cidr: c.value, invert };
}

/** The index of the one match of `kind` in `matches`, or -1 when there is none or more than one. */
function onlyIndex(matches: readonly Match[], kind: Match['kind']): number {
  let at = -1;
  for (let i = 0; i < matches.length; i++) {
    if (matches[i].kind !== kind) continue;
    if (at >= 0) return -1;
    at = i;
  }
  return at;
}
