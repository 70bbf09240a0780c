/**
 * The cluster builder: Calico's and flannel's wiring as the seed articles show it, Kubernetes
 * objects to kube-proxy rules, flows in Kubernetes terms, and errors positioned in the cluster file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine';
import { flowInput, loadScenario } from '../scenario';
import { caliName } from './cni/calico';
import { benchClusterFile } from '../bench/cluster-expand';
import { loadErrors, loadedOrThrow } from '../scenario/test/loaded';

const base = readFileSync(resolve(__dirname, 'testdata/calico-service.yaml'), 'utf8');
const variant = (cni: string, mode: string) => {
  let t = base.replace('cni: calico-ipip', `cni: ${cni}`).replace('mode: iptables', `mode: ${mode}`);
  if (cni.startsWith('flannel') || cni === 'canal') t = t.replace('10.244.1.0/26', '10.244.1.0/24').replace('10.244.2.0/26', '10.244.2.0/24');
  return t;
};
const ok = loadedOrThrow;
const errorsOf = (text: string) => loadErrors(text, 'cluster.yaml');

describe('cluster builder', () => {
  it('names cali veths as Calico does (article 004: cali7a4b00317e6, cali39888f400bd)', () => {
    expect(caliName('demo', 'demo-deployment-6cbdbd86d5-nm467')).toBe('cali7a4b00317e6');
    expect(caliName('demo', 'demo-deployment-6cbdbd86d5-fbt9d')).toBe('cali39888f400bd');
  });

  it.each(
    ['calico-ipip', 'calico-bgp', 'flannel-vxlan', 'flannel-host-gw', 'canal'].flatMap((cni) => [
      [cni, 'iptables'],
      [cni, 'nftables'],
    ]),
  )('%s with kube-proxy in %s mode: every flow reaches the endpoint it names and the reply comes back', (cni, mode) => {
    const s = ok(loadScenario(variant(cni, mode), 'cluster.yaml'));
    const want: Record<string, string> = { 'pod-to-service': 'web-1', 'pod-to-service-other-node': 'web-2', 'laptop-to-nodeport': 'web-2' };
    for (const f of s.flows) {
      const t = simulate(s.world, flowInput(f));
      expect(t.outcome.request, f.name).toMatchObject({ result: 'delivered', netns: want[f.name] });
      expect(t.outcome.reply, f.name).toMatchObject({ result: 'delivered' });
    }
    expect(s.unevaluable).toEqual([]);
    expect(s.expandedText).toContain(mode === 'iptables' ? '-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP"' : 'add element ip kube-proxy service-ips { 10.96.0.20 . tcp . 80');
  });

  it('wires Calico as article 004 shows: proxy ARP cali veths, blackhole block, routes via tunl0 onlink', () => {
    const s = ok(loadScenario(base, 'cluster.yaml'));
    const node = s.raw.hosts.find((h) => h.name === 'node-1')!;
    expect(node.routes).toContain('blackhole 10.244.1.0/26 proto bird');
    expect(node.routes).toContain('10.244.2.0/26 via 192.168.26.102 dev tunl0 proto bird onlink');
    expect(node.sysctls).toMatchObject({ [`net.ipv4.conf.${caliName('default', 'web-1')}.proxy_arp`]: 1 });
    expect(s.raw.hosts.find((h) => h.name === 'web-1')!.routes).toBe('default via 169.254.1.1 dev eth0\n169.254.1.1 dev eth0 scope link\n');
  });

  it('writes the expansion that loads to the same scenario (npm run cluster)', () => {
    const s = ok(loadScenario(base, 'cluster.yaml'));
    const again = ok(loadScenario(s.expandedText!, 'expanded.yaml'));
    expect(again.raw).toEqual(s.raw);
    expect(s.expandedText).toMatch(/# pod default\/web-2 on node-2: Calico workload endpoint/);
    expect(s.expandedText).toContain('# Service default/web');
  });

  it('derives the EndpointSlice from the selector, resolving a named targetPort', () => {
    const s = ok(loadScenario(base, 'cluster.yaml'));
    expect(s.raw.hosts.find((h) => h.name === 'node-1')!.iptables).toContain('-j DNAT --to-destination 10.244.2.2:8080');
  });

  it('positions errors in the cluster file', () => {
    expect(errorsOf(base.replace('nodeName: node-2', 'nodeName: node-9'))[0]).toMatch(/^cluster\.yaml:35:7: objects\[2\]\.spec\.nodeName: no node named node-9/);
    expect(errorsOf(base.replace('to: service/default/web:http\n', 'to: service/default/nope\n'))).toEqual([expect.stringMatching(/flows\[0\]\.to: no Service default\/nope/)]);
    expect(errorsOf(base.replace('cni: calico-ipip', 'cni: cilium'))[0]).toMatch(/network\.cni/);
    expect(errorsOf(base.replace('kind: Pod\n    metadata: { name: client', 'kind: Deployment\n    metadata: { name: client'))[0]).toMatch(/objects\[0\]\.kind: kind Deployment is not read/);
  });

  it("expands the benchmark's 3-node, 20-pod, 10-Service cluster, whose flow reaches a pod of its Service", () => {
    for (const mode of ['iptables', 'nftables'] as const) {
      const s = ok(loadScenario(benchClusterFile(3, 20, 10, 'calico-ipip', mode), 'bench.yaml'));
      expect(Object.keys(s.world.netns)).toHaveLength(23);
      const t = simulate(s.world, flowInput(s.flows[0]));
      expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'app-3' });
    }
  });

  it("says why a headless Service cannot be a flow's destination", () => {
    const headless = base.replace('clusterIP: 10.96.0.20', 'clusterIP: None');
    expect(errorsOf(headless).join('\n')).toMatch(/kube-proxy writes no rule for default\/web \(a headless Service/);
  });
});
