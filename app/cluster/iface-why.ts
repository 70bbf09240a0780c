/**
 * Why each interface of a built cluster exists: the CNI, kube-proxy or Pod behind it (../because.ts),
 * filed under provenanceKey(netns, `iface`, `name`, ifname). The devices are the CNI builders' own
 * (./cni/*.ts, ./model.ts, ./kube-proxy/ipvs-node.ts), recognised by name and type; a test checks
 * that every interface of every CNI's hosts has one.
 */
import { provenanceKey, type Because, type ObjectRef } from './because';
import type { ClusterPod, GeneratedHost } from './model';

type Iface = NonNullable<GeneratedHost['host']['interfaces']>[number];

const podRef = (p: ClusterPod): ObjectRef => ({ kind: 'Pod', namespace: p.namespace, name: p.name });

/** The Because of interface `i` of `host`, or undefined for loopback and shapes it does not know. */
export function interfaceBecause(host: GeneratedHost['host'], i: Iface, pods: readonly ClusterPod[], cni: string): Because | undefined {
  const pod = pods.find((p) => p.host === host.name);
  const peerPod = 'peer' in i && typeof i.peer === 'string' ? pods.find((p) => p.host === i.peer!.split('/')[0]) : undefined;
  const first = 'addresses' in i ? (i.addresses?.[0] ?? '') : '';
  if (pod) return { key: 'ifacePodEth0', params: { pod: `${pod.namespace}/${pod.name}`, cni }, object: podRef(pod) };
  if (peerPod) return { key: i.name.startsWith('cali') ? 'ifaceCaliHost' : 'ifaceVethHost', params: { pod: `${peerPod.namespace}/${peerPod.name}`, dev: i.name, cni }, object: podRef(peerPod) };
  if (i.type === 'ethernet') return { key: host.kind === 'external' ? 'ifaceClient' : 'ifaceLan', params: { address: first } };
  if (i.type === 'bridge') return { key: i.name === 'docker0' ? 'ifaceDocker0' : 'ifaceCni0', params: { dev: i.name, address: first } };
  if (i.type === 'vxlan') return { key: 'ifaceFlannelVtep', params: { vni: i.vni, port: i.dstport ?? 8472, address: first } };
  if (i.type === 'ipip') return { key: 'ifaceTunl0', params: { address: first } };
  if (i.type === 'dummy' && i.name === 'kube-ipvs0') return { key: 'ifaceKubeIpvs0', params: { count: 'addresses' in i ? (i.addresses?.length ?? 0) : 0 } };
  return undefined;
}

/** Every interface of `hosts` with its Because. */
export function interfaceProvenance(hosts: readonly GeneratedHost[], pods: readonly ClusterPod[], cni: string): Record<string, Because> {
  const out: Record<string, Because> = {};
  for (const { host } of hosts)
    for (const i of host.interfaces ?? []) {
      const b = interfaceBecause(host, i, pods, cni);
      if (b) out[provenanceKey(host.name, 'iface', 'name', i.name)] = b;
    }
  return out;
}
