/**
 * flannel with the bridge CNI plugin: each node has a /24 of the pod network on the cni0 bridge
 * (gateway .1, hairpin on every port). With the VXLAN backend, as the seed article 003 shows
 * flannel.1 on a real cluster: a VXLAN device flannel.1 (VNI 1, UDP 8472, no learning, MTU 1450,
 * address .0/32), and for every other node a route `<subnet> via <subnet>.0 dev flannel.1 onlink`,
 * a PERMANENT neighbour for that .0 address with the other node's flannel.1 MAC, and an FDB entry
 * sending that MAC to the other node. With the host-gw backend (nodes on one L2 network): a route
 * `<subnet> via <node> dev eth0` per other node, MTU 1500. flanneld's FLANNEL-FWD and
 * FLANNEL-POSTRTG chains are generated as flannel v0.2x writes them.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { addressAt } from '../../engine/addr/ipv4';
import { type ClusterNode, type ClusterPod, type GeneratedHost, lanInterface, lanRoute, macFor, nodeHostBase, podHostBase } from '../model';
import type { IptablesPart } from '../iptables-save';

/** flannel.1's MTU: 1500 minus the 50 bytes of VXLAN, UDP, IP and inner Ethernet headers. */
export const VXLAN_MTU = 1450;

const prefixLen = (cidr: string) => cidr.split('/')[1];
/** flannel.1's MAC on a node (generated: flanneld picks it at random and publishes it in the node's annotations). */
const vtepMac = (n: ClusterNode) => macFor([0x0e, 0x6f], n.ip);
/** The host-side veth of a pod (generated: the bridge plugin names it `veth` + 8 random hex digits). */
export const vethName = (p: ClusterPod) => `veth${bytesToHex(sha1(new TextEncoder().encode(`${p.namespace}.${p.name}`))).slice(0, 8)}`;

/** flannel's backend between nodes. */
export type FlannelBackend = 'vxlan' | 'host-gw';

/** The MTU of cni0, the veths and pod interfaces. */
export const flannelMtu = (backend: FlannelBackend) => (backend === 'vxlan' ? VXLAN_MTU : 1500);

/** flannel.1 on `node` and, per other node, its route, PERMANENT neighbour and FDB entry (VXLAN backend; Flannel and Canal). */
export function flannelVtep(node: ClusterNode, others: readonly ClusterNode[]) {
  const lines = (xs: string[]) => xs.join('\n') + (xs.length ? '\n' : '');
  return {
    device: {
      name: 'flannel.1',
      type: 'vxlan' as const,
      vni: 1,
      local: node.ip,
      dstport: 8472,
      dev: 'eth0',
      learning: false,
      mtu: VXLAN_MTU,
      mac: vtepMac(node),
      addresses: [`${addressAt(node.podCIDR, 0)}/32`],
    },
    routes: others.map((n) => `${n.podCIDR} via ${addressAt(n.podCIDR, 0)} dev flannel.1 onlink`),
    neighbors: lines(others.map((n) => `${addressAt(n.podCIDR, 0)} dev flannel.1 lladdr ${vtepMac(n)} PERMANENT`)),
    fdb: lines(others.map((n) => `${vtepMac(n)} dev flannel.1 dst ${n.ip} self permanent`)),
  };
}

/**
 * How the bridge plugin sets up cni0: `hairpinMode` on every pod's port (flannel's CNI config sets
 * `"hairpinMode": true`; the bridge plugin's default is false) and br_netfilter's
 * `net.bridge.bridge-nf-call-iptables` (kubeadm requires 1).
 */
export interface BridgeOptions {
  readonly hairpinMode: boolean;
  readonly bridgeNfCallIptables: boolean;
}

