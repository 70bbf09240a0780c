/**
 * The embeds' stand-in for rule-lines.ts (vite.embed-runtime.ts `withoutRuleShapes`): their rule
 * shapes (rule-shape-unavailable.ts) read every rule in full, so no rule is ever kept as its line.
 */
import type { Rule } from '../../../engine/netfilter/types';
import type { DraftRule } from './rule';
import type { RuleLines as Lines, RuleSource } from './rule-lines';

export type { RuleSource };

const never = (): never => {
  throw new Error('internal: the embeds keep no rule as its line');
};

/** Keeps no line. */
export class RuleLines implements Pick<Lines, 'add' | 'rule' | 'draft'> {
  constructor(_from: RuleSource) {}
  /** Never called: @throws Error */
  add(): number {
    return never();
  }
  /** Never called: @throws Error */
  rule(): Rule {
    return never();
  }
  /** Never called: @throws Error */
  draft(): DraftRule {
    return never();
  }
}
