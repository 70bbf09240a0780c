/**
 * kube-proxy's IPVS mode from a cluster file: the generated state equals what
 * scenarios/canal-nodeport-ipvs.yaml holds for the same Service (written from kube-proxy's IPVS
 * proxier and loaded with iptables-restore and ipset in a netns), and the lessons play in IPVS mode
 * as IPVS behaves: persistence for sessionAffinity, no hairpin needed, Local policy without a
 * local endpoint falling back to every endpoint (syncEndpoint).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, type World } from '../engine';
import { englishOf } from '../i18n/message-renderer';
import { canonicalRule } from '../engine/netfilter/canonical';
import { flowInput, loadScenario } from '../scenario';
import { loadedOrThrow } from '../scenario/test/loaded';

const scenarios = resolve(__dirname, '../../scenarios');
const ok = loadedOrThrow;

/** Article 003's Canal cluster and ghost Service as a cluster file, kube-proxy in IPVS mode. */
const CANAL = `kind: Cluster
version: 1
metadata: { title: ghost in IPVS mode }
network: { cni: canal, clusterCIDR: 10.244.0.0/16 }
kubeProxy: { mode: ipvs }
nodes:
  - { name: centos7-1, address: 172.16.240.131/24, podCIDR: 10.244.1.0/24 }
  - { name: centos7-2, address: 172.16.240.132/24, podCIDR: 10.244.0.0/24 }
objects:
  - { apiVersion: v1, kind: Pod, metadata: { name: ghost-ep1, labels: { app: ghost } }, spec: { nodeName: centos7-1, containers: [{ name: ghost, image: ghost }] }, status: { podIP: 10.244.1.5 } }
  - { apiVersion: v1, kind: Pod, metadata: { name: ghost-ep2, labels: { app: ghost } }, spec: { nodeName: centos7-2, containers: [{ name: ghost, image: ghost }] }, status: { podIP: 10.244.0.74 } }
  - apiVersion: v1
    kind: Service
    metadata: { name: ghost, namespace: default }
    spec: { type: NodePort, clusterIP: 10.250.0.40, selector: { app: ghost }, ports: [{ protocol: TCP, port: 2368, targetPort: 2368, nodePort: 31266 }] }
`;

/** kube-proxy's iptables rules of a netns in iptables-save form: KUBE-* chains and the jumps into them. */
function kubeRules(world: World, netns: string): string[] {
  const ns = world.netns[netns];
  const out: string[] = [];
  for (const table of Object.values(ns.ruleset.tables))
    for (const chain of Object.values(table!.chains)) for (const r of chain.rules) if (r.chain.startsWith('KUBE-') || / -j KUBE-/.test(r.text)) out.push(`${r.table} ${canonicalRule(r) ?? r.text}`);
  return out.sort();
}

const lines = (text: string | undefined, re: RegExp) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => re.test(l));

