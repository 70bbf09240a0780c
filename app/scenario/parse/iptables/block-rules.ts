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
import { tokenize } from './tokenize';

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
  readonly chainCol: number[] = [];
  /** Column of the chain name of `-j CHAIN`/`-g CHAIN` (0 without a jump). */
  readonly jumpCol: number[] = [];
  /** For a rule kept as its line: its span in the text, its first column, its shape (else 0, 0, 0, null). */
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  private readonly col0: number[] = [];
  private readonly key: (ShapeKey | null)[] = [];
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
    this.rules.push({ table: this.from.table, chain: draft.chain, index: 0, text, matches: draft.matches, target: draft.target, source });
    this.note(lineNo, draft, 0, 0, 0, null);
  }

  /**
   * Adds the rule of line `lineNo` (text[start, end), first word at column `col0`), checked by
   * building `draft` from shape `key`, whose first rule's kinds were noted: the rule is kept as its line.
   */
  addLine(lineNo: number, start: number, end: number, col0: number, key: ShapeKey, draft: DraftRule): void {
    this.rules.push(null);
    this.note(lineNo, draft, start, end, col0, key);
  }

  private note(lineNo: number, draft: DraftRule, start: number, end: number, col0: number, key: ShapeKey | null): void {
    const r = this.lineNo.length;
    this.chain.push(draft.chain);
    this.jump.push(draft.target.kind === 'jump' ? draft.target.chain : '');
    this.lineNo.push(lineNo);
    this.chainCol.push(draft.chainCol);
    this.jumpCol.push(draft.jumpCol);
    this.start.push(start);
    this.end.push(end);
    this.col0.push(col0);
    this.key.push(key);
    if (draft.constraints.length > 0) this.constraints.set(r, draft.constraints);
  }

  /** Whether rule `r` is kept as its line. */
  isLine(r: number): boolean {
    return this.rules[r] === null;
  }

  /**
   * Rule `r` with `index` as its position: the one added, or built from its line (the same rule
   * the shape built when it was checked; the full parser's should the shape ever not read it).
   */
  rule(r: number, index: number): Rule {
    const added = this.rules[r];
    if (added) {
      added.index = index;
      return added;
    }
    const { text, table, shapes, src } = this.from;
    const raw = text.slice(this.start[r], this.end[r]);
    const draft = shapes.rebuild(this.key[r]!, raw) ?? this.parse(raw);
    return { table, chain: draft.chain, index, text: raw.trim(), matches: draft.matches, target: draft.target, source: src(this.lineNo[r], this.col0[r]) };
  }

  /** The full parse of a line that loaded (so it tokenizes and parses). */
  private parse(raw: string): DraftRule {
    const tk = tokenize(raw);
    if (!tk.ok) throw new Error(`internal: a rule line that loaded no longer tokenizes (${tk.message})`);
    return this.from.shapes.parse(tk.tokens);
  }
}
