import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeHooks, simulate, walkedChainKey } from '../engine';
import { flowInput, loadScenario, type LoadedScenario } from '../scenario';
import { chainView } from '../store/selectors/chain';
import { questionsFor } from '../lessons/challenge';
import { EngineCore } from './engine-core';
import { withWalkedRules, worldForView } from './view-world';

const load = (file: string): LoadedScenario => {
  const r = loadScenario(readFileSync(`scenarios/${file}`, 'utf8'), file);
  if (!r.ok) throw new Error(r.errors[0].message);
  return r.scenario;
};

describe("the views' World and the rules a Trace carries (view-world.ts)", () => {
  const sc = load('canal-nodeport.yaml');
  const view = worldForView(sc.world);

  it('keeps every chain, policy and declaration, leaves the rules out and counts them', () => {
    for (const [name, ns] of Object.entries(sc.world.netns)) {
      for (const [t, table] of Object.entries(ns.ruleset.tables)) {
        for (const [c, chain] of Object.entries(table!.chains)) {
          const v = view.netns[name].ruleset.tables[t as 'nat']!.chains[c];
          expect(v.rules).toEqual([]);
          expect(v.omitted).toBe(chain.rules.length);
          expect([v.name, v.policy, v.source]).toEqual([chain.name, chain.policy, chain.source]);
        }
      }
      expect(view.netns[name].interfaces).toBe(ns.interfaces);
    }
    expect(Object.values(sc.world.netns).some((ns) => Object.values(ns.ruleset.tables).some((t) => Object.values(t!.chains).some((c) => c.rules.length)))).toBe(true);
  });

  it('lists the same hook functions (conntrack included) as the whole World', () => {
    for (const name of Object.keys(sc.world.netns))
      for (const hook of ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'] as const) expect(describeHooks(view.netns[name], hook)).toEqual(describeHooks(sc.world.netns[name], hook));
  });

  it('gives every walked chain the chain view and questions the whole World gives', () => {
    for (const flow of sc.flows) {
      const full = simulate(sc.world, flowInput(flow));
      const carried = withWalkedRules(sc.world, simulate(sc.world, flowInput(flow)));
      let walked = 0;
      carried.steps.forEach((s, i) => {
        const a = chainView(sc.world, full.steps[i]);
        const b = chainView(view, s, carried.walked);
        expect(b).toEqual(a);
        if (a && a.rules.length) walked++;
      });
      expect(walked).toBeGreaterThan(0);
      expect(questionsFor(carried, view)).toEqual(questionsFor(full, sc.world));
    }
  });

  it('carries only the chains the steps walk', () => {
    const flow = sc.flows[0];
    const t = withWalkedRules(sc.world, simulate(sc.world, flowInput(flow)));
    const keys = new Set(t.steps.filter((s) => (s.stage === 'rule' || s.stage === 'policy') && s.table && s.chain && !s.nft).map((s) => walkedChainKey(s.netns, s.table!, s.chain!)));
    expect(new Set(Object.keys(t.walked ?? {}))).toEqual(keys);
  });

  it('is what the engine core answers: the scenario with the views’ World, each Trace with its rules', () => {
    const core = new EngineCore();
    const r = core.load('k', readFileSync('scenarios/canal-nodeport.yaml', 'utf8'), 'canal-nodeport.yaml');
    if (!r.ok) throw new Error('does not load');
    expect(r.scenario.world).toEqual(view);
    const traced = core.trace('k', sc.flows[0].name, {}, []);
    expect(Object.keys(traced?.trace.walked ?? {}).length).toBeGreaterThan(0);
  });
});
