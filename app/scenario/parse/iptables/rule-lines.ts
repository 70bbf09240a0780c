/**
 * Rules kept as their lines (block-rules.ts): a rule of a shape seen before (rule-shape.ts) is
 * checked when the file loads, then kept as where its line starts in the dump's text and the
 * shape that read it, and built when its chain is first read (engine/netfilter/lazy-rules.ts).
 */
import type { Rule, TableName } from '../../../engine/netfilter/types';
import type { SourceRef } from '../../../engine/source';
import type { DraftRule } from './rule';
import type { RuleShapes, ShapeKey } from './rule-shape';
import { tokenize } from './tokenize';

const LF = 0x0a;
const CR = 0x0d;

/** Where a block's rules come from: the dump's text, its table, its shapes and its positions. */
export interface RuleSource {
  readonly text: string;
  readonly table: TableName;
  readonly shapes: Pick<RuleShapes, 'rebuild' | 'parse'>;
  /** The file position of a block line and column. */
  readonly src: (lineNo: number, col: number) => SourceRef;
}

/** The lines of one block's rules kept as lines, numbered from 0 in the order they were kept. */
export class RuleLines {
  private readonly start: number[] = [];
  private readonly key: ShapeKey[] = [];

  constructor(private readonly from: RuleSource) {}

  /** Keeps the line starting at offset `start` of the text, read by shape `key`; its number. */
  add(start: number, key: ShapeKey): number {
    this.key.push(key);
    return this.start.push(start) - 1;
  }

  /** Kept line `i`, of block line `lineNo`, as the Rule at position `index` of its chain. */
  rule(i: number, lineNo: number, index: number): Rule {
    const raw = this.line(i);
    const draft = this.draft(i, raw);
    const col0 = raw.length - raw.trimStart().length + 1;
    return { table: this.from.table, chain: draft.chain, index, text: raw.trim(), matches: draft.matches, target: draft.target, source: this.from.src(lineNo, col0) };
  }

  /**
   * The parse of kept line `i` (text `raw`): by its shape, the same rule the shape built when it was
   * checked, or in full should the shape ever not read it.
   */
  draft(i: number, raw = this.line(i)): DraftRule {
    const built = this.from.shapes.rebuild(this.key[i], raw);
    if (built) return built;
    const tk = tokenize(raw);
    if (!tk.ok) throw new Error(`internal: a rule line that loaded no longer tokenizes (${tk.message})`);
    return this.from.shapes.parse(tk.tokens);
  }

  /** The text of kept line `i`, without its line break. */
  private line(i: number): string {
    const { text } = this.from;
    const from = this.start[i];
    let to = from;
    while (to < text.length && text.charCodeAt(to) !== LF && text.charCodeAt(to) !== CR) to++;
    return text.slice(from, to);
  }
}
