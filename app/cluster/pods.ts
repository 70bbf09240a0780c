/**
 * Places the cluster file's Pods: each on its node (`spec.nodeName`), with its address
 * (`status.podIP`, or the next free address of the node's pod CIDR from .2, as host-local IPAM and
 * Calico's allocator hand them out in order), its containers and the sockets they listen on
 * (`containerPort`).
 */
import type { ClusterNode, ClusterPod } from './model';
import type { ObjectIssue } from './objects';
import type { Pod } from './schema';
import { addressAt, inCidr } from '../engine/addr/ipv4';

/**
 * The pods, in file order; `pods` (the manifests, at `paths[i]` in the file) get their allocated
 * `status.podIP` written in.
 */
export function placePods(pods: Pod[], paths: readonly (readonly PropertyKey[])[], nodes: readonly ClusterNode[], hostNames: Set<string>): { pods: ClusterPod[]; issues: ObjectIssue[] } {
  const issues: ObjectIssue[] = [];
  const out: ClusterPod[] = [];
  const used = new Set(pods.map((p) => p.status?.podIP).filter(Boolean));
  const next = new Map<string, number>();
  pods.forEach((p, i) => {
    const at = paths[i];
    const node = nodes.find((n) => n.name === p.spec.nodeName);
    if (!node) return issues.push({ path: [...at, 'spec', 'nodeName'], message: `no node named ${p.spec.nodeName} in nodes:` });
    if (hostNames.has(p.metadata.name))
      return issues.push({ path: [...at, 'metadata', 'name'], message: `the name ${p.metadata.name} is already used by another pod, node or client (each becomes a netns of that name)` });
    hostNames.add(p.metadata.name);
    let ip = p.status?.podIP;
    if (ip && !inCidr(ip, node.podCIDR)) return issues.push({ path: [...at, 'status', 'podIP'], message: `${ip} is not in ${node.name}'s podCIDR ${node.podCIDR}` });
    if (!ip) {
      let k = next.get(node.name) ?? 2;
      while (used.has(addressAt(node.podCIDR, k))) k++;
      ip = addressAt(node.podCIDR, k);
      next.set(node.name, k + 1);
      used.add(ip);
      p.status = { ...(p.status ?? {}), podIP: ip };
    }
    const listeners = (p.spec.containers ?? []).flatMap((c) => (c.ports ?? []).map((q) => `${(q.protocol ?? 'TCP').toLowerCase()}/${q.containerPort}`));
    out.push({
      namespace: p.metadata.namespace ?? 'default',
      name: p.metadata.name,
      host: p.metadata.name,
      node: node.name,
      ip,
      listeners: [...new Set(listeners)],
      containers: (p.spec.containers ?? []).map((c) => ({ name: c.name, ...(c.image ? { image: c.image } : {}) })),
    });
  });
  return { pods: out, issues };
}