/** The node netns of `node`: eth0, flannel.1 (VXLAN), cni0 with a veth per pod, routes, neighbours, FDB, sysctls. */
export function flannelNode(
  node: ClusterNode,
  nodes: readonly ClusterNode[],
  pods: readonly ClusterPod[],
  segment: string,
  lan: string,
  backend: FlannelBackend,
  bridge: BridgeOptions = { hairpinMode: true, bridgeNfCallIptables: true },
): GeneratedHost {
  const local = pods.filter((p) => p.node === node.name);
  const others = nodes.filter((n) => n !== node);
  const veths = local.map(vethName);
  const mtu = flannelMtu(backend);
  const vtep = backend === 'vxlan' ? flannelVtep(node, others) : undefined;
  return {
    because: `node ${node.name}: flannel ${backend === 'vxlan' ? 'VXLAN wiring (flannel.1, cni0 and a veth per pod)' : 'host-gw wiring (cni0, a veth per pod, routes via the other nodes)'}`,
    host: {
      ...nodeHostBase(node),
      interfaces: [
        lanInterface(node.cidr, segment),
        ...(vtep ? [vtep.device] : []),
        {
          name: 'cni0',
          type: 'bridge',
          mtu,
          mac: macFor([0x0a, 0x58], addressAt(node.podCIDR, 1)),
          addresses: [`${addressAt(node.podCIDR, 1)}/${prefixLen(node.podCIDR)}`],
          ports: veths,
          ...(bridge.hairpinMode ? { hairpin: veths } : {}),
        },
        ...local.map((p, i) => ({ name: veths[i], type: 'veth' as const, mtu, mac: macFor([0x7a, 0x58], p.ip), peer: `${p.host}/eth0` })),
      ],
      routes:
        [
          lanRoute(lan, node.ip),
          `${node.podCIDR} dev cni0 proto kernel scope link src ${addressAt(node.podCIDR, 1)}`,
          ...(vtep ? vtep.routes : others.map((n) => `${n.podCIDR} via ${n.ip} dev eth0`)),
        ].join('\n') + '\n',
      ...(vtep && others.length ? { neighbors: vtep.neighbors, fdb: vtep.fdb } : {}),
      sysctls: { 'net.ipv4.ip_forward': 1, 'net.bridge.bridge-nf-call-iptables': bridge.bridgeNfCallIptables ? 1 : 0 },
    },
  };
}

/** flanneld's own iptables chains on a node (flannel v0.2x `FLANNEL-FWD`, `FLANNEL-POSTRTG`). */
export function flannelRules(node: ClusterNode, clusterCIDR: string): IptablesPart[] {
  const c = '-m comment --comment "flanneld masq"';
  return [
    {
      table: 'filter',
      why: { key: 'flannelForward', params: { cidr: clusterCIDR } },
      chains: ['FLANNEL-FWD'],
      rules: [
        '-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD',
        `-A FLANNEL-FWD -s ${clusterCIDR} -m comment --comment "flanneld forward" -j ACCEPT`,
        `-A FLANNEL-FWD -d ${clusterCIDR} -m comment --comment "flanneld forward" -j ACCEPT`,
      ],
    },
    {
      table: 'nat',
      why: { key: 'flannelMasquerade', params: { cidr: clusterCIDR, podCIDR: node.podCIDR } },
      chains: ['FLANNEL-POSTRTG'],
      rules: [
        `-A POSTROUTING ${c} -j FLANNEL-POSTRTG`,
        `-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 ${c} -j RETURN`,
        `-A FLANNEL-POSTRTG -s ${node.podCIDR} -d ${clusterCIDR} ${c} -j RETURN`,
        `-A FLANNEL-POSTRTG -s ${clusterCIDR} -d ${node.podCIDR} ${c} -j RETURN`,
        `-A FLANNEL-POSTRTG ! -s ${clusterCIDR} -d ${node.podCIDR} ${c} -j RETURN`,
        `-A FLANNEL-POSTRTG -s ${clusterCIDR} ! -d 224.0.0.0/4 ${c} -j MASQUERADE --random-fully`,
        `-A FLANNEL-POSTRTG ! -s ${clusterCIDR} -d ${clusterCIDR} ${c} -j MASQUERADE --random-fully`,
      ],
    },
  ];
}

/** A pod netns wired by the bridge plugin: eth0 on the node's subnet, default via the cni0 gateway. */
export function flannelPod(pod: ClusterPod, node: ClusterNode, clusterCIDR: string, mtu: number): GeneratedHost {
  const gw = addressAt(node.podCIDR, 1);
  return {
    because: `pod ${pod.namespace}/${pod.name} on ${pod.node}: bridge CNI plugin on cni0`,
    host: {
      ...podHostBase(pod),
      interfaces: [{ name: 'eth0', type: 'veth', mac: macFor([0x0a, 0x58], pod.ip), mtu, addresses: [`${pod.ip}/${prefixLen(node.podCIDR)}`], peer: `${pod.node}/${vethName(pod)}` }],
      routes: `default via ${gw} dev eth0\n${clusterCIDR} via ${gw} dev eth0\n${node.podCIDR} dev eth0 proto kernel scope link src ${pod.ip}\n`,
    },
  };
}
