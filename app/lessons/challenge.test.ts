import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine';
import { flowInput, loadScenario } from '../scenario';
import { questionsFor, score } from './challenge';

function setup(file: string, flow: string) {
  const r = loadScenario(readFileSync(resolve(__dirname, `../../scenarios/${file}`), 'utf8'), file);
  if (!r.ok) throw new Error(`${file} does not load`);
  const t = simulate(r.scenario.world, flowInput(r.scenario.flows.find((f) => f.name === flow)!));
  return { world: r.scenario.world, trace: t };
}

describe('challenge questions', () => {
  it('asks for the next chain (once a chain has been shown), the matching rule and the new destination on the Canal NodePort flow, answered by the trace', () => {
    const { world, trace } = setup('canal-nodeport.yaml', 'client-to-nodeport');
    const qs = questionsFor(trace, world);
    const dnat = qs.find((q) => q.kind === 'new-destination')!;
    expect(dnat.options.find((o) => o.id === dnat.answer)!.label).toBe('10.244.0.74:2368');
    expect(dnat.options.map((o) => o.label)).toContain('172.16.240.131:31266');
    const rule = qs.find((q) => q.kind === 'matching-rule')!;
    expect(rule.options.find((o) => o.id === rule.answer)!.label).toContain('--to-destination 10.244.0.74:2368');
    const chain = qs.find((q) => q.kind === 'next-chain')!;
    expect(chain.options.find((o) => o.id === chain.answer)!.label).toBe('KUBE-SERVICES');
    // Asked only once the chain it is about has been shown: an earlier step walked it.
    for (const q of qs.filter((x) => x.kind === 'next-chain')) {
      const at = trace.steps[q.step];
      expect(trace.steps.slice(0, q.step).some((e) => e.netns === at.netns && e.table === at.table && e.chain === at.chain)).toBe(true);
    }
    for (const q of qs) expect(q.options.length).toBeGreaterThanOrEqual(2);
  });
  it('asks where a dropped reply dies', () => {
    const { world, trace } = setup('docker-cross-host-return-no-route.yaml', 'ctr2-ping-ctr111');
    const q = questionsFor(trace, world).find((x) => x.kind === 'drop-point')!;
    expect(q.options.find((o) => o.id === q.answer)!.label).toBe('gw');
  });
  it('scores answers', () => {
    const { world, trace } = setup('canal-nodeport.yaml', 'client-to-nodeport');
    const qs = questionsFor(trace, world);
    const answers = Object.fromEntries(qs.map((q, i) => [q.id, i === 0 ? q.answer : q.options.find((o) => o.id !== q.answer)!.id]));
    expect(score(qs, answers)).toEqual({ correct: 1, answered: qs.length, total: qs.length });
  });
});
