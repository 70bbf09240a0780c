/**
 * The chain view names a rule's target beside TRACE's verdict: a DNAT or MASQUERADE rule's verdict
 * is ACCEPT and MARK's is CONTINUE, which alone would hide what the rule did (issue 14).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../engine';
import { flowInput, loadScenario } from '../../scenario';
import { chainView } from './chain';
import { chainPath } from './chain-path';

describe('chain view: target and verdict', () => {
  const r = loadScenario(readFileSync('scenarios/canal-nodeport.yaml', 'utf8'), 'canal-nodeport.yaml');
  if (!r.ok) throw new Error('canal-nodeport does not load');
  const sc = r.scenario;
  const t = simulate(sc.world, flowInput(sc.flows[0]));
  const views = t.steps.map((s) => chainView(sc.world, s)).filter((v) => v !== null);
  const at = (chain: string) => views.find((v) => v.chain === chain && v.rules.some((x) => x.status === 'matched'))!;

  it('DNAT: target DNAT, verdict ACCEPT; MARK: target MARK, verdict CONTINUE; MASQUERADE: target MASQUERADE', () => {
    expect(views.find((v) => v.target === 'DNAT')).toMatchObject({ verdict: 'ACCEPT' });
    expect(at('KUBE-MARK-MASQ')).toMatchObject({ target: 'MARK', verdict: 'CONTINUE' });
    expect(at('KUBE-POSTROUTING')).toMatchObject({ target: 'MASQUERADE', verdict: 'ACCEPT' });
  });

  it('names no target for a jump or a plain verdict', () => {
    const jump = views.find((v) => v.verdict?.startsWith('JUMP:'));
    expect(jump?.target).toBeUndefined();
    expect(views.filter((v) => v.verdict === 'RETURN' || v.verdict === 'ACCEPT').every((v) => v.target !== 'RETURN' && v.target !== 'ACCEPT')).toBe(true);
  });
});

describe('chain path (breadcrumb)', () => {
  const r = loadScenario(readFileSync('scenarios/canal-nodeport.yaml', 'utf8'), 'canal-nodeport.yaml');
  if (!r.ok) throw new Error('canal-nodeport does not load');
  const t = simulate(r.scenario.world, flowInput(r.scenario.flows[0]));

  it('leads from PREROUTING through KUBE-SERVICES and KUBE-NODEPORTS to the KUBE-SEP chain that DNATs', () => {
    const i = t.steps.findIndex((s) => s.stage === 'rule' && s.chain?.startsWith('KUBE-SEP-') && s.rule?.text.includes('DNAT'));
    const path = chainPath(t.steps, i)!;
    expect(path.slice(0, 3)).toEqual(['PREROUTING', 'KUBE-SERVICES', 'KUBE-NODEPORTS']);
    expect(path[path.length - 2]).toMatch(/^KUBE-SVC-/);
    expect(path[path.length - 1]).toBe(t.steps[i].chain);
  });

  it('goes back to the caller after a chain returns, and is null off the chains', () => {
    const i = t.steps.findIndex((s) => s.stage === 'rule' && s.chain === 'KUBE-POSTROUTING' && s.rule?.text.includes('MASQUERADE'));
    expect(chainPath(t.steps, i)).toEqual(['POSTROUTING', 'KUBE-POSTROUTING']);
    expect(
      chainPath(
        t.steps,
        t.steps.findIndex((s) => s.stage === 'route'),
      ),
    ).toBeNull();
  });
});
