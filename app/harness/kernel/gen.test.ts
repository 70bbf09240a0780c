/** The world generator: deterministic, always a valid scenario, and varied enough to matter. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../engine';
import { flowInput, formatError, loadScenario } from '../../scenario';
import { buildScenario, generateCases, genomeArb } from './gen';

describe('generated worlds', () => {
  it('are the same for the same seed', () => {
    expect(generateCases(5, 42).map((c) => c.yaml)).toEqual(generateCases(5, 42).map((c) => c.yaml));
    expect(generateCases(5, 43)[0].yaml).not.toEqual(generateCases(5, 42)[0].yaml);
  });

  it('always load, with one flow the engine can trace', () => {
    fc.assert(
      fc.property(genomeArb, fc.boolean(), (g, explore) => {
        const r = loadScenario(buildScenario(g, 'prop', { avoidKnown: !explore }), 'prop.yaml');
        if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
        expect(r.scenario.flows).toHaveLength(1);
        simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('cover answered flows, drops by rule and by route, NAT, user chains and 2–5 netns', () => {
    const cases = generateCases(300, 1);
    const results = cases.map((c) => {
      const r = loadScenario(c.yaml, c.id);
      if (!r.ok) throw new Error(c.id);
      const t = simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
      return { t, n: Object.keys(r.scenario.world.netns).length, yaml: c.yaml };
    });
    const answered = results.filter((x) => x.t.outcome.reply?.result === 'delivered').length;
    expect(answered).toBeGreaterThan(100);
    expect(results.some((x) => x.t.outcome.request.result === 'dropped' && x.t.outcome.request.stage === 'rule')).toBe(true);
    expect(results.some((x) => x.t.outcome.request.result === 'dropped' && x.t.outcome.request.stage === 'route')).toBe(true);
    expect(results.some((x) => x.t.steps.some((s) => s.stage === 'rule' && s.rule?.text.includes('DNAT')))).toBe(true);
    expect(results.some((x) => x.t.steps.some((s) => s.stage === 'rule' && s.rule?.text.includes('MASQUERADE')))).toBe(true);
    expect(results.some((x) => x.t.steps.some((s) => s.verdict?.startsWith('JUMP:PW-')))).toBe(true);
    expect(new Set(results.map((x) => x.n))).toEqual(new Set([2, 3, 4, 5]));
  });

  it('send errors back in a good share: REJECT of every kind, unreachable and prohibit routes, missing routes', () => {
    const cases = generateCases(300, 1);
    const yaml = cases.map((c) => c.yaml).join('\n');
    for (const w of ['tcp-reset', 'icmp-port-unreachable', 'icmp-host-unreachable', 'icmp-net-unreachable', 'icmp-admin-prohibited', 'icmp-host-prohibited', 'icmp-net-prohibited'])
      expect(yaml).toContain(`--reject-with ${w}`);
    for (const [hook, short] of [
      ['INPUT', 'IN'],
      ['FORWARD', 'FWD'],
      ['OUTPUT', 'OUT'],
    ]) {
      expect(yaml).toMatch(new RegExp(`-A ${hook} .*-j REJECT`));
      expect(yaml).toMatch(new RegExp(`-A PW-${short}\\d .*-j REJECT`));
    }
    expect(yaml).toMatch(/^\s*unreachable 10\./m);
    expect(yaml).toMatch(/^\s*prohibit 10\./m);
    const traces = cases.map((c) => {
      const r = loadScenario(c.yaml, c.id);
      if (!r.ok) throw new Error(c.id);
      return simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
    });
    const errors = traces.filter((t) => t.outcome.error !== null);
    expect(errors.length).toBeGreaterThan(60);
    expect(errors.some((t) => t.steps.some((s) => s.answer?.kind === 'tcp-reset'))).toBe(true);
    expect(errors.some((t) => t.outcome.request.result === 'dropped' && t.outcome.request.stage === 'route')).toBe(true);
  });
});
