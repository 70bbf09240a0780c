/**
 * Calico in IPIP mode, as the seed article 004 shows it on a real cluster: each pod has a /32
 * address and `default via 169.254.1.1`, answered by proxy ARP on the host's cali* veth (MAC
 * ee:ee:ee:ee:ee:ee); each node routes its own block to a blackhole, each local pod by a /32 route
 * to its cali device, and every other node's block `via <node> dev tunl0 proto bird onlink`
 * through the tunl0 IPIP device (MTU 1480, the block's first address as its tunnel address).
 * Calico's own policy chains (cali-*) are not generated.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { macFor, type ClusterNode, type ClusterPod, type GeneratedHost } from '../model';

/** The MTU Calico gives tunl0 and pod interfaces in IPIP mode (1500 minus the 20-byte outer header). */
export const IPIP_MTU = 1480;

/** Calico's host-side veth name: `cali` + 11 hex digits of SHA-1 of `namespace.pod` (calico cni-plugin `VethNameForWorkload`). */
export function caliName(namespace: string, pod: string): string {
  return `cali${bytesToHex(sha1(new TextEncoder().encode(`${namespace}.${pod}`))).slice(0, 11)}`;
}

/** The node netns of `node` with its LAN NIC, tunl0, cali veths, routes and sysctls. */
export function calicoNode(node: ClusterNode, nodes: readonly ClusterNode[], pods: readonly ClusterPod[], segment: string, lan: string): GeneratedHost {
  const local = pods.filter((p) => p.node === node.name);
  const routes = [
    `${lan} dev eth0 proto kernel scope link src ${node.ip}`,
    `blackhole ${node.podCIDR} proto bird`,
    ...local.map((p) => `${p.ip} dev ${caliName(p.namespace, p.name)} scope link`),
    ...nodes.filter((n) => n !== node).map((n) => `${n.podCIDR} via ${n.ip} dev tunl0 proto bird onlink`),
  ];
  return {
    because: `node ${node.name}: Calico IPIP wiring (tunl0, a cali veth per pod, bird routes)`,
    host: {
      name: node.name,
      kind: 'node',
      title: `${node.name} (${node.ip})`,
      interfaces: [
        { name: 'eth0', type: 'ethernet', segment, mac: macFor([0x52, 0x54, 0x00], node.ip), addresses: [node.cidr] },
        // Calico gives tunl0 the first address of the node's block (its IPIP tunnel address).
        { name: 'tunl0', type: 'ipip', mtu: IPIP_MTU, local: 'any', remote: 'any', addresses: [`${node.podCIDR.split('/')[0]}/32`] },
        ...local.map((p) => ({ name: caliName(p.namespace, p.name), type: 'veth' as const, mac: 'ee:ee:ee:ee:ee:ee', mtu: IPIP_MTU, peer: `${p.host}/eth0` })),
      ],
      routes: routes.join('\n') + '\n',
      sysctls: { 'net.ipv4.ip_forward': 1, ...Object.fromEntries(local.map((p) => [`net.ipv4.conf.${caliName(p.namespace, p.name)}.proxy_arp`, 1])) },
    },
  };
}

/** A pod netns wired by Calico: eth0 with a /32 and the 169.254.1.1 default route. */
export function calicoPod(pod: ClusterPod): GeneratedHost {
  return {
    because: `pod ${pod.namespace}/${pod.name} on ${pod.node}: Calico workload endpoint`,
    host: {
      name: pod.host,
      kind: 'pod',
      node: pod.node,
      title: `${pod.namespace}/${pod.name} (${pod.ip})`,
      ...(pod.containers.length ? { containers: pod.containers.map((c) => ({ name: c.name, ...(c.image ? { image: c.image } : {}) })) } : {}),
      ...(pod.listeners.length ? { listeners: [...pod.listeners] } : {}),
      interfaces: [{ name: 'eth0', type: 'veth', mac: macFor([0x0a, 0x58], pod.ip), mtu: IPIP_MTU, addresses: [`${pod.ip}/32`], peer: `${pod.node}/${caliName(pod.namespace, pod.name)}` }],
      routes: 'default via 169.254.1.1 dev eth0\n169.254.1.1 dev eth0 scope link\n',
    },
  };
}
