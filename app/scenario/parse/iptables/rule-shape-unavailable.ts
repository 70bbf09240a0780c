/**
 * The embeds' stand-in for rule-shape.ts (vite.embed-runtime.ts `withoutRuleShapes`): they play
 * bundled lessons of tens of rules, where reading every rule in full costs less than the code that
 * recognises shapes, so their engine worker parses each rule in full (the same result, rule-shape.ts
 * is checked equal to it). A real node's dump opens in the app.
 */
import type { TableName } from '../../../engine/netfilter/types';
import type { Interner } from './intern';
import { type DraftRule, parseRuleTokens } from './rule';
import type { RuleShapes as Shapes } from './rule-shape';
import type { Token } from './tokenize';

/** Parses every rule in full. */
export class RuleShapes implements Pick<Shapes, 'parse' | 'checkLine' | 'rebuild' | 'lastKey' | 'built'> {
  /** Always 0: no rule is built from a shape. */
  readonly built = 0;

  constructor(
    private readonly table: TableName,
    private readonly intern: Interner,
  ) {}

  /** parseRuleTokens. @throws RuleError as parseRuleTokens */
  parse(tokens: readonly Token[]): DraftRule {
    return parseRuleTokens(tokens, this.table, this.intern);
  }

  /** Always undefined: the caller tokenizes the line and calls parse. */
  checkLine(): undefined {
    return undefined;
  }

  /** Never asked for: checkLine reads no line. */
  get lastKey(): object {
    throw new Error('internal: no rule was built from a shape');
  }

  /** Always undefined (no rule is kept as its line). */
  rebuild(): DraftRule | undefined {
    return undefined;
  }
}
