/**
 * Family 3: hostile iptables on a two-netns world (app/harness/kernel/chains.ts): jump chains 10–70
 * levels deep (by -j, -g or both, reachable or not, the binding jump written first or last),
 * diamond-shaped chains (every path walked), long chains of never-matching or matching MARK rules
 * entered several times, many MARK rules, RETURNs and DROP/ACCEPT policies. Every such ruleset's
 * kernel verdict is known: a table deeper than the kernel's jump limit must be refused at the
 * first rule iptables-restore refuses ("Too many links"), and otherwise every rule is
 * non-terminal, so the INPUT policy decides where the request ends (or the engine names its own
 * limit).
 */
import { chainWorld, deepPlan, longPlan, type ChainPlan } from '../harness/kernel/chains';
import type { Expectation } from './check';
import type { Rng } from './rng';

/** Sizes of the family (the explore mode goes further than `npm test`). */
export interface IptablesSizes {
  /** Longest chain drawn. */
  readonly long: number;
  /** Most paths a loadable diamond may have (width^(depth-1)): the engine walks every one. */
  readonly paths: number;
}

function onePlan(r: Rng, sizes: IptablesSizes, table: ChainPlan['table'], hook: string, policy: 'ACCEPT' | 'DROP'): { plan: ChainPlan; label: string } {
  const kind = r.int(10);
  if (kind < 5) {
    const diamond = r.chance(0.25);
    const width = diamond ? r.range(2, 3) : 1;
    let depth = diamond ? r.range(6, 25) : r.chance(0.5) ? r.range(13, 18) : r.range(10, 70);
    // Loadable diamonds stay within the path budget; deeper ones are refused at load anyway.
    while (diamond && depth <= 15 && width ** (depth - 1) > sizes.paths) depth--;
    const s = {
      depth,
      via: r.pick(['j', 'j', 'g', 'mixed'] as const),
      width,
      payload: r.range(0, 3),
      reachable: r.chance(0.9),
      hook,
      policy,
      order: r.pick(['builtins-first', 'builtins-first', 'builtins-last'] as const),
      marks: r.chance(0.3),
    };
    return {
      plan: deepPlan(s, table),
      label: `deep ${depth}${diamond ? ` diamond×${s.width}` : ''} -${s.via} ${s.order}${s.reachable ? '' : ' unreachable'}${s.marks ? ' marks' : ''} ${table}/${hook} ${policy}`,
    };
  }
  const length = kind < 8 ? r.range(Math.min(1000, sizes.long), sizes.long) : r.range(10, 300);
  const s = { length, entries: r.range(2, 3), markEvery: r.pick([0, 0, 1, 2, 10]), hook, policy };
  return { plan: longPlan(s, table), label: `long ${length}×${s.entries} mark/${s.markEvery} ${table}/${hook} ${policy}` };
}

/** One family-3 case. */
export function iptablesCase(r: Rng, sizes: IptablesSizes): { text: string; expect: Expectation; label: string } {
  const where = r.int(4);
  const policy = r.chance(0.3) ? 'DROP' : 'ACCEPT';
  const parts =
    where === 0
      ? [onePlan(r, sizes, 'mangle', 'PREROUTING', 'ACCEPT'), onePlan(r, sizes, 'filter', 'INPUT', policy)]
      : where === 1
        ? [onePlan(r, sizes, 'filter', r.pick(['INPUT', 'OUTPUT']), 'ACCEPT')]
        : [onePlan(r, sizes, 'filter', 'INPUT', policy)];
  const w = chainWorld(
    parts.map((p) => p.plan),
    r.pick(['tcp', 'udp', 'icmp'] as const),
    parts.map((p) => p.label).join(' + '),
  );
  const expect: Expectation = w.refusedLine !== undefined ? { refuse: { message: 'Too many links', lines: [w.refusedLine] } } : { load: true, requests: [w.request] };
  return { text: w.yaml, expect, label: parts.map((p) => p.label).join(' + ') };
}
