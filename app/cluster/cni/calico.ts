/**
 * Calico, as the seed article 004 shows it on a real cluster: each pod has a /32 address and
 * `default via 169.254.1.1`, answered by proxy ARP on the host's cali* veth (MAC
 * ee:ee:ee:ee:ee:ee); each node routes its own block to a blackhole and each local pod by a /32
 * route to its cali device. In IPIP mode every other node's block goes `via <node> dev tunl0 proto
 * bird onlink` through the tunl0 IPIP device (MTU 1480, the block's first address as its tunnel
 * address); in BGP mode (no encapsulation, the nodes on one L2 network) `via <node> dev eth0 proto
 * bird`, MTU 1500. Calico's own policy chains (cali-*) are not generated.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type ClusterNode, type ClusterPod, type GeneratedHost, lanInterface, lanRoute, macFor, nodeHostBase, podHostBase } from '../model';

/** The MTU Calico gives tunl0 and pod interfaces in IPIP mode (1500 minus the 20-byte outer header). */
export const IPIP_MTU = 1480;

/** Calico's host-side veth name: `cali` + 11 hex digits of SHA-1 of `namespace.pod` (calico cni-plugin `VethNameForWorkload`). */
export function caliName(namespace: string, pod: string): string {
  return `cali${bytesToHex(sha1(new TextEncoder().encode(`${namespace}.${pod}`))).slice(0, 11)}`;
}

/** Calico's encapsulation between nodes: IPIP (tunl0) or none (BGP routes on the LAN). */
export type CalicoMode = 'ipip' | 'bgp';

/** The MTU of cali veths and pod interfaces. */
export const calicoMtu = (mode: CalicoMode) => (mode === 'ipip' ? IPIP_MTU : 1500);

/** The host side of each local pod: a cali veth with proxy ARP and a /32 route (Calico and Canal). */
export function caliDevices(local: readonly ClusterPod[], mtu: number) {
  return {
    interfaces: local.map((p) => ({ name: caliName(p.namespace, p.name), type: 'veth' as const, mac: 'ee:ee:ee:ee:ee:ee', mtu, peer: `${p.host}/eth0` })),
    routes: local.map((p) => `${p.ip} dev ${caliName(p.namespace, p.name)} scope link`),
    sysctls: Object.fromEntries(local.map((p) => [`net.ipv4.conf.${caliName(p.namespace, p.name)}.proxy_arp`, 1])),
  };
}

/** The node netns of `node` with its LAN NIC, tunl0 (IPIP), cali veths, routes and sysctls. */
export function calicoNode(node: ClusterNode, nodes: readonly ClusterNode[], pods: readonly ClusterPod[], segment: string, lan: string, mode: CalicoMode): GeneratedHost {
  const local = pods.filter((p) => p.node === node.name);
  const cali = caliDevices(local, calicoMtu(mode));
  const others = nodes.filter((n) => n !== node);
  const routes = [
    lanRoute(lan, node.ip),
    `blackhole ${node.podCIDR} proto bird`,
    ...cali.routes,
    ...others.map((n) => (mode === 'ipip' ? `${n.podCIDR} via ${n.ip} dev tunl0 proto bird onlink` : `${n.podCIDR} via ${n.ip} dev eth0 proto bird`)),
  ];
  return {
    because: `node ${node.name}: Calico ${mode === 'ipip' ? 'IPIP wiring (tunl0, a cali veth per pod, bird routes)' : 'BGP wiring (a cali veth per pod, bird routes on the LAN)'}`,
    host: {
      ...nodeHostBase(node),
      interfaces: [
        lanInterface(node.cidr, segment),
        // Calico gives tunl0 the first address of the node's block (its IPIP tunnel address).
        ...(mode === 'ipip' ? [{ name: 'tunl0', type: 'ipip' as const, mtu: IPIP_MTU, local: 'any' as const, remote: 'any' as const, addresses: [`${node.podCIDR.split('/')[0]}/32`] }] : []),
        ...cali.interfaces,
      ],
      routes: routes.join('\n') + '\n',
      sysctls: { 'net.ipv4.ip_forward': 1, ...cali.sysctls },
    },
  };
}

/** A pod netns wired by Calico's CNI plugin: eth0 with a /32 and the 169.254.1.1 default route. */
export function calicoPod(pod: ClusterPod, mtu: number): GeneratedHost {
  return {
    because: `pod ${pod.namespace}/${pod.name} on ${pod.node}: Calico workload endpoint`,
    host: {
      ...podHostBase(pod),
      interfaces: [{ name: 'eth0', type: 'veth', mac: macFor([0x0a, 0x58], pod.ip), mtu, addresses: [`${pod.ip}/32`], peer: `${pod.node}/${caliName(pod.namespace, pod.name)}` }],
      routes: 'default via 169.254.1.1 dev eth0\n169.254.1.1 dev eth0 scope link\n',
    },
  };
}
