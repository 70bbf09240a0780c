/**
 * The parsed `-A` lines of one `*table … COMMIT` block, in text order, as the table's checks read
 * them (table.ts) and as the chains build them. A node's dump has tens of thousands of rules, and
 * most are of a shape seen before (rule-shape.ts): such a rule is checked when the file loads but
 * kept as its line (rule-lines.ts) until its chain is first read. No object per rule lives through
 * the parse: what the checks read is kept in arrays of numbers and of interned names.
 */
import type { Match, Rule, TableName, Target } from '../../../engine/netfilter/types';
import type { SourceRef } from '../../../engine/source';
import type { HookConstraint } from './common';
import type { DraftRule } from './rule';
import type { RuleLines } from './rule-lines';
import type { ShapeKey } from './rule-shape';
import type { SlotValues } from './shape';

/** A rule whose `index` is set when its chain is built. */
export type Draft = { -readonly [K in keyof Rule]: Rule[K] };

/** The `-A` lines of a block: what the table's checks read, and how to build each rule. */
export class BlockRules {
  /** The rule, or its number among the kept lines while it is kept as its line (built by `rule`). */
  private readonly rules: (Draft | number)[] = [];
  /** The chain each rule appends to (interned). */
  readonly chain: string[] = [];
  /** The chain of `-j CHAIN`/`-g CHAIN`, or '' for another target. */
  readonly jump: string[] = [];
  /** The block line of each rule. */
  readonly lineNo: number[] = [];
  /** For a rule added from its full parse: the columns of its chain and jump, only the checks' errors read. */
  private readonly cols = new Map<number, { readonly chainCol: number; readonly jumpCol: number }>();
  /** Hook limits by position in `rules` (most rules have none). */
  readonly constraints = new Map<number, readonly HookConstraint[]>();
  /**
   * The kinds of match and target of the rules added from a full parse (Table.partKinds); a rule
   * kept as its line is of a shape whose first rule was one of them.
   */
  readonly kinds = new Set<Match['kind'] | Target['kind']>();

  constructor(
    private readonly table: TableName,
    private readonly lines: RuleLines,
  ) {}

  /** How many rules were added. */
  get length(): number {
    return this.rules.length;
  }

  /** Adds the rule of line `lineNo` from its full parse (`draft`), its text and source. */
  add(lineNo: number, text: string, source: SourceRef, draft: DraftRule): void {
    for (const m of draft.matches) this.kinds.add(m.kind);
    this.kinds.add(draft.target.kind);
    this.cols.set(this.rules.length, { chainCol: draft.chainCol, jumpCol: draft.jumpCol });
    this.rules.push({ table: this.table, chain: draft.chain, index: 0, text, matches: draft.matches, target: draft.target, source });
    this.note(lineNo, draft.chain, draft.target.kind === 'jump' ? draft.target.chain : '', draft.constraints);
  }

  /**
   * Adds the rule of line `lineNo`, which starts at offset `start` of the text, checked by reading
   * its values `v` by shape `key` (whose first rule's kinds were noted): the rule is kept as its line.
   */
  addLine(lineNo: number, start: number, key: ShapeKey, v: Readonly<SlotValues>): void {
    this.rules.push(this.lines.add(start, key));
    this.note(lineNo, v.chain, v.jump, v.constraints);
  }

  private note(lineNo: number, chain: string, jump: string, constraints: readonly HookConstraint[]): void {
    const r = this.lineNo.length;
    this.chain.push(chain);
    this.jump.push(jump);
    this.lineNo.push(lineNo);
    if (constraints.length > 0) this.constraints.set(r, constraints);
  }

  /** Whether rule `r` is kept as its line. */
  isLine(r: number): boolean {
    return typeof this.rules[r] === 'number';
  }

  /** Column of rule `r`'s chain name after `-A` (for an error about it). */
  chainCol(r: number): number {
    return this.cols.get(r)?.chainCol ?? this.lines.draft(this.rules[r] as number).chainCol;
  }

  /** Column of the chain name of rule `r`'s `-j CHAIN`/`-g CHAIN`, 0 without a jump (for an error about it). */
  jumpCol(r: number): number {
    return this.cols.get(r)?.jumpCol ?? this.lines.draft(this.rules[r] as number).jumpCol;
  }

  /**
   * Rule `r` with `index` as its position: the one added, or built from its line (the same rule
   * the shape built when it was checked).
   */
  rule(r: number, index: number): Rule {
    const added = this.rules[r];
    if (typeof added === 'number') return this.lines.rule(added, this.lineNo[r], index);
    added.index = index;
    return added;
  }
}
