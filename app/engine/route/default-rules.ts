/**
 * The kernel's three routing policy rules of a new netns (net/ipv4/fib_rules.c
 * `fib_default_rules_init`) and how to tell them apart from a scenario's own: kept apart from the
 * lookup (policy.ts) so that the views, which only ask whether a netns has rules of its own, do not
 * pull the address arithmetic onto the page.
 */
import type { PolicyRule } from '../world';

/** The kernel's three rules of a new netns (fib4_rules_init → fib_default_rules_init). */
export const DEFAULT_POLICY_RULES: readonly PolicyRule[] = [
  { priority: 0, not: false, action: 'lookup', table: 'local', text: '0: from all lookup local' },
  { priority: 32766, not: false, action: 'lookup', table: 'main', text: '32766: from all lookup main' },
  { priority: 32767, not: false, action: 'lookup', table: 'default', text: '32767: from all lookup default' },
];

/** True for one of the three default rules, unchanged: a lookup through it needs no mention. */
export function isDefaultRule(r: PolicyRule): boolean {
  return (
    !r.not &&
    !r.from &&
    !r.to &&
    !r.fwmark &&
    !r.iif &&
    !r.oif &&
    r.suppressPrefixLength === undefined &&
    !r.unsupported &&
    r.action === 'lookup' &&
    DEFAULT_POLICY_RULES.some((d) => d.priority === r.priority && d.table === r.table)
  );
}

/** True when `rules` are exactly the kernel's three defaults: nothing to show, nothing to build. */
export function onlyDefaultRules(rules: readonly PolicyRule[]): boolean {
  return rules.length === DEFAULT_POLICY_RULES.length && rules.every(isDefaultRule);
}
