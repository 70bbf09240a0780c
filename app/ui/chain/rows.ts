/**
 * The lines of the chain view, as iptables-save (or `nft list chain`) prints the chain: the policy
 * or base-chain line, one line per rule, and long runs of rules with the same status collapsed into
 * one line (a real node's KUBE-SERVICES has thousands); a run expands by REVEAL rules at a time.
 * The view renders only the lines in sight (virtualised), so a 30,000-rule chain costs no more to
 * show than a short one.
 */
import type { ChainRuleRow, ChainView } from '../../store';

/** Runs of same-status rules longer than this are collapsed into one line. */
export const COLLAPSE_OVER = 12;
/** Rules one "show more" reveals. */
export const REVEAL = 200;

/** One line of the chain view. */
export type ChainLine =
  | { readonly kind: 'head'; readonly text: string; readonly base: boolean }
  | { readonly kind: 'rule'; readonly r: ChainRuleRow }
  | { readonly kind: 'run'; readonly start: number; readonly from: number; readonly to: number; readonly count: number; readonly status: ChainRuleRow['status'] }
  | { readonly kind: 'empty' }
  | { readonly kind: 'fell-through' };

/**
 * The chain view's lines.
 * @param revealed rules revealed at the start of each collapsed run, keyed by the run's first rule number.
 */
export function linesOf(view: ChainView, revealed: ReadonlyMap<number, number>): ChainLine[] {
  const lines: ChainLine[] = [];
  if (view.nft?.base) lines.push({ kind: 'head', text: view.nft.base, base: true });
  if (view.policy) lines.push({ kind: 'head', text: `:${view.chain} ${view.policy}`, base: false });
  const rules = view.rules;
  for (let i = 0; i < rules.length;) {
    let j = i + 1;
    while (j < rules.length && rules[j].status === rules[i].status && rules[i].status !== 'matched') j++;
    const shown = j - i > COLLAPSE_OVER ? Math.min(j - i, revealed.get(rules[i].index) ?? 0) : j - i;
    for (let k = i; k < i + shown; k++) lines.push({ kind: 'rule', r: rules[k] });
    if (i + shown < j) lines.push({ kind: 'run', start: rules[i].index, from: rules[i + shown].index, to: rules[j - 1].index, count: j - i - shown, status: rules[i].status });
    i = j;
  }
  if (rules.length === 0) lines.push({ kind: 'empty' });
  if (view.fellThrough) lines.push({ kind: 'fell-through' });
  return lines;
}

/**
 * Splits a rule's text at its target so the target can be marked: iptables ` -j X …` / ` -g X …`,
 * nft's first verdict, NAT or map statement (`jump`, `goto`, `accept`, `drop`, `dnat`, `vmap`, …).
 */
export function splitTarget(text: string, nft: boolean): [string, string] {
  const m = nft ? /(?:^|\s)(?:numgen|jump|goto|accept|drop|reject|return|queue|dnat|snat|masquerade|redirect|[\w .]*\bvmap)\b/.exec(text) : / -[jg] /.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index)] : [text, ''];
}
