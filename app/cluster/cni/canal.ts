/**
 * Canal, as the seed article 003 shows it: Calico's pod wiring (a /32 address, `default via
 * 169.254.1.1` answered by proxy ARP on the cali* veth, a /32 route per local pod) on flannel's
 * per-node /24 and VXLAN device flannel.1 between nodes (a route `via <subnet>.0 dev flannel.1
 * onlink`, a PERMANENT neighbour and an FDB entry per other node), MTU 1450; flanneld's chains.
 */
import { type ClusterNode, type ClusterPod, type GeneratedHost, lanInterface, lanRoute, nodeHostBase } from '../model';
import { caliDevices } from './calico';
import { flannelVtep, VXLAN_MTU } from './flannel';

/** The node netns of `node` under Canal. */
export function canalNode(node: ClusterNode, nodes: readonly ClusterNode[], pods: readonly ClusterPod[], segment: string, lan: string): GeneratedHost {
  const local = pods.filter((p) => p.node === node.name);
  const others = nodes.filter((n) => n !== node);
  const cali = caliDevices(local, VXLAN_MTU);
  const vtep = flannelVtep(node, others);
  return {
    because: `node ${node.name}: Canal wiring (Calico's cali veths, flannel's flannel.1)`,
    host: {
      ...nodeHostBase(node),
      interfaces: [lanInterface(node.cidr, segment), vtep.device, ...cali.interfaces],
      routes: [lanRoute(lan, node.ip), ...cali.routes, ...vtep.routes].join('\n') + '\n',
      ...(others.length ? { neighbors: vtep.neighbors, fdb: vtep.fdb } : {}),
      sysctls: { 'net.ipv4.ip_forward': 1, ...cali.sysctls },
    },
  };
}
