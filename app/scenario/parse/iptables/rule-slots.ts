/**
 * Which words of a rule line are data (slots) to its shape (rule-shape.ts), and what a slot's word
 * reads as. A word is a slot only where the parser (rule.ts) reads it as one value whatever its
 * text:
 * - the chain after `-A`, unless it names a built-in chain (the parser checks `-i`/`-o` against those);
 * - the address after `-s`/`-d` (`parseCidr`);
 * - a quoted `--comment` (an unquoted one may take the words after it);
 * - the chain after `-j`/`-g`, unless it names a target;
 * - the address after `--to-destination` when it ends a `-j DNAT` rule (`dnatTo`).
 */
import type { Match } from '../../../engine/netfilter/types';
import type { Interner } from './intern';
import { TABLE_HOOKS } from './rule';
import type { TokenWords } from './rule-words';
import { isTargetName } from './targets';

/** What a word of a rule is to its shape: part of it (None) or one of the slots. */
export const Slot = { None: 0, Chain: 1, Src: 2, Dst: 3, Comment: 4, Jump: 5, Goto: 6, DnatTo: 7 } as const;
export type Slot = (typeof Slot)[keyof typeof Slot];

/** Built-in chain names (never a slot). */
const BUILTIN_CHAINS = new Set<string>(Object.values(TABLE_HOOKS).flat());
/** The longest of them: a longer word is ruled out before it is hashed. */
const LONGEST_BUILTIN = Math.max(...[...BUILTIN_CHAINS].map((c) => c.length));

/**
 * Whether `text`, an unquoted word (or, for Slot.Comment, a quoted one), can be the value of a slot
 * of `kind`: not `!`, not an option, not a built-in chain for the chain slot, not a target's name
 * for a jump.
 */
export function fitsSlot(kind: Slot, text: string): boolean {
  if (kind === Slot.Comment) return true;
  if (text === '' || text === '!' || text.charCodeAt(0) === 0x2d) return false;
  if (kind === Slot.Chain) return text.length > LONGEST_BUILTIN || !BUILTIN_CHAINS.has(text);
  if (kind === Slot.Jump || kind === Slot.Goto) return !isTargetName(text);
  return true;
}

/** The slot word `i` of `w` is, or Slot.None. */
export function slotAt(w: TokenWords, i: number): Slot {
  if (i === 0) return Slot.None;
  if (i === 1) return !w.quoted(1) && fitsSlot(Slot.Chain, w.text(1)) ? Slot.Chain : Slot.None;
  const p = i - 1;
  if (w.quoted(p)) return Slot.None;
  if (w.is(p, '--comment')) return w.quoted(i) ? Slot.Comment : Slot.None;
  if (w.quoted(i)) return Slot.None;
  let kind: Slot = Slot.None;
  if (w.is(p, '-s')) kind = Slot.Src;
  else if (w.is(p, '-d')) kind = Slot.Dst;
  else if (w.is(p, '-j')) kind = Slot.Jump;
  else if (w.is(p, '-g')) kind = Slot.Goto;
  else if (w.is(p, '--to-destination') && i === w.count - 1 && i >= 4 && w.is(i - 2, 'DNAT') && w.is(i - 3, '-j')) kind = Slot.DnatTo;
  return kind !== Slot.None && fitsSlot(kind, w.text(i)) ? kind : Slot.None;
}

/** The match a src, dst or comment slot's word reads as, or undefined when it does not read cleanly. */
export function slotMatch(kind: Slot, text: string, invert: boolean, intern: Interner): Match | undefined {
  if (kind === Slot.Comment) return text.length > 255 ? undefined : { kind: 'comment', text };
  const c = intern.cidr(text);
  if (!c.ok) return undefined;
  return kind === Slot.Src ? { kind: 'src', cidr: c.value, invert } : { kind: 'dst', cidr: c.value, invert };
}
