import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowInput, loadScenario } from '../scenario';
import { simulate } from './index';
import { englishOf } from '../i18n/message-renderer';
import { rewrites } from './summary';

function trace(file: string, flow: string) {
  const r = loadScenario(readFileSync(resolve(__dirname, `../../scenarios/${file}`), 'utf8'), file);
  if (!r.ok) throw new Error(`${file} does not load`);
  return simulate(r.scenario.world, flowInput(r.scenario.flows.find((f) => f.name === flow)!));
}

describe('what changed (rewrites of a trace)', () => {
  it('lists the Canal NodePort rewrites in order, with the rules that did them', () => {
    const list = rewrites(trace('canal-nodeport.yaml', 'client-to-nodeport'));
    const kinds = list.map((r) => `${r.direction} ${r.kind} ${r.netns}`);
    expect(kinds).toEqual([
      'request mark centos7-1',
      'request DNAT centos7-1',
      'request TTL centos7-1',
      'request MASQUERADE centos7-1',
      'request encap centos7-1',
      'request decap centos7-2',
      'request TTL centos7-2',
      'reply TTL centos7-2',
      'reply encap centos7-2',
      'reply decap centos7-1',
      'reply un-SNAT centos7-1',
      'reply TTL centos7-1',
      'reply un-DNAT centos7-1',
    ]);
    const dnat = list.find((r) => r.kind === 'DNAT')!;
    expect(englishOf(dnat.text)).toContain('172.16.240.131:31266 → 10.244.0.74:2368');
    expect(dnat.rule?.text).toContain('--to-destination 10.244.0.74:2368');
    expect(englishOf(list.find((r) => r.kind === 'MASQUERADE')!.text)).toContain('source 172.16.240.1 → 10.244.1.0 by nat KUBE-POSTROUTING rule 1');
    expect(englishOf(list.find((r) => r.kind === 'encap')!.text)).toContain('VXLAN outer 172.16.240.131 → 172.16.240.132 UDP 8472 VNI 1');
    expect(englishOf(list.find((r) => r.kind === 'un-DNAT')!.text)).toContain('10.244.0.74:2368 → 172.16.240.131:31266');
  });
  it('shows no NAT for plain routed pod-to-pod traffic', () => {
    const list = rewrites(trace('canal-pod-to-pod.yaml', 'ghost-ep1-to-ghost-ep2'));
    expect(list.some((r) => ['DNAT', 'SNAT', 'MASQUERADE', 'un-DNAT', 'un-SNAT'].includes(r.kind))).toBe(false);
    expect(list.filter((r) => r.kind === 'TTL').length).toBe(4);
  });
});
