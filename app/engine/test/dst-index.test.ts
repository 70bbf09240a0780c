/**
 * The destination index of long chains (netfilter/dst-index.ts) changes nothing a user sees but
 * the speed: on a generated kube-proxy node, every flow's Trace is the same as the rule-by-rule
 * walk's (the same World with the index defeated), the passed-over rules are one range, and the
 * rule budget runs out at the same rule.
 */
import { describe, expect, it } from 'vitest';
import { kubeProxyDump } from '../../bench/kube-proxy-iptables';
import { flowInput, loadScenario } from '../../scenario';
import { dstIndex } from '../netfilter/dst-index';
import type { Chain, Match } from '../netfilter/types';
import { walkTable } from '../netfilter/walk';
import { simulate } from '..';
import type { World } from '../world';

const SERVICES = 120;
const loaded = (() => {
  const r = loadScenario(kubeProxyDump(SERVICES).yaml, 'kp.yaml');
  if (!r.ok) throw new Error(r.errors[0].message);
  return r.scenario;
})();

/** The same World with a comment match first in every rule: no rule is keyed, so no index. */
function unindexed(world: World): World {
  const comment: Match = { kind: 'comment', text: 'unindexed' };
  const netns = Object.fromEntries(
    Object.entries(world.netns).map(([name, ns]) => {
      const tables = Object.fromEntries(
        Object.entries(ns.ruleset.tables).map(([t, table]) => [
          t,
          { ...table!, chains: Object.fromEntries(Object.entries(table!.chains).map(([c, chain]) => [c, { ...chain, rules: chain.rules.map((r) => ({ ...r, matches: [comment, ...r.matches] })) }])) },
        ]),
      );
      return [name, { ...ns, ruleset: { ...ns.ruleset, tables } }];
    }),
  );
  return { ...world, netns } as World;
}

/** A Trace's steps as text, for comparing two Traces exactly. */
const plain = (x: unknown) => JSON.stringify(x);

describe('destination index of a long chain', () => {
  const services = loaded.world.netns.node1.ruleset.tables.nat!.chains['KUBE-SERVICES'];

  it('is built for KUBE-SERVICES and points at the rule for the address, or the catch-all last rule', () => {
    const index = dstIndex(services)!;
    expect(index).not.toBeNull();
    expect(services.rules.length).toBe(SERVICES + 1);
    // Service 7's cluster IP is 10.96.0.17: its rule is the 8th (position 7).
    expect(index.next(0, '10.96.0.17')).toBe(7);
    expect(index.next(8, '10.96.0.17')).toBe(SERVICES); // the KUBE-NODEPORTS rule matches any address
    expect(index.next(0, '192.0.2.1')).toBe(SERVICES);
  });

  it('gives the same Trace as the rule-by-rule walk, for the last Service and for an address no Service has', () => {
    const flow = flowInput(loaded.flows[0]);
    const linear = unindexed(loaded.world);
    expect(dstIndex(linear.netns.node1.ruleset.tables.nat!.chains['KUBE-SERVICES'])).toBeNull();
    for (const input of [flow, { ...flow, dst: '10.96.200.1' }]) {
      const a = simulate(loaded.world, input);
      const b = simulate(linear, input);
      expect(plain(a.steps.map((s) => ({ ...s, rule: s.rule && { ...s.rule, canonical: undefined } })))).toBe(
        plain(b.steps.map((s) => ({ ...s, rule: s.rule && { ...s.rule, canonical: undefined } }))),
      );
      expect(a.outcome).toEqual(b.outcome);
    }
    const step = simulate(loaded.world, flow).steps.find((s) => s.chain === 'KUBE-SERVICES' && s.rule);
    expect(step?.notMatched).toEqual({ from: 1, to: SERVICES - 1 });
    expect(step?.rule?.index).toBe(SERVICES);
  });

  it('runs out of rule budget at the same rule as the linear walk', () => {
    const nat = loaded.world.netns.node1.ruleset.tables.nat!.chains;
    const linearChains: Record<string, Chain> = unindexed(loaded.world).netns.node1.ruleset.tables.nat!.chains;
    const ctx = () => ({
      hook: 'PREROUTING' as const,
      pkt: { src: '10.244.0.2', dst: '10.96.0.129', proto: 'tcp' as const, sport: 40000, dport: 80 },
      bridged: false,
      mark: 0,
      ctstate: 'NEW' as const,
      ctNat: { snat: false, dnat: false },
    });
    const obs = { decision: () => true };
    for (const remaining of [0, 1, 5, 50]) {
      const a = walkTable('nat', 'PREROUTING', nat, ctx() as never, obs, () => undefined, { remaining });
      const b = walkTable('nat', 'PREROUTING', linearChains, ctx() as never, obs, () => undefined, { remaining });
      expect(a.kind).toBe('LIMIT');
      expect({ ...a, rule: (a as { rule?: { index: number } }).rule?.index }).toEqual({ ...b, rule: (b as { rule?: { index: number } }).rule?.index });
    }
  });
});
