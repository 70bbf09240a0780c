/** The nftables part of a host (`nftables:` or `nftables-json:`), for buildWorld. */
import type { NftRuleset } from '../engine/nftables/types';
import type { ScenarioError } from './errors';
import { parseNftables, parseNftablesJson } from './parse/nftables';
import type { HostFile } from './schema';
import { formatPath, type Positions } from './yaml-positions';

/**
 * The host's nftables ruleset from `nftables:` (block or transaction form) or `nftables-json:`
 * (`nft -j list ruleset`); errors are positioned in the file as for `iptables:`.
 */
export function buildNftables(h: HostFile, base: PropertyKey[], pos: Positions, errors: ScenarioError[]): NftRuleset | undefined {
  const text = h.nftables;
  const json = h['nftables-json'];
  if (text !== undefined && json !== undefined) {
    errors.push({
      file: pos.file,
      ...pos.ofPath([...base, 'nftables-json']),
      path: formatPath([...base, 'nftables-json']),
      message: 'give the ruleset once: either nftables (nft list ruleset or nft -f text) or nftables-json (nft -j list ruleset), not both',
    });
    return undefined;
  }
  if (text === undefined && json === undefined) return undefined;
  const key = text !== undefined ? 'nftables' : 'nftables-json';
  const loc = pos.blockLocator([...base, key]);
  const r = text !== undefined ? parseNftables(text, loc) : parseNftablesJson(json!, loc);
  errors.push(...r.errors);
  return r.ruleset;
}
