/**
 * `docker-bridge`: pods on Docker's own bridge, as Kubernetes ran with dockershim before CNI
 * plugins, and as seed article 000 wires hosts by hand: each node's docker0 holds the node's pod
 * subnet (`dockerd --bip`, gateway .1), a veth per pod, and the other nodes' subnets are reached by
 * plain routes through their LAN addresses. Docker's own iptables rules come with it (Docker 20.x,
 * as bundled docker-bridge-port-mapping.yaml prints them): nat DOCKER and the MASQUERADE of
 * everything the subnet sends out of another device, filter DOCKER-USER / DOCKER-ISOLATION-* and the
 * FORWARD chain's policy DROP (dockerd sets it when it enables ip_forward, since Docker 1.13).
 */
import { addressAt } from '../../engine/addr/ipv4';
import { type ClusterNode, type ClusterPod, type GeneratedHost, lanInterface, lanRoute, macFor, nodeHostBase, podHostBase } from '../model';
import type { IptablesPart } from '../iptables-save';
import { vethName, type BridgeOptions } from './flannel';

const prefixLen = (cidr: string) => cidr.split('/')[1];

/** The node netns: eth0, docker0 with a veth per pod, a route per other node's subnet. */
export function dockerNode(node: ClusterNode, nodes: readonly ClusterNode[], pods: readonly ClusterPod[], segment: string, lan: string, bridge: BridgeOptions): GeneratedHost {
  const local = pods.filter((p) => p.node === node.name);
  const veths = local.map(vethName);
  const gw = addressAt(node.podCIDR, 1);
  return {
    because: `node ${node.name}: Docker's bridge (docker0 on the node's pod subnet, a veth per pod, routes to the other nodes' subnets)`,
    host: {
      ...nodeHostBase(node),
      interfaces: [
        lanInterface(node.cidr, segment),
        { name: 'docker0', type: 'bridge', mac: macFor([0x02, 0x42], gw), addresses: [`${gw}/${prefixLen(node.podCIDR)}`], ports: veths, ...(bridge.hairpinMode ? { hairpin: veths } : {}) },
        ...local.map((p, i) => ({ name: veths[i], type: 'veth' as const, mac: macFor([0x7a, 0x42], p.ip), peer: `${p.host}/eth0` })),
      ],
      routes:
        [lanRoute(lan, node.ip), `${node.podCIDR} dev docker0 proto kernel scope link src ${gw}`, ...nodes.filter((n) => n !== node).map((n) => `${n.podCIDR} via ${n.ip} dev eth0`)].join('\n') + '\n',
      sysctls: { 'net.ipv4.ip_forward': 1, 'net.bridge.bridge-nf-call-iptables': bridge.bridgeNfCallIptables ? 1 : 0 },
    },
  };
}

/** A pod netns on docker0: eth0 with a Docker MAC (02:42 + the address), default via docker0's gateway. */
export function dockerPod(pod: ClusterPod, node: ClusterNode): GeneratedHost {
  return {
    because: `pod ${pod.namespace}/${pod.name} on ${pod.node}: a veth on docker0`,
    host: {
      ...podHostBase(pod),
      interfaces: [{ name: 'eth0', type: 'veth', mac: macFor([0x02, 0x42], pod.ip), addresses: [`${pod.ip}/${prefixLen(node.podCIDR)}`], peer: `${pod.node}/${vethName(pod)}` }],
      routes: `default via ${addressAt(node.podCIDR, 1)} dev eth0\n${node.podCIDR} dev eth0 proto kernel scope link src ${pod.ip}\n`,
    },
  };
}

/** dockerd's iptables rules for docker0 on `node` (no published ports: pods are reached through Services). */
export function dockerRules(node: ClusterNode): IptablesPart[] {
  const docker = { key: 'dockerBridge' as const, params: { subnet: node.podCIDR } };
  return [
    {
      table: 'nat',
      why: docker,
      chains: ['DOCKER'],
      rules: [
        '# dockerd: docker0',
        '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
        '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
        `-A POSTROUTING -s ${node.podCIDR} ! -o docker0 -j MASQUERADE`,
        '-A DOCKER -i docker0 -j RETURN',
      ],
    },
    {
      table: 'filter',
      why: docker,
      policy: { FORWARD: 'DROP' },
      chains: ['DOCKER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-2', 'DOCKER-USER'],
      rules: [
        '# dockerd: docker0 (FORWARD policy DROP)',
        '-A FORWARD -j DOCKER-USER',
        '-A FORWARD -j DOCKER-ISOLATION-STAGE-1',
        '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        '-A FORWARD -o docker0 -j DOCKER',
        '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT',
        '-A FORWARD -i docker0 -o docker0 -j ACCEPT',
        '-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2',
        '-A DOCKER-ISOLATION-STAGE-1 -j RETURN',
        '-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP',
        '-A DOCKER-ISOLATION-STAGE-2 -j RETURN',
        '-A DOCKER-USER -j RETURN',
      ],
    },
  ];
}
