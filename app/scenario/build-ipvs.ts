/**
 * A host's IPVS and ipset state from the scenario (`ipvs:` as `ipvsadm -Sn` prints it, `ipset:`
 * as `ipset save` prints it), and the check iptables-restore makes of `-m set` rules: a rule naming
 * a set that does not exist is refused ("Set NAME doesn't exist."), positioned at the set's name.
 */
import type { IpsetSets, IpvsState } from '../engine/ipvs/types';
import type { Ruleset } from '../engine/netfilter/types';
import type { ScenarioError } from './errors';
import { checkSetReferences } from './parse/iptables/set-refs';
import { parseIpsetSave } from './parse/ipset';
import { parseIpvsadm } from './parse/ipvsadm';
import type { HostFile } from './schema';
import { formatPath, type Positions } from './yaml-positions';

/**
 * Parses `ipset:` and `ipvs:` of host `h` and checks the set references of its iptables ruleset.
 * @returns the ruleset without refused rules, the sets and the IPVS state (absent when not given).
 */
export function buildIpvs(h: HostFile, base: PropertyKey[], pos: Positions, errors: ScenarioError[], ruleset: Ruleset): { ruleset: Ruleset; ipsets?: IpsetSets; ipvs?: IpvsState } {
  let ipsets: IpsetSets | undefined;
  if (h.ipset !== undefined) {
    const r = parseIpsetSave(h.ipset, pos.blockLocator([...base, 'ipset']));
    errors.push(...r.errors);
    ipsets = r.sets;
  }
  let checked = ruleset;
  if (h.iptables !== undefined) {
    // Only the file and the path are needed: no locator (which would index the whole dump again).
    const r = checkSetReferences(ruleset, ipsets ?? new Map(), { file: pos.file, path: formatPath([...base, 'iptables']) });
    errors.push(...r.errors);
    checked = r.ruleset;
  }
  let ipvs: IpvsState | undefined;
  if (h.ipvs !== undefined) {
    const r = parseIpvsadm(h.ipvs, pos.blockLocator([...base, 'ipvs']));
    errors.push(...r.errors);
    ipvs = r.ipvs;
  }
  return { ruleset: checked, ...(ipsets ? { ipsets } : {}), ...(ipvs ? { ipvs } : {}) };
}
