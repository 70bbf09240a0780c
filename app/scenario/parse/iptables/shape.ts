/**
 * A shape of rule (rule-shape.ts): the first rule's full parse and where each slot's value lands in
 * it; building a later rule of the shape from its slots' values.
 */
import type { Match, TableName, Target } from '../../../engine/netfilter/types';
import { type HookConstraint, PROTO_NUMBERS, type RuleFacts, RuleError } from './common';
import { type Interner, isSharedMatch, isSharedTarget } from './intern';
import type { DraftRule } from './rule';
import { Slot, slotMatch } from './rule-slots';
import type { TokenWords, WordAt } from './rule-words';
import { dnatTo } from './target-nat';
import type { Token } from './tokenize';

/** What a shape's rules share: the first rule's parse, and where each slot's value lands in it. */
export interface Shape {
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

/**
 * The shape of a rule fully parsed into `draft` from words `w` with slots of `kinds`, or null when
 * its rules cannot be built from it (a slot's part is not where it should be, or a part the rule
 * keeps to itself would be shared). The caller checks that the shape rebuilds `draft`.
 */
export function shapeOf(draft: DraftRule, w: TokenWords, kinds: readonly Slot[]): Shape | null {
  const matchAt = new Int32Array(kinds.length).fill(-1);
  const invert: boolean[] = [];
  for (let s = 0; s < kinds.length; s++) {
    const kind = kinds[s];
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
  if (kinds.filter((k) => k === Slot.Jump || k === Slot.Goto || k === Slot.DnatTo).length > 1) return null;
  // Every part not rebuilt from a slot is reused as it is: it must be the Interner's shared one.
  if (draft.matches.some((m, i) => !rebuilt.has(i) && !isSharedMatch(m))) return null;
  const targetSlot = kinds.some((k) => k === Slot.Jump || k === Slot.Goto || k === Slot.DnatTo);
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
  return {
    draft,
    matchAt,
    constraintAt,
    jumpAt,
    invert,
    proto: proto === undefined ? 0 : typeof proto.proto === 'number' ? proto.proto : PROTO_NUMBERS[proto.proto],
    protoInvert: proto?.invert ?? false,
  };
}

/**
 * The values of one line's slots, read and checked by readSlots (one object, reused line after
 * line): what the table's checks need of a rule (its chain, the chain it jumps to, its hook
 * limits), and what building it needs besides.
 */
export class SlotValues {
  chain = '';
  /** The chain of `-j CHAIN`/`-g CHAIN` (the slot's or the shape's), or ''. */
  jump = '';
  goto = false;
  /** The target when a slot gives it other than as a jump (DNAT), else undefined. */
  target: Target | undefined;
  /** The part each slot gives in place of the shape's match (undefined for other slots). */
  readonly parts: (Match | undefined)[] = [];
  constraints: readonly HookConstraint[] = [];
}

/**
 * Reads the values of words `w`'s slots (at word indexes `slots`, of kinds `kinds`) as the full
 * parser reads them, into `out`. @returns false when a value does not read cleanly (the caller
 * parses the rule in full for its error).
 */
export function readSlots(shape: Shape, w: WordAt, slots: readonly number[], kinds: readonly Slot[], intern: Interner, table: TableName, out: SlotValues): boolean {
  const { draft } = shape;
  out.chain = draft.chain;
  out.jump = draft.target.kind === 'jump' ? draft.target.chain : '';
  out.goto = draft.target.kind === 'jump' && draft.target.goto;
  out.target = undefined;
  for (let s = 0; s < kinds.length; s++) {
    const i = slots[s];
    const kind = kinds[s];
    out.parts[s] = undefined;
    if (kind === Slot.Chain) out.chain = intern.chain(w.slotText(s, i));
    else if (kind === Slot.Jump || kind === Slot.Goto) {
      out.jump = intern.chain(w.slotText(s, i));
      out.goto = kind === Slot.Goto;
    } else if (kind === Slot.DnatTo) {
      const built = dnat(w.token(i), { table, chain: out.chain, proto: shape.proto, protoInvert: shape.protoInvert });
      if (!built) return false;
      out.target = built;
    } else {
      const m = slotMatch(kind, w.slotText(s, i), shape.invert[s], intern);
      if (!m) return false;
      out.parts[s] = m;
    }
  }
  const constraints = draft.constraints;
  out.constraints = constraints.length === 0 ? constraints : constraints.map((c, k) => ({ hooks: c.hooks, col: w.col(shape.constraintAt[k]), what: c.what }));
  return true;
}

/**
 * The rule of words `w`, whose slots are at word indexes `slots` with kinds `kinds`, built from
 * `shape` with the slots' values read as the full parser reads them (readSlots, into `v`);
 * undefined when a value does not read cleanly (the caller parses the rule in full for its error).
 */
export function buildRule(shape: Shape, w: WordAt, slots: readonly number[], kinds: readonly Slot[], intern: Interner, table: TableName, v: SlotValues): DraftRule | undefined {
  if (!readSlots(shape, w, slots, kinds, intern, table, v)) return undefined;
  const { draft } = shape;
  let matches: Match[] | undefined;
  for (let s = 0; s < kinds.length; s++) {
    const m = v.parts[s];
    if (m === undefined) continue;
    matches ??= draft.matches.slice();
    matches[shape.matchAt[s]] = intern.match(m);
  }
  const t = draft.target;
  const target = v.target ?? (v.jump === '' || (t.kind === 'jump' && t.chain === v.jump && t.goto === v.goto) ? t : intern.jump(v.jump, v.goto));
  return {
    chain: v.chain,
    chainCol: w.col(1),
    // Rules never change their matches: the shape's list is shared until a slot replaces a part.
    matches: matches ?? draft.matches,
    target,
    jumpCol: shape.jumpAt < 0 ? 0 : w.col(shape.jumpAt),
    constraints: v.constraints,
  };
}

/** The DNAT target of slot word `t`, or undefined when it does not read cleanly. */
function dnat(t: Token, facts: RuleFacts): Target | undefined {
  try {
    return dnatTo(t, facts);
  } catch (e) {
    if (e instanceof RuleError) return undefined;
    throw e;
  }
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
