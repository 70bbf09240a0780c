/**
 * The lessons' promise to trainers: copy a lesson's cluster file, change one field, and the
 * expansion (routes, rules, sysctls) and the trace change with it, without touching a route or a
 * rule. Each case changes one field of a bundled lesson and checks where the flow now ends.
 */
import { englishOf } from '../i18n/message-renderer';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine';
import { flowInput, loadScenario } from '../scenario';
import { loadErrors, loadedOrThrow } from '../scenario/test/loaded';

const lesson = (name: string) => readFileSync(resolve(__dirname, '../../scenarios', `${name}.yaml`), 'utf8');
const ok = loadedOrThrow;
const run = (text: string, flow: string) => {
  const s = ok(loadScenario(text, 'lesson.yaml'));
  return simulate(
    s.world,
    flowInput(
      s.flows.find((f) => f.name === flow)!,
      undefined,
      s.flows,
    ),
  );
};
const errorsOf = (text: string) => loadErrors(text, 'lesson.yaml');

describe('lessons: one field changed', () => {
  it('hairpinMode: false — the pod calling its own Service gets its own SYN back, unmasqueraded, and drops it as a martian', () => {
    const on = lesson('lesson-hairpin');
    expect(run(on, 'pod-to-own-service').outcome.request).toMatchObject({ result: 'delivered', netns: 'web-1' });
    const off = run(on.replace('hairpinMode: true', 'hairpinMode: false'), 'pod-to-own-service');
    expect(off.outcome.request).toMatchObject({ result: 'dropped', netns: 'web-1', stage: 'route' });
    expect(off.outcome.request.result === 'dropped' && englishOf(off.outcome.request.reason)).toMatch(/martian source 10\.244\.1\.3/);
    expect(off.steps.some((s) => s.hook === 'POSTROUTING' && s.netns === 'node-1')).toBe(false);
  });

  it("bridgeNfCallIptables: false — a neighbour's reply is bridged past conntrack and the client resets", () => {
    const t = run(lesson('lesson-hairpin').replace('bridgeNfCallIptables: true', 'bridgeNfCallIptables: false'), 'neighbour-to-service');
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'web-1' });
    expect(t.outcome.reply).toMatchObject({ result: 'dropped', netns: 'client', stage: 'deliver' });
    expect(t.outcome.reply?.result === 'dropped' && englishOf(t.outcome.reply.reason)).toMatch(/TCP RST/);
  });

  it('without route_localnet the DNATed 127.0.0.1 packet cannot be routed off the node: dropped, connect() times out', () => {
    const s = ok(loadScenario(lesson('lesson-localhost-nodeport'), 'lesson.yaml'));
    expect(s.expandedText).toContain('net.ipv4.conf.all.route_localnet: 1');
    const t = run(s.expandedText!.replace('net.ipv4.conf.all.route_localnet: 1', 'net.ipv4.conf.all.route_localnet: 0'), 'node-localhost-nodeport');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'node-1', stage: 'route' });
    expect(t.outcome.request.result === 'dropped' && englishOf(t.outcome.request.reason)).toMatch(/source 127\.0\.0\.1 cannot leave by flannel\.1: route_localnet is off/);
    // ip_route_me_harder fails inside the NAT hook: the SYN is dropped, connect() sees no error.
    expect(t.outcome.request.result === 'dropped' && t.outcome.request.errno).toBeUndefined();
    expect(t.outcome.error).toBeNull();
  });

  it('kubeProxy.mode: nftables — the same curl 127.0.0.1:30080 is refused (no DNAT, no listener)', () => {
    const t = run(lesson('lesson-localhost-nodeport').replace('  mode: iptables', '  mode: nftables'), 'node-localhost-nodeport');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'node-1', stage: 'deliver' });
    expect(t.outcome.error).toMatchObject({ result: 'delivered', netns: 'node-1' });
    expect(t.steps.some((s) => s.stage === 'rule' && /DNAT|dnat/.test(s.rule?.text ?? ''))).toBe(false);
  });

  it('externalTrafficPolicy: Cluster on the Local Service — node-1 forwards the NodePort instead of dropping it', () => {
    const text = lesson('lesson-external-traffic-policy').replace('externalTrafficPolicy: Local', 'externalTrafficPolicy: Cluster');
    expect(run(text, 'local-via-node-1').outcome.request).toMatchObject({ result: 'delivered', netns: 'web-1', packet: { ip: { src: '10.244.1.0' } } });
  });

  it('a client added to loadBalancerSourceRanges is let in', () => {
    const text = lesson('lesson-loadbalancer-source-ranges').replace('loadBalancerSourceRanges: [192.168.26.200/32]', 'loadBalancerSourceRanges: [192.168.26.200/32, 192.168.26.201/32]');
    expect(run(text, 'blocked-client').outcome.request).toMatchObject({ result: 'delivered', netns: 'web-1' });
  });

  it('a pod added behind the Service without endpoints replaces the REJECT with a DNAT', () => {
    const pod = `  - apiVersion: v1
    kind: Pod
    metadata: { name: api-1, namespace: default, labels: { app: api } }
    spec: { nodeName: node-1, containers: [{ name: api, image: api, ports: [{ containerPort: 8080 }] }] }
`;
    const text = lesson('lesson-no-endpoints').replace('  - apiVersion: v1\n    kind: Service', `${pod}  - apiVersion: v1\n    kind: Service`);
    const t = run(text, 'pod-to-clusterip');
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'api-1' });
    expect(t.steps.some((s) => /REJECT/.test(s.rule?.text ?? ''))).toBe(false);
  });

  it("sessionAffinity: the second connection starts from the first one's recent list and skips the random choice", () => {
    const text = lesson('lesson-session-affinity');
    const t = run(text, 'second-connection');
    expect(t.flow.after).toEqual(['first-connection']);
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'web-2', packet: { l4: { sport: 40124 } } });
    expect(t.alternatives).toEqual([]);
    expect(t.steps.some((s) => s.rule?.text.includes('--rcheck'))).toBe(true);
  });

  it('after chains: a third connection runs after the second, which runs after the first', () => {
    const third = `  - name: third-connection
    from: pod/default/client
    to: service/default/web
    sport: 40125
    after: second-connection
`;
    const t = run(`${lesson('lesson-session-affinity')}${third}`, 'third-connection');
    expect(t.flow.after).toEqual(['first-connection', 'second-connection']);
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'web-2', packet: { l4: { sport: 40125 } } });
    expect(t.alternatives).toEqual([]);
  });

  it('sessionAffinity removed — the second connection takes its own (default) random branch, web-1', () => {
    const t = run(lesson('lesson-session-affinity').replace('      sessionAffinity: ClientIP\n', ''), 'second-connection');
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'web-1' });
    expect(t.alternatives.length).toBeGreaterThan(0);
  });

  it("after: refuses a flow that is not listed earlier, and a second connection with the first one's ports, at the cluster file's line", () => {
    const text = lesson('lesson-session-affinity');
    expect(errorsOf(text.replace('after: first-connection', 'after: second-connection'))).toEqual([
      expect.stringMatching(/lesson\.yaml:\d+:\d+: flows\[1\]\.after: "second-connection" is not an earlier flow/),
    ]);
    expect(errorsOf(text.replace('    sport: 40124\n', ''))).toEqual([expect.stringMatching(/flows\[1\]\.after: this flow has the same source, destination and ports as "first-connection"/)]);
  });
});
