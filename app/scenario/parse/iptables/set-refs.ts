/**
 * The load-time check of `-m set` rules against the netns's ipsets, as iptables-restore and the
 * kernel make it: libxt_set's `get_set_byname` refuses a rule naming a set that does not exist
 * (measured with iptables-nft 1.8.9 on kernel 6.18: "Set NOPE doesn't exist.", the restore fails),
 * and xt_set's `set_match_v4_checkentry` takes a reference on the set. A rule using a set whose
 * type the engine cannot test is refused the same way, naming why.
 */
import type { IpsetSet, IpsetSets } from '../../../engine/ipvs/types';
import { type Chain, type Rule, type Ruleset, type Table, type TableName, mayHold } from '../../../engine/netfilter/types';
import type { BlockLocator, ScenarioError } from '../../errors';

/** Column (1-based, in its line) of the set name in `rule.text`, or of the rule when not found. */
function nameColumn(rule: Rule, name: string): number {
  const at = rule.text.search(new RegExp(`--match-set\\s+"?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const base = rule.source?.column ?? 1;
  if (at < 0) return base;
  return base + at + rule.text.slice(at).indexOf(name);
}

/**
 * Why the engine cannot test `set`, in English: load errors are English. The learner reads
 * `set.unsupported` (a message) in their language in the "cannot evaluate" list; rendering it here
 * would pull i18next and the catalogs into the engine worker, so the two sentences are written out.
 */
function unsupportedEnglish(set: IpsetSet): string {
  return set.unsupported?.key === 'unevaluable.ipsetIpv6' ? 'the engine models IPv4 only' : `the engine cannot test membership of ${set.type} sets`;
}

/** The first `-m set` match of `rule` naming a missing or untestable set (no allocation otherwise: a node has tens of thousands of rules). */
function setProblem(rule: Rule, sets: IpsetSets): { name: string; message: string } | undefined {
  for (const m of rule.matches) {
    if (m.kind !== 'set') continue;
    const set = sets.get(m.name);
    if (!set) return { name: m.name, message: `set ${m.name} doesn't exist (iptables-restore refuses the rule): add it to the host's ipset` };
    if (set.unsupported) return { name: m.name, message: `cannot evaluate -m set --match-set ${m.name}: ${unsupportedEnglish(set)}` };
  }
  return undefined;
}

/**
 * Checks every `-m set` match of `ruleset` against `sets`.
 * @param loc the iptables block's locator (for the error's file and path).
 * @returns the ruleset without the refused rules (later rules renumbered as iptables-restore of
 *   the remaining lines would number them) and one positioned error per refused rule, at the
 *   set name. Rules of other kinds are untouched. Never throws.
 */
export function checkSetReferences(ruleset: Ruleset, sets: IpsetSets, loc: Pick<BlockLocator, 'file' | 'path'>): { ruleset: Ruleset; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  if (!hasSetProblem(ruleset, sets)) return { ruleset, errors };
  const tables: Partial<Record<TableName, Table>> = {};
  for (const [tname, table] of Object.entries(ruleset.tables) as [TableName, Table][]) {
    const chains: Record<string, Chain> = {};
    for (const [cname, chain] of Object.entries(table.chains)) {
      const kept: Rule[] = [];
      for (const rule of chain.rules) {
        const problem = setProblem(rule, sets);
        if (!problem) {
          kept.push(kept.length === rule.index - 1 ? rule : { ...rule, index: kept.length + 1 });
          continue;
        }
        const line = rule.source?.line ?? 1;
        errors.push({ file: rule.source?.file ?? loc.file, line, column: nameColumn(rule, problem.name), path: loc.path, message: problem.message });
      }
      chains[cname] = kept.length === chain.rules.length ? chain : { ...chain, rules: kept };
    }
    tables[tname] = { ...table, chains };
  }
  return { ruleset: { tables }, errors };
}

/** Whether any rule of `ruleset` names a missing or untestable set (a scan without copies: most rulesets have none). */
function hasSetProblem(ruleset: Ruleset, sets: IpsetSets): boolean {
  for (const table of Object.values(ruleset.tables)) {
    if (!mayHold(table!, 'set')) continue;
    for (const name in table!.chains) for (const rule of table!.chains[name].rules) if (setProblem(rule, sets)) return true;
  }
  return false;
}
