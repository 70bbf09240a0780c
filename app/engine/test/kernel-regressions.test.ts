/**
 * Disagreements with the kernel found by the differential harness (npm run test:kernel), each
 * fixed in the engine; the worlds are the harness's minimal cases in app/harness/kernel/cases/.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '..';
import { flowInput, formatError, loadScenario } from '../../scenario';

function run(caseFile: string) {
  const file = resolve(__dirname, '../../harness/kernel/cases', caseFile);
  const r = loadScenario(readFileSync(file, 'utf8'), caseFile);
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  return simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
}
const decisions = (t: ReturnType<typeof run>, netns: string) =>
  t.steps.filter((s) => s.netns === netns && s.direction === 'request' && (s.stage === 'policy' || (s.stage === 'rule' && s.rule))).map((s) => `${s.table}:${s.chain} ${s.verdict}`);

describe('kernel-found regressions', () => {
  it("the policy applied after a goto'd chain ends is traced", () => {
    expect(decisions(run('goto-policy-untraced.yaml'), 'a')).toEqual(['filter:OUTPUT GOTO:PW', 'filter:OUTPUT ACCEPT']);
  });
  it('MASQUERADE out of lo never picks the host-scoped 127.0.0.1', () => {
    const t = run('masquerade-loopback.yaml');
    expect(t.outcome.request).toMatchObject({ result: 'delivered' });
    expect(t.outcome.request.packet.ip.src).toBe('10.0.0.1');
  });
  it('a nat table without NAT rules is not walked (no conntrack in the netns)', () => {
    const t = run('nat-without-conntrack.yaml');
    expect(t.steps.some((s) => s.netns === 'a' && s.table === 'nat')).toBe(false);
    expect(t.steps.some((s) => s.netns === 'a' && s.stage === 'conntrack')).toBe(false);
  });
  it("a REJECT rule's verdict is DROP, as the kernel traces it", () => {
    expect(decisions(run('reject-verdict.yaml'), 'a')).toEqual(['filter:OUTPUT DROP']);
  });
  it('rp_filter does not judge traffic looped back through lo', () => {
    expect(run('rp-filter-loopback.yaml').outcome.request.result).toBe('delivered');
  });
  it('in the raw table every packet is INVALID to a conntrack match', () => {
    expect(decisions(run('ctstate-in-raw.yaml'), 'b')[0]).toBe('raw:PREROUTING ACCEPT');
    expect(run('ctstate-in-raw.yaml').steps.find((s) => s.netns === 'b' && s.table === 'raw')?.rule?.text).toContain('--ctstate INVALID');
  });
});

describe('kernel-found regressions (bridges, martians)', () => {
  it('a bridged-DNAT first packet may leave by its ingress port', () => {
    const t = run('bridged-dnat-same-port.yaml');
    expect(t.steps.some((s) => s.netns === 'a' && s.direction === 'request' && s.stage === 'recv')).toBe(true);
  });
  it('a bridged DNAT back out of its ingress port walks nat POSTROUTING when hairpin mode is on there, and not when it is off', () => {
    const walked = (f: string) => run(f).steps.some((s) => s.netns === 'b' && s.direction === 'request' && s.hook === 'POSTROUTING');
    expect(walked('bridged-dnat-hairpin.yaml')).toBe(true);
    expect(walked('bridged-dnat-same-port.yaml')).toBe(false);
  });
  it("a packet arriving with one of the netns's own addresses as source is dropped as a martian", () => {
    const t = run('martian-own-source.yaml');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'a', stage: 'route' });
  });
});

describe('kernel-found regressions (the error direction)', () => {
  it("a UDP send dropped by the sender's own OUTPUT fails with EPERM, and REJECT's error still arrives over lo", () => {
    const t = run('udp-output-drop-eperm.yaml');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', errno: 'EPERM' });
    expect(t.outcome.error).toMatchObject({ result: 'delivered', netns: 'a', interface: 'lo' });
  });
  it('the RST of REJECT tcp-reset walks nat POSTROUTING (its SRC manip was never set up) but not nat OUTPUT', () => {
    const t = run('reset-walks-nat-postrouting.yaml');
    const nat = t.steps.filter((s) => s.direction === 'error' && s.table === 'nat').map((s) => s.hook);
    expect(nat).toEqual(['POSTROUTING']);
  });
  it('with br_netfilter the RST leaves by the bridge port the rejected frame came in by, walking no hook', () => {
    const t = run('bridged-reset-direct.yaml');
    const err = t.steps.filter((s) => s.direction === 'error' && s.netns === 'r');
    expect(err.some((s) => s.hook)).toBe(false);
    expect(err.find((s) => s.stage === 'xmit')?.interface).toBe('vb1');
    expect(t.outcome.error).toMatchObject({ result: 'delivered', errno: 'ECONNREFUSED' });
  });
});
