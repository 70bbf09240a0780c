/**
 * Holds `canonicalRule` to lines iptables-save printed: parses a measured table's rules with the
 * scenario parser and lists every rule whose canonical text differs from the kernel's line (or
 * that the renderer could not render). Test helper only.
 */
import { wholeFileLocator } from '../../../scenario/errors';
import { parseIptablesSave } from '../../../scenario/parse/iptables-save';
import { canonicalRule } from '../canonical';
import { restoreText, type MeasuredTable } from './canonical-kernel';

/** A rule whose canonical text is not the kernel's. */
export interface Mismatch {
  readonly text: string;
  readonly saved: string;
  readonly canonical: string | undefined;
}

/** The rules of `t` whose canonical text is not the line iptables-save printed for them. */
export function mismatches(t: MeasuredTable): Mismatch[] {
  const { ruleset, errors } = parseIptablesSave(restoreText(t, t.rules), wholeFileLocator(t.origin));
  if (errors.length) return t.rules.map((r) => ({ text: r.text, saved: r.saved, canonical: `(parse error: ${errors[0].message})` }));
  const chains = ruleset.tables[t.table]?.chains ?? {};
  const seen = new Map<string, number>();
  return t.rules.flatMap((r) => {
    const i = seen.get(r.chain) ?? 0;
    seen.set(r.chain, i + 1);
    const rule = chains[r.chain]?.rules[i];
    const canonical = rule ? canonicalRule(rule) : '(rule not parsed)';
    return canonical === r.saved ? [] : [{ text: r.text, saved: r.saved, canonical }];
  });
}
