/**
 * The `ip rule` commands that give a lab netns the scenario's routing policy database
 * (ip-rule(8)): the kernel's defaults the scenario does not keep are deleted, the others added.
 */
import { DEFAULT_POLICY_RULES, isDefaultRule, onlyDefaultRules } from '../../engine/route/default-rules';
import type { PolicyRule } from '../../engine/world';

/** `ip rule add` for one rule, from its parsed fields (so `ip rule show` text needs no rewriting). */
export function ruleAddCommand(r: PolicyRule): string {
  const w = ['ip rule add', `pref ${r.priority}`];
  if (r.not) w.push('not');
  w.push('from', r.from ? `${r.from.addr}/${r.from.len}` : 'all');
  if (r.to) w.push('to', `${r.to.addr}/${r.to.len}`);
  if (r.fwmark) w.push('fwmark', `0x${r.fwmark.value.toString(16)}/0x${r.fwmark.mask.toString(16)}`);
  if (r.iif) w.push('iif', r.iif);
  if (r.oif) w.push('oif', r.oif);
  w.push(...(r.action === 'lookup' ? ['lookup', r.table!] : [r.action]));
  if (r.suppressPrefixLength !== undefined) w.push('suppress_prefixlength', String(r.suppressPrefixLength));
  return w.join(' ');
}

/**
 * The commands for `rules`, or nothing when they are the three defaults; a rule the engine cannot
 * evaluate is listed in `unsupported` instead (the lab could build it, but no trace would compare).
 */
export function ruleCommands(netns: string, rules: readonly PolicyRule[], unsupported: string[]): string[] {
  if (onlyDefaultRules(rules)) return [];
  const out: string[] = [];
  for (const d of DEFAULT_POLICY_RULES) if (!rules.some((r) => isDefaultRule(r) && r.priority === d.priority)) out.push(`ip rule del pref ${d.priority}`);
  for (const r of rules) {
    if (isDefaultRule(r)) continue;
    if (r.unsupported) unsupported.push(`${netns}: ip rule "${r.text}" has a selector the engine does not model`);
    else out.push(ruleAddCommand(r));
  }
  return out;
}
