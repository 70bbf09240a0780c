/**
 * A cluster file whose objects are what kubectl prints: a List, Nodes (the cluster's nodes),
 * host-network Pods (their node's sockets, no netns), legacy Endpoints (mirrored into slices), and
 * kinds the builder does not read (listed, not refused, inside a List). Errors inside a List point
 * at the item's own line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine';
import { flowInput, formatError, loadScenario } from '../scenario';
import { loadedOrThrow } from '../scenario/test/loaded';

const ok = loadedOrThrow;

const HEAD = `kind: Cluster
version: 1
metadata: { title: from kubectl }
network: { cni: flannel-host-gw, clusterCIDR: 10.244.0.0/16, lan: 10.0.0.0/16 }
`;

const node = (name: string, ip: string, podCIDR?: string) =>
  `{ kind: Node, apiVersion: v1, metadata: { name: ${name} }, spec: { ${podCIDR ? `podCIDR: ${podCIDR}` : ''} }, status: { addresses: [{ type: InternalIP, address: ${ip} }, { type: Hostname, address: ${name} }] } }`;

describe('objects from kubectl', () => {
  it('builds the bundled kubectl example: nodes from Node objects, host-network Pods left in their node, both flows as expected', () => {
    const s = ok(loadScenario(readFileSync(resolve(__dirname, '../../scenarios/cluster-from-kubectl.yaml'), 'utf8'), 'cluster-from-kubectl.yaml'));
    expect(Object.keys(s.world.netns).sort()).toEqual(['coredns-674b8bbfcf-5wz8d', 'coredns-674b8bbfcf-kq6xn', 'k8s-master', 'k8s-worker1', 'laptop', 'web-6d4cf56db6-7xk2p', 'web-6d4cf56db6-qm9tz']);
    expect(s.raw.hosts.find((h) => h.name === 'k8s-worker1')?.interfaces?.[0]).toMatchObject({ name: 'eth0', addresses: ['192.168.56.11/24'] });
    expect(s.metadata.notes?.join('\n')).toMatch(/Pod kube-system\/kube-apiserver-k8s-master: host network: it runs in its node's netns/);
    for (const f of s.flows) {
      const t = simulate(s.world, flowInput(f, undefined, s.flows));
      expect(t.outcome.request.result, f.name).toBe('delivered');
    }
  });

  it("mirrors Endpoints into slices when a Service has none, and gives host-network Pods' ports to their node", () => {
    const text = `${HEAD}objects:
  - kind: List
    apiVersion: v1
    items:
      - ${node('n1', '10.0.1.1', '10.244.1.0/24')}
      - ${node('n2', '10.0.1.2', '10.244.2.0/24')}
      - { kind: Pod, apiVersion: v1, metadata: { name: db-0, namespace: data }, spec: { nodeName: n2, containers: [{ name: pg, ports: [{ containerPort: 5432 }] }] }, status: { podIP: 10.244.2.7, phase: Running } }
      - { kind: Pod, apiVersion: v1, metadata: { name: agent-x, namespace: kube-system }, spec: { nodeName: n1, hostNetwork: true, containers: [{ name: a, ports: [{ containerPort: 9100 }] }] }, status: { podIP: 10.0.1.1 } }
      - { kind: Pod, apiVersion: v1, metadata: { name: job-1, namespace: data }, spec: { nodeName: n1, containers: [{ name: j }] }, status: { phase: Succeeded } }
      - { kind: Service, apiVersion: v1, metadata: { name: db, namespace: data }, spec: { clusterIP: 10.96.5.5, ports: [{ name: pg, port: 5432 }] } }
      - { kind: Endpoints, apiVersion: v1, metadata: { name: db, namespace: data }, subsets: [{ addresses: [{ ip: 10.244.2.7, nodeName: n2, targetRef: { kind: Pod, name: db-0, namespace: data } }], ports: [{ name: pg, port: 5432, protocol: TCP }] }] }
      - { kind: Deployment, apiVersion: apps/v1, metadata: { name: web, namespace: data } }
flows:
  - { name: to-db, from: node/n1, to: service/data/db:pg }
  - { name: to-agent, from: node/n2, to: 10.0.1.1:9100 }
`;
    const s = ok(loadScenario(text, 'c.yaml'));
    expect(Object.keys(s.world.netns).sort()).toEqual(['db-0', 'n1', 'n2']);
    expect(s.raw.hosts.find((h) => h.name === 'n1')?.listeners).toContain('tcp/9100');
    expect(s.metadata.notes?.join('\n')).toMatch(/Pod kube-system\/agent-x: host network.*Pod data\/job-1: Succeeded: its sandbox is gone.*Deployment data\/web: not read by the cluster builder/);
    for (const [flow, host] of [
      ['to-db', 'db-0'],
      ['to-agent', 'n1'],
    ] as const) {
      const t = simulate(
        s.world,
        flowInput(
          s.flows.find((f) => f.name === flow)!,
          undefined,
          s.flows,
        ),
      );
      expect(t.outcome.request, flow).toMatchObject({ result: 'delivered', netns: host });
    }
    // The DNAT names the Pod behind the mirrored slice.
    expect(s.raw.hosts.find((h) => h.name === 'n1')?.iptables).toMatch(/-A KUBE-SEP-\w+ -m comment --comment data\/db:pg -m tcp -p tcp -j DNAT --to-destination 10\.244\.2\.7:5432/);
  });

  it('points at the item inside the List: a Node without a pod CIDR, a Service with a bad type', () => {
    const text = `${HEAD}objects:
  - kind: List
    apiVersion: v1
    items:
      - ${node('n1', '10.0.1.1')}
      - { kind: Service, apiVersion: v1, metadata: { name: x }, spec: { type: Bogus, clusterIP: 10.96.0.9 } }
`;
    const r = loadScenario(text, 'c.yaml');
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors.map(formatError);
    expect(errors.join('\n')).toMatch(/c\.yaml:9:\d+: objects\[0\]\.items\[0\]\.spec\.podCIDR: Node n1 has no IPv4 spec\.podCIDR/);
    expect(errors.join('\n')).toMatch(/c\.yaml:10:\d+: objects\[0\]\.items\[1\]\.spec\.type/);
  });

  it("an expectation naming a Pod that was left out is an error on the cluster file's line, not in the expansion", () => {
    const text = `${HEAD}objects:
  - kind: List
    items:
      - ${node('n1', '10.0.1.1', '10.244.1.0/24')}
      - { kind: Pod, metadata: { name: gone, namespace: d }, spec: { nodeName: n1, containers: [{ name: c }] }, status: { phase: Failed } }
flows:
  - { name: f, from: node/n1, to: 10.0.1.1:22, expect: { request: { delivered: { host: gone } } } }
`;
    const r = loadScenario(text, 'c.yaml');
    expect(r.ok ? [] : r.errors.map(formatError)).toEqual([expect.stringMatching(/^c\.yaml:11:\d+: flows\[0\]\.expect\.request\.delivered\.host: no node, client or placed pod named gone/)]);
  });

  it("names follow Kubernetes' rules, checked at the field (a quote in a Service name never reaches a rule comment)", () => {
    const r = loadScenario(
      `${HEAD}nodes: [{ name: n1, address: 10.0.1.1/16, podCIDR: 10.244.1.0/24 }]
objects:
  - { kind: Service, metadata: { name: 'we"b' }, spec: { clusterIP: 10.96.0.9, ports: [{ name: Http_Port, port: 80 }] } }
  - { kind: Pod, metadata: { name: Web_1 }, spec: { nodeName: n1, containers: [{ name: 'c!' }] } }
`,
      'c.yaml',
    );
    const errors = r.ok ? [] : r.errors.map(formatError);
    expect(errors).toEqual([
      expect.stringMatching(/objects\[0\]\.metadata\.name: expected a DNS label starting with a letter/),
      expect.stringMatching(/objects\[0\]\.spec\.ports\[0\]\.name: expected a port name/),
      expect.stringMatching(/objects\[1\]\.metadata\.name: expected a DNS subdomain/),
      expect.stringMatching(/objects\[1\]\.spec\.containers\[0\]\.name: expected a DNS label/),
    ]);
  });

  it('a kind written by hand that the builder does not read is still refused, by name', () => {
    const r = loadScenario(`${HEAD}nodes: [{ name: n1, address: 10.0.1.1/16, podCIDR: 10.244.1.0/24 }]\nobjects:\n  - { kind: Deployment, metadata: { name: web } }\n`, 'c.yaml');
    expect(r.ok ? [] : r.errors.map(formatError)).toEqual([expect.stringMatching(/objects\[0\]\.kind: kind Deployment is not read by the cluster builder/)]);
  });
});
