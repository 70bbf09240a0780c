/**
 * Deterministic kube-proxy (iptables mode) rule sets of any size, for the scale benchmark
 * (issue 11): `services` ClusterIP Services of `endpoints` endpoints each, in the shape
 * kube-proxy's syncProxyRules writes them (pkg/proxy/iptables/proxier.go, Kubernetes 1.2x):
 * KUBE-SERVICES dispatching on cluster IP and port to KUBE-SVC-*, whose first rule marks
 * non-pod sources for masquerade (KUBE-MARK-MASQ) and whose others pick an endpoint with
 * `-m statistic --mode random`, then KUBE-SEP-* DNATing to the endpoint; KUBE-NODEPORTS last in
 * KUBE-SERVICES; KUBE-POSTROUTING masquerading marked packets. Chain names are 16 base32
 * characters of a hash of the Service port (kube-proxy uses SHA-256; a 32-bit FNV-1a is enough to
 * be unique here and keeps this module free of Node imports).
 *
 * The scenario around it: node1 (the rules, a cni0 bridge 10.244.0.1/24), a client pod 10.244.0.2
 * and one endpoint pod 10.244.0.3, the first endpoint of the last Service, so the benchmark's flow
 * walks every rule of KUBE-SERVICES before it matches (the worst case of the linear walk).
 */

import { benchScenarioYaml } from './bench-scenario';

/** A generated kube-proxy node: its `iptables-save` text and the scenario YAML holding it. */
export interface KubeProxyDump {
  readonly services: number;
  readonly endpoints: number;
  /** The `iptables-save` text (nat and filter tables), as `iptables-restore --test` reads it. */
  readonly iptablesSave: string;
  /** Lines of `iptablesSave`. */
  readonly lines: number;
  /** A scenario (docs/scenario-format.md) with node1, a client pod and the endpoint pod, and the flow `client-to-last-service`. */
  readonly yaml: string;
  /** The flow the benchmark traces. */
  readonly flow: string;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 16 base32 characters of a 32-bit FNV-1a hash of `s`, twice salted (deterministic). */
export function chainHash(s: string): string {
  let out = '';
  for (let salt = 0; out.length < 16; salt++) {
    let h = 0x811c9dc5 ^ salt;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    for (let k = 0; k < 6 && out.length < 16; k++, h >>>= 5) out += B32[h & 31];
  }
  return out;
}

/** The cluster IP of Service `i` (0-based): 10.96.0.10 upward. */
export const clusterIp = (i: number) => `10.96.${(i + 10) >> 8}.${(i + 10) & 255}`;
/** Endpoint `j` of Service `i`: 10.244.1.0 upward (other nodes' pod ranges); the last Service's first is the endpoint pod. */
export const endpointIp = (i: number, j: number, services: number, endpoints: number) => {
  if (i === services - 1 && j === 0) return '10.244.0.3';
  const k = i * endpoints + j;
  return `10.244.${1 + (k >> 8)}.${k & 255}`;
};

/** kube-proxy's probability for endpoint `j` of `n`: 1/(n−j), printed with 11 decimals. */
const probability = (j: number, n: number) => (1 / (n - j)).toFixed(11);

/**
 * Generates a kube-proxy node of `services` Services × `endpoints` endpoints.
 * @throws RangeError when `services` < 1 or `endpoints` < 1.
 */
export function kubeProxyDump(services: number, endpoints = 3): KubeProxyDump {
  if (!(services >= 1) || !(endpoints >= 1)) throw new RangeError('services and endpoints must be at least 1');
  const chains: string[] = [
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    ':KUBE-SERVICES - [0:0]',
  ];
  const rules: string[] = [
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  ];
  const dispatch: string[] = [];
  let lastSvc = '';
  for (let i = 0; i < services; i++) {
    const name = `ns${i % 50}/svc-${i}:http`;
    const svc = `KUBE-SVC-${chainHash(`${name}tcp`)}`;
    lastSvc = svc;
    const ip = clusterIp(i);
    chains.push(`:${svc} - [0:0]`);
    dispatch.push(`-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "${name} cluster IP" -m tcp --dport 80 -j ${svc}`);
    rules.push(`-A ${svc} ! -s 10.244.0.0/16 -d ${ip}/32 -p tcp -m comment --comment "${name} cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`);
    for (let j = 0; j < endpoints; j++) {
      const ep = endpointIp(i, j, services, endpoints);
      const sep = `KUBE-SEP-${chainHash(`${name}tcp${ep}:8080`)}`;
      chains.push(`:${sep} - [0:0]`);
      const pick = j < endpoints - 1 ? ` -m statistic --mode random --probability ${probability(j, endpoints)}` : '';
      rules.push(`-A ${svc} -m comment --comment "${name} -> ${ep}:8080"${pick} -j ${sep}`);
      rules.push(`-A ${sep} -s ${ep}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`);
      rules.push(`-A ${sep} -p tcp -m comment --comment "${name}" -m tcp -j DNAT --to-destination ${ep}:8080`);
    }
  }
  dispatch.push('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  const filter = [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':KUBE-FORWARD - [0:0]',
    '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    'COMMIT',
  ];
  const save = ['*nat', ...chains, ...rules, ...dispatch, 'COMMIT', ...filter].join('\n') + '\n';
  const flow = 'client-to-last-service';
  return {
    services,
    endpoints,
    iptablesSave: save,
    lines: save.split('\n').length - 1,
    yaml: benchScenarioYaml({
      title: 'kube-proxy at scale (generated)',
      description: "A node with kube-proxy's iptables rules for many Services; a client pod asks the last Service.",
      rulesKey: 'iptables',
      rules: save,
      vip: clusterIp(services - 1),
      choice: { key: `node1/nat/${lastSvc}`, value: 2 },
      flow,
    }),
    flow,
  };
}
