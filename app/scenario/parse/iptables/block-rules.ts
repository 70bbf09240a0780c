/**
 * The parsed `-A` lines of one `*table … COMMIT` block, in text order, as the table's checks read
 * them (table.ts) and as the chains build them. A node's dump has tens of thousands of rules, and
 * most are of a shape seen before (rule-shape.ts): such a rule is checked when the file loads, but
 * kept as its line (a span of the dump's text and its shape) and built only when its chain is first
 * read (engine/netfilter/lazy-rules.ts). No object per rule lives through the parse: what the checks
 * read is kept in arrays of numbers and of interned names.
 */
import type { Match, Rule, TableName, Target } from '../../../engine/netfilter/types';
import type { SourceRef } from '../../../engine/source';
import type { HookConstraint } from './common';
import type { DraftRule } from './rule';
import type { RuleShapes, ShapeKey } from './rule-shape';
import type { SlotValues } from './shape';
import { tokenize } from './tokenize';

const LF = 0x0a;
const CR = 0x0d;

/** A rule whose `index` is set when its chain is built. */
export type Draft = { -readonly [K in keyof Rule]: Rule[K] };

/** Where a block's rules come from: the dump's text, its table, its shapes and its positions. */
export interface RuleSource {
  readonly text: string;
  readonly table: TableName;
  readonly shapes: Pick<RuleShapes, 'rebuild' | 'parse'>;
  /** The file position of a block line and column. */
  readonly src: (lineNo: number, col: number) => SourceRef;
}

/** The `-A` lines of a block: what the table's checks read, and how to build each rule. */
export class BlockRules {
  /** The rule, or null while it is kept as its line (built by `rule`). */
  readonly rules: (Draft | null)[] = [];
  /** The chain each rule appends to (interned). */
  readonly chain: string[] = [];
  /** The chain of `-j CHAIN`/`-g CHAIN`, or '' for another target. */
  readonly jump: string[] = [];
  readonly lineNo: number[] = [];
  /** For a rule kept as its line: where the line starts in the text, and its shape (else -1, null). */
  private readonly start: number[] = [];
  private readonly key: (ShapeKey | null)[] = [];
  /** For a rule added from its full parse: the columns of its chain and jump, only the checks' errors read. */
  private readonly cols = new Map<number, { readonly chainCol: number; readonly jumpCol: number }>();
  /** Hook limits by position in `rules` (most rules have none). */
  readonly constraints = new Map<number, readonly HookConstraint[]>();
  /** The kinds of match and target of the rules added with `noteKinds` (Table.partKinds). */
  readonly kinds = new Set<Match['kind'] | Target['kind']>();

  constructor(private readonly from: RuleSource) {}

  /** How many rules were added. */
  get length(): number {
    return this.rules.length;
  }

  /** Adds the rule of line `lineNo` from its full parse (`draft`), its text and source. */
  add(lineNo: number, text: string, source: SourceRef, draft: DraftRule): void {
    for (const m of draft.matches) this.kinds.add(m.kind);
    this.kinds.add(draft.target.kind);
    this.cols.set(this.rules.length, { chainCol: draft.chainCol, jumpCol: draft.jumpCol });
    this.rules.push({ table: this.from.table, chain: draft.chain, index: 0, text, matches: draft.matches, target: draft.target, source });
    this.note(lineNo, draft.chain, draft.target.kind === 'jump' ? draft.target.chain : '', draft.constraints, -1, null);
  }

  /**
   * Adds the rule of line `lineNo`, which starts at offset `start` of the text, checked by reading
   * its values `v` by shape `key` (whose first rule's kinds were noted): the rule is kept as its line.
   */
  addLine(lineNo: number, start: number, key: ShapeKey, v: Readonly<SlotValues>): void {
    this.rules.push(null);
    this.note(lineNo, v.chain, v.jump, v.constraints, start, key);
  }

  private note(lineNo: number, chain: string, jump: string, constraints: readonly HookConstraint[], start: number, key: ShapeKey | null): void {
    const r = this.lineNo.length;
    this.chain.push(chain);
    this.jump.push(jump);
    this.lineNo.push(lineNo);
    this.start.push(start);
    this.key.push(key);
    if (constraints.length > 0) this.constraints.set(r, constraints);
  }

  /** Whether rule `r` is kept as its line. */
  isLine(r: number): boolean {
    return this.rules[r] === null;
  }

  /** Column of rule `r`'s chain name after `-A` (for an error about it). */
  chainCol(r: number): number {
    return this.cols.get(r)?.chainCol ?? this.draft(r).chainCol;
  }

  /** Column of the chain name of rule `r`'s `-j CHAIN`/`-g CHAIN`, 0 without a jump (for an error about it). */
  jumpCol(r: number): number {
    return this.cols.get(r)?.jumpCol ?? this.draft(r).jumpCol;
  }

  /**
   * Rule `r` with `index` as its position: the one added, or built from its line (the same rule
   * the shape built when it was checked).
   */
  rule(r: number, index: number): Rule {
    const added = this.rules[r];
    if (added) {
      added.index = index;
      return added;
    }
    const raw = this.line(r);
    const draft = this.draft(r, raw);
    const col0 = raw.length - raw.trimStart().length + 1;
    return { table: this.from.table, chain: draft.chain, index, text: raw.trim(), matches: draft.matches, target: draft.target, source: this.from.src(this.lineNo[r], col0) };
  }

  /** The text of the line of rule `r`, kept as its line (without its line break). */
  private line(r: number): string {
    const { text } = this.from;
    const from = this.start[r];
    let to = from;
    while (to < text.length && text.charCodeAt(to) !== LF && text.charCodeAt(to) !== CR) to++;
    return text.slice(from, to);
  }

  /** The parse of rule `r`, kept as its line `raw`: by its shape, or in full should the shape ever not read it. */
  private draft(r: number, raw = this.line(r)): DraftRule {
    const built = this.from.shapes.rebuild(this.key[r]!, raw);
    if (built) return built;
    const tk = tokenize(raw);
    if (!tk.ok) throw new Error(`internal: a rule line that loaded no longer tokenizes (${tk.message})`);
    return this.from.shapes.parse(tk.tokens);
  }
}
