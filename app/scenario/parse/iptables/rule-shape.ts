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
import { parseCidr } from './values';

/** What a word of a rule is to its shape: part of it (None) or one of the slots. */
const Slot = { None: 0, Chain: 1, Src: 2, Dst: 3, Comment: 4, Jump: 5, Goto: 6, DnatTo: 7 } as const;
type Slot = (typeof Slot)[keyof typeof Slot];

/** What a shape's rules share: the first rule's parse, and where each slot's value lands in it. */
interface Shape {
  readonly draft: DraftRule;
  /** Index in `draft.matches` of the match each slot replaces (-1 for the chain and target slots). */
  readonly matchAt: Int32Array;
  /** Token index of each constraint's column (constraints are positioned at words). */
  readonly constraintAt: Int32Array;
  /** Token index of the jump's chain name, or -1. */
  readonly jumpAt: number;
  readonly invert: readonly boolean[];
  readonly proto: number;
  readonly protoInvert: boolean;
}

/** Keys of shapes kept at most (a file of unlike rules does not grow the cache without bound). */
const MAX_SHAPES = 10_000;

/** Marks a built-in chain name (never a slot). */
const BUILTIN_CHAINS = new Set<string>(Object.values(TABLE_HOOKS).flat());

/** The slot the word `t` after `prev` is, or Slot.None. */
function slotAfter(prev: Token, t: Token, last: boolean, tokens: readonly Token[], i: number): Slot {
  if (prev.quoted) return Slot.None;
  switch (prev.text) {
    case '-s':
      return plain(t) ? Slot.Src : Slot.None;
    case '-d':
      return plain(t) ? Slot.Dst : Slot.None;
    case '--comment':
      return t.quoted ? Slot.Comment : Slot.None;
    case '-j':
      return plain(t) && !isTargetName(t.text) ? Slot.Jump : Slot.None;
    case '-g':
      return plain(t) && !isTargetName(t.text) ? Slot.Goto : Slot.None;
    case '--to-destination':
      return last && plain(t) && i >= 4 && tokens[i - 2].text === 'DNAT' && tokens[i - 3].text === '-j' && !tokens[i - 2].quoted ? Slot.DnatTo : Slot.None;
    default:
      return Slot.None;
  }
}

/** An unquoted word that is not `!` and not an option. */
const plain = (t: Token): boolean => !t.quoted && t.text !== '!' && !t.text.startsWith('-');

/** The rules of one table of one dump, parsed shape by shape. */
export class RuleShapes {
  private readonly shapes = new Map<string, Shape | null>();
  private readonly slots: number[] = [];
  private readonly kinds: Slot[] = [];
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
  parse(tokens: readonly Token[]): DraftRule {
    const key = this.keyOf(tokens);
    const shape = this.shapes.get(key);
    if (shape) {
      const draft = this.instantiate(shape, tokens);
      if (draft) {
        this.built++;
        return draft;
      }
    }
    const draft = parseRuleTokens(tokens, this.table, this.intern);
    if (shape === undefined && this.shapes.size < MAX_SHAPES) this.shapes.set(key, this.shapeOf(draft, tokens));
    return draft;
  }

  /** The words of `tokens` with the slots' values left out; fills `slots`/`kinds` with the slots. */
  private keyOf(tokens: readonly Token[]): string {
    this.slots.length = 0;
    this.kinds.length = 0;
    let key = '';
    const n = tokens.length;
    for (let i = 0; i < n; i++) {
      const t = tokens[i];
      let kind: Slot = Slot.None;
      if (i === 1) kind = plain(t) && !BUILTIN_CHAINS.has(t.text) ? Slot.Chain : Slot.None;
      else if (i > 1) kind = slotAfter(tokens[i - 1], t, i === n - 1, tokens, i);
      if (kind !== Slot.None) {
        this.slots.push(i);
        this.kinds.push(kind);
        key += `\u0001${kind}`;
      } else key += t.quoted ? `\u0002${t.text}` : `\u0003${t.text}`;
    }
    return key;
  }

  /** The shape of a rule fully parsed into `draft`, or null when its rules cannot be built from it. */
  private shapeOf(draft: DraftRule, tokens: readonly Token[]): Shape | null {
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
    const constraintAt = new Int32Array(draft.constraints.length);
    for (let c = 0; c < draft.constraints.length; c++) {
      constraintAt[c] = tokens.findIndex((t) => t.col === draft.constraints[c].col);
      if (constraintAt[c] < 0) return null;
    }
    const jumpAt = draft.jumpCol > 0 ? tokens.findIndex((t) => t.col === draft.jumpCol) : -1;
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
    const again = this.instantiate(shape, tokens);
    return again && JSON.stringify(again) === JSON.stringify(draft) ? shape : null;
  }

  /** The rule of `tokens` built from `shape`, or undefined when a value does not read cleanly. */
  private instantiate(shape: Shape, tokens: readonly Token[]): DraftRule | undefined {
    const { draft } = shape;
    const intern = this.intern;
    let chain = draft.chain;
    let target = draft.target;
    let matches: Match[] | undefined;
    for (let s = 0; s < this.kinds.length; s++) {
      const t = tokens[this.slots[s]];
      const kind = this.kinds[s];
      if (kind === Slot.Chain) chain = intern.chain(t.text);
      else if (kind === Slot.Jump || kind === Slot.Goto) target = intern.target({ kind: 'jump', chain: intern.chain(t.text), goto: kind === Slot.Goto });
      else if (kind === Slot.DnatTo) {
        const built = this.dnat(shape, t, chain);
        if (!built) return undefined;
        target = built;
      } else {
        const m = slotMatch(kind, t, shape.invert[s]);
        if (!m) return undefined;
        matches ??= draft.matches.slice();
        matches[shape.matchAt[s]] = intern.match(m);
      }
    }
    let constraints: readonly HookConstraint[] = draft.constraints;
    if (constraints.length > 0) constraints = constraints.map((c, i) => ({ hooks: c.hooks, col: tokens[shape.constraintAt[i]].col, what: c.what }));
    return {
      chain,
      chainCol: tokens[1].col,
      // Rules never change their matches: the shape's list is shared until a slot replaces a part.
      matches: matches ?? draft.matches,
      target,
      jumpCol: shape.jumpAt < 0 ? 0 : tokens[shape.jumpAt].col,
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
function slotMatch(kind: Slot, t: Token, invert: boolean): Match | undefined {
  if (kind === Slot.Comment) return t.text.length > 255 ? undefined : { kind: 'comment', text: t.text };
  const c = parseCidr(t.text);
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
