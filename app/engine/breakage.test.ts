import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowInput, loadScenario } from '../scenario';
import { englishOf } from '../i18n/message-renderer';
import { applyBreakages, describeBreakage, suggestBreakages } from './breakage';
import { simulate } from './index';

function load(file: string) {
  const r = loadScenario(readFileSync(resolve(__dirname, `../../scenarios/${file}`), 'utf8'), file);
  if (!r.ok) throw new Error(`${file} does not load`);
  return r.scenario;
}

describe('break it', () => {
  const s = load('canal-nodeport.yaml');
  const flow = flowInput(s.flows.find((f) => f.name === 'client-to-nodeport')!);
  const base = simulate(s.world, flow);

  it('an empty list is a reset: the same World and the same outcome', () => {
    expect(applyBreakages(s.world, [])).toBe(s.world);
  });

  it("deleting the first endpoint's DNAT rule: its chain returns and KUBE-SVC falls through to the other endpoint", () => {
    const w = applyBreakages(s.world, [{ kind: 'disable-rule', netns: 'centos7-1', table: 'nat', chain: 'KUBE-SEP-UJXTJ7PNRUN6D2JD', index: 2 }]);
    const t = simulate(w, flow);
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'ghost-ep1' });
    expect(t.steps.some((x) => x.chain === 'KUBE-SEP-UJXTJ7PNRUN6D2JD' && x.verdict === 'RETURN' && !x.rule)).toBe(true);
    // The original World is untouched.
    expect(s.world.netns['centos7-1'].ruleset.tables.nat!.chains['KUBE-SEP-UJXTJ7PNRUN6D2JD'].rules).toHaveLength(2);
  });

  it('ip_forward off on centos7-1 drops the request there at stage forward', () => {
    const t = simulate(applyBreakages(s.world, [{ kind: 'ip-forward-off', netns: 'centos7-1' }]), flow);
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'centos7-1', stage: 'forward' });
  });

  it('without the MASQUERADE the pod answers 172.16.240.1 directly and the reply never reaches the client socket', () => {
    const t = simulate(applyBreakages(s.world, [{ kind: 'drop-masquerade', netns: 'centos7-1' }]), flow);
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'ghost-ep2' });
    expect(t.outcome.request.packet.ip.src).toBe('172.16.240.1');
    expect(t.outcome.reply?.result).toBe('dropped');
  });

  it('deleting the flannel route to 10.244.0.0/24 sends the request to the default gateway', () => {
    const t = simulate(applyBreakages(s.world, [{ kind: 'delete-route', netns: 'centos7-1', route: '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink' }]), flow);
    expect(t.outcome.request.result).toBe('dropped');
  });

  it('a smaller MTU on the path drops a DF packet with fragmentation needed', () => {
    const big = { ...flow, size: 1400 };
    expect(simulate(s.world, big).outcome.request.result).toBe('delivered');
    const t = simulate(applyBreakages(s.world, [{ kind: 'set-mtu', netns: 'centos7-1', interface: 'flannel.1', mtu: 1300 }]), big);
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'centos7-1', stage: 'forward' });
    expect(t.outcome.request.result === 'dropped' && englishOf(t.outcome.request.reason)).toContain('MTU 1300');
  });

  it('suggests the rules, routes and sysctls the flow depends on', () => {
    const labels = suggestBreakages(s.world, base).map((b) => englishOf(describeBreakage(b)));
    // The rule's text beside its place, so the toggle says what it deletes.
    expect(labels).toContain(
      'centos7-1: delete nat KUBE-SEP-UJXTJ7PNRUN6D2JD rule 2: -A KUBE-SEP-UJXTJ7PNRUN6D2JD -p tcp -m comment --comment "default/ghost:" -m tcp -j DNAT --to-destination 10.244.0.74:2368',
    );
    expect(labels).toContain('centos7-1: ip route del 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
    expect(labels).toContain('centos7-1: net.ipv4.ip_forward = 0');
    expect(labels).toContain('centos7-1: delete every MASQUERADE rule');
  });
});