describe('kube-proxy IPVS mode from a cluster file', () => {
  const handWritten = ok(loadScenario(readFileSync(resolve(scenarios, 'canal-nodeport-ipvs.yaml'), 'utf8'), 'canal-nodeport-ipvs.yaml'));
  const built = ok(loadScenario(CANAL, 'canal-ipvs-cluster.yaml'));
  const host = (s: typeof built, name: string) => s.raw.hosts.find((h) => h.name === name)!;

  it('writes the iptables rules the hand-written, kernel-loaded IPVS lesson has, rule for rule', () => {
    for (const node of ['centos7-1', 'centos7-2']) {
      expect(kubeRules(built.world, node).length).toBeGreaterThan(20);
      expect(kubeRules(built.world, node), node).toEqual(kubeRules(handWritten.world, node));
    }
  });

  it('writes the same ipset entries, kube-ipvs0 addresses and IPVS services (but for docker0, which the builder has not)', () => {
    for (const node of ['centos7-1', 'centos7-2']) {
      expect(lines(host(built, node).ipset, /^add /), node).toEqual(lines(host(handWritten, node).ipset, /^add /));
      const dummy = (s: typeof built) => host(s, node).interfaces?.find((i) => i.name === 'kube-ipvs0');
      expect(dummy(built)).toMatchObject({ type: 'dummy', addresses: dummy(handWritten)!.addresses });
      const ipvs = (s: typeof built) => lines(host(s, node).ipvs, /^-[Aa] /).filter((l) => !l.includes('172.17.0.1:'));
      expect(ipvs(built).sort(), node).toEqual(ipvs(handWritten).sort());
      expect(host(built, node).sysctls?.['net.ipv4.vs.conntrack']).toBe(1);
    }
  });

  it('a client → NodePort flow: IPVS takes it at INPUT and sends it to the pinned real server', () => {
    const text = `${CANAL}clients: [{ name: client, address: 172.16.240.1/24 }]
flows:
  - { name: to-ghost-ep2, from: client/client, to: nodeport/centos7-1/default/ghost, endpoint: pod/default/ghost-ep2 }
  - { name: to-ghost-ep1, from: client/client, to: nodeport/centos7-1/default/ghost, endpoint: pod/default/ghost-ep1 }
`;
    const s = ok(loadScenario(text, 'c.yaml'));
    for (const [flow, pod, src] of [
      ['to-ghost-ep2', 'ghost-ep2', '10.244.1.0'],
      ['to-ghost-ep1', 'ghost-ep1', '172.16.240.131'],
    ] as const) {
      const t = simulate(
        s.world,
        flowInput(
          s.flows.find((f) => f.name === flow)!,
          undefined,
          s.flows,
        ),
      );
      expect(t.outcome.request, flow).toMatchObject({ result: 'delivered', netns: pod });
      expect(t.steps.some((x) => x.stage === 'ipvs' && x.ipvs?.fn === 'ip_vs_in_hook' && x.hook === 'INPUT')).toBe(true);
      expect(t.outcome.request.result === 'delivered' && t.outcome.request.packet.ip.src, flow).toBe(src);
      expect(t.outcome.reply).toMatchObject({ result: 'delivered', netns: 'client', packet: { ip: { src: '172.16.240.131' }, l4: { sport: 31266 } } });
    }
  });

  it('sessionAffinity: ClientIP becomes a persistent service, and the second connection follows the template', () => {
    const text = readFileSync(resolve(scenarios, 'lesson-session-affinity.yaml'), 'utf8').replace(/^(\s+)mode: iptables$/m, '$1mode: ipvs');
    const s = ok(loadScenario(text, 'affinity.yaml'));
    expect(host(s, 'node-1').ipvs).toMatch(/^-A -t 10\.96\.0\.80:80 -s rr -p 10800$/m);
    const second = simulate(
      s.world,
      flowInput(
        s.flows.find((f) => f.name === 'second-connection')!,
        undefined,
        s.flows,
      ),
    );
    expect(second.outcome.request).toMatchObject({ result: 'delivered', netns: 'web-2' });
    const step = second.steps.find((x) => x.stage === 'ipvs');
    expect(step && englishOf(step.explain)).toMatch(/persistent \(-p 10800\).*template.*10\.244\.2\.2:8080.*scheduler does not run/);
  });

  it('externalTrafficPolicy: Local on a node without a local endpoint: IPVS still has every endpoint (syncEndpoint), unlike iptables mode', () => {
    const text = readFileSync(resolve(scenarios, 'lesson-external-traffic-policy.yaml'), 'utf8').replace(/^(\s+)mode: iptables$/m, '$1mode: ipvs');
    const s = ok(loadScenario(text, 'etp.yaml'));
    expect(host(s, 'node-1').ipvs).toMatch(/^-a -t 192\.168\.26\.101:30081 -r 10\.244\.2\.2:8080 -m -w 1$/m);
    expect(host(s, 'node-1').ipset).toMatch(/^add KUBE-NODE-PORT-LOCAL-TCP 30081$/m);
    const t = simulate(
      s.world,
      flowInput(
        s.flows.find((f) => f.name === 'local-via-node-1')!,
        undefined,
        s.flows,
      ),
    );
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'web-1' });
  });
});
