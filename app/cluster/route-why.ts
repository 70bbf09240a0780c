/**
 * Why each route, neighbour and FDB entry the cluster builder wrote exists: the node, pod or CNI
 * behaviour behind it (../because.ts), filed under provenanceKey(netns, `route`|`neigh`|`fdb`,
 * `line`, the line as written), the text a Trace step quotes. The lines are the CNI builders' own
 * (./cni/*.ts, ./model.ts), recognised here by their shape; a test walks every bundled cluster flow
 * and fails on a line without its Because, so a new shape cannot slip through unexplained.
 */
import { inCidr } from '../engine/addr/ipv4';
import { provenanceKey, type Because, type ObjectRef } from './because';
import type { ClusterNode, ClusterPod, GeneratedHost } from './model';

/** What the classifier knows of the cluster. */
export interface RouteContext {
  readonly cni: string;
  readonly nodes: readonly ClusterNode[];
  readonly pods: readonly ClusterPod[];
  readonly clusterCIDR: string;
}

const podRef = (p: ClusterPod): ObjectRef => ({ kind: 'Pod', namespace: p.namespace, name: p.name });
const because = (key: Because['key'], params: Record<string, string | number>, object?: ObjectRef): Because => ({ key, params, ...(object ? { object } : {}) });

/** The Because of route `line` in host `host` (a node's or pod's netns), or undefined for a shape it does not know. */
export function routeBecause(line: string, host: string, c: RouteContext): Because | undefined {
  const pod = c.pods.find((p) => p.host === host);
  const w = line.split(/\s+/);
  const dst = w[0] === 'blackhole' ? w[1] : w[0];
  const via = w.includes('via') ? w[w.indexOf('via') + 1] : undefined;
  const dev = w.includes('dev') ? w[w.indexOf('dev') + 1] : undefined;
  const owner = c.nodes.find((n) => n.podCIDR === dst);
  if (w[0] === 'blackhole') return because('routeBlackhole', { podCIDR: dst });
  if (dst === 'default') {
    if (via === '169.254.1.1') return because('routePodDefaultProxyArp', {}, pod && podRef(pod));
    return pod ? because('routePodGateway', { gateway: via ?? '', dev: dev ?? '' }, podRef(pod)) : because('routeDefault', { gateway: via ?? '' });
  }
  if (dst === '169.254.1.1') return because('routePodDefaultProxyArp', {}, pod && podRef(pod));
  if (pod) {
    if (dst === c.clusterCIDR) return because('routePodCluster', { cidr: dst, gateway: via ?? '' }, podRef(pod));
    return because('routePodSubnetLink', { podCIDR: dst }, podRef(pod));
  }
  if (line.includes('proto kernel') && dev === 'eth0') return because('routeLan', { lan: dst });
  const target = c.pods.find((p) => p.ip === dst);
  if (target) return because('routeCalicoPod', { pod: `${target.namespace}/${target.name}`, ip: dst, dev: dev ?? '' }, podRef(target));
  if (owner && !via) return because('routePodSubnet', { node: owner.name, podCIDR: dst, dev: dev ?? '' });
  if (owner && dev === 'flannel.1') return because('routeOtherNodeVxlan', { node: owner.name, podCIDR: dst, via: via ?? '' });
  if (owner && dev === 'tunl0') return because('routeOtherNodeIpip', { node: owner.name, podCIDR: dst, nodeIP: owner.ip });
  if (owner && via === owner.ip) return because('routeOtherNodeDirect', { node: owner.name, podCIDR: dst, nodeIP: owner.ip, cni: c.cni });
  const node = c.nodes.find((n) => n.ip === via);
  if (node && /^\d+\.\d+\.\d+\.\d+$/.test(dst) && !c.nodes.some((n) => inCidr(dst, n.podCIDR))) return because('routeClientVip', { ip: dst, node: node.name });
  return undefined;
}

/** The Because of a neighbour (`neigh`) or FDB (`fdb`) line: flannel's entries for another node's VTEP. */
export function vtepBecause(kind: 'neigh' | 'fdb', line: string, c: RouteContext): Because | undefined {
  const w = line.split(/\s+/);
  const node = kind === 'fdb' ? c.nodes.find((n) => n.ip === w[w.indexOf('dst') + 1]) : c.nodes.find((n) => inCidr(w[0], n.podCIDR));
  if (!node) return undefined;
  return because(kind === 'neigh' ? 'neighVtep' : 'fdbVtep', { node: node.name, nodeIP: node.ip });
}

/** Every route, neighbour and FDB line of `hosts` with its Because (lines of unknown shape are left out). */
export function hostLinesProvenance(hosts: readonly GeneratedHost[], c: RouteContext): Record<string, Because> {
  const out: Record<string, Because> = {};
  const lines = (text: string | undefined) =>
    (text ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
  for (const { host } of hosts) {
    for (const l of lines(host.routes)) {
      const b = routeBecause(l, host.name, c);
      if (b) out[provenanceKey(host.name, 'route', 'line', l)] = b;
    }
    for (const kind of ['neigh', 'fdb'] as const)
      for (const l of lines(kind === 'neigh' ? host.neighbors : host.fdb)) {
        const b = vtepBecause(kind, l, c);
        if (b) out[provenanceKey(host.name, kind, 'line', l)] = b;
      }
  }
  return out;
}
