/**
 * The generated kube-proxy nodes of the scale benchmark load without errors in both modes, and the
 * benchmark's flow really reaches the last Service's endpoint through kube-proxy's rules (so the
 * benchmark times the worst case it claims to, not a refused file or an early drop).
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine';
import { flowInput, loadScenario } from '../scenario';
import { kubeProxyDump } from './kube-proxy-iptables';
import { kubeProxyNftDump } from './kube-proxy-nftables';

describe.each([
  ['iptables', (n: number) => kubeProxyDump(n)],
  ['nftables', (n: number) => kubeProxyNftDump(n)],
])('generated kube-proxy node, %s mode', (_mode, generate) => {
  it.each([1, 40])("%i Services: the flow is DNATed to the last Service's endpoint and the reply comes back from the cluster IP", (n) => {
    const d = generate(n);
    const r = loadScenario(d.yaml, 'kp.yaml');
    expect(r.ok ? [] : r.errors.slice(0, 3)).toEqual([]);
    if (!r.ok) return;
    const trace = simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
    expect(trace.outcome.request).toMatchObject({ result: 'delivered', netns: 'endpoint' });
    expect(trace.outcome.reply).toMatchObject({ result: 'delivered', netns: 'client' });
    const vip = `10.96.${(n - 1 + 10) >> 8}.${(n - 1 + 10) & 255}`;
    expect(trace.steps.at(-1)?.packet.ip.src).toBe(vip);
  });
});

it('5,000 Services in iptables mode are 75,028 iptables-save lines, as issue 11 sizes them', () => {
  expect(kubeProxyDump(5000).lines).toBe(75_028);
});
