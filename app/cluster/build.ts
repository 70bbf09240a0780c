/**
 * Expands a cluster file into an ordinary scenario (the v1 format, nothing hidden): a netns per
 * node, pod and client wired by the chosen CNI (./cni/), kube-proxy's rules on every node
 * (./kube-proxy/), and the flows resolved to addresses (./flows.ts). Each generated host says what
 * produced it (`because`), and each block of kube-proxy rules names its Service.
 */
import type { FlowFile, HostFile, ScenarioFile } from '../scenario/schema';
import { addressAt, networkCidr } from '../engine/addr/ipv4';
import { calicoMtu, calicoNode, calicoPod } from './cni/calico';
import { canalNode } from './cni/canal';
import { dockerNode, dockerPod, dockerRules } from './cni/docker';
import { flannelMtu, flannelNode, flannelPod, flannelRules, VXLAN_MTU } from './cni/flannel';
import { resolveFlows } from './flows';
import { iptablesProvenance, iptablesSave, type IptablesPart } from './iptables-save';
import type { Provenance } from './because';
import { kubeProxyIptablesParts, kubeProxyNftablesText } from './kube-proxy/node-rules';
import { ipvsNodeState } from './kube-proxy/ipvs-node';
import { servicePorts } from './kube-proxy/service-ports';
import { defaultSettings, masqueradeMarkOf, nodePortsOnLoopback, type ProxierSettings } from './kube-proxy/settings';
import { type ClusterNode, type ClusterPod, type GeneratedHost } from './model';
import { derivedSlices, readObjects, type ClusterObjects, type ObjectIssue } from './objects';
import { nodesFromObjects } from './kubectl';
import { hostLinesProvenance } from './route-why';
import { interfaceProvenance } from './iface-why';
import { placePods } from './pods';
import { clientHost, defaultGateway, duplicateNames, outsideIssues, routerHost, routerNetworks, type RouterNetwork } from './outside';
import type { ClusterFile, Pod } from './schema';

/** A scenario built from a cluster file, with the comment for each host. */
export interface BuiltCluster {
  readonly scenario: ScenarioFile;
  /** Per host (same order as `scenario.hosts`): what produced it. */
  readonly because: readonly string[];
  /** Why each generated iptables rule, nftables rule and set element exists (./because.ts). */
  readonly provenance: Provenance;
}

/** `default via GATEWAY dev eth0` first in a host's routes (proxy ARP answers for 169.254.1.1 because of it). */
const withDefaultRoute = (g: GeneratedHost, gateway: string): GeneratedHost => ({ ...g, host: { ...g.host, routes: `default via ${gateway} dev eth0\n${g.host.routes ?? ''}` } });

/** The nodes: `nodes:`, else the Node objects (kubectl's output) with the LAN prefix of `network.lan`. */
function readNodes(c: ClusterFile, fromObjects: ClusterObjects['nodes'], issues: ObjectIssue[]): ClusterNode[] {
  let entries = c.nodes ?? [];
  if (!c.nodes) {
    const made = nodesFromObjects(fromObjects, Number(c.network.lan?.split('/')[1] ?? 24));
    issues.push(...made.issues);
    entries = made.nodes;
    if (!entries.length && !made.issues.length) issues.push({ path: ['nodes'], message: 'no nodes: give a nodes: list, or Node objects (kubectl get nodes -o json) in objects:' });
  }
  const nodes = entries.map((n) => ({ name: n.name, cidr: n.address, ip: n.address.split('/')[0], podCIDR: n.podCIDR }));
  if (!nodes.length) return nodes;
  const lan = networkCidr(nodes[0].cidr);
  nodes.forEach((n, i) => {
    if (networkCidr(n.cidr) !== lan) issues.push({ path: ['nodes', i, 'address'], message: `${n.cidr} is not on the first node's LAN ${lan} (the builder puts every node on one LAN)` });
    if (nodes.findIndex((m) => m.name === n.name) !== i) issues.push({ path: ['nodes', i, 'name'], message: `node ${n.name} appears twice` });
  });
  return nodes;
}

/** The kube-proxy settings of `node`. */
function proxierSettings(c: ClusterFile, node: ClusterNode): ProxierSettings {
  const kp = c.kubeProxy ?? {};
  return {
    ...defaultSettings(node.name, node.ip, c.network.clusterCIDR),
    ...(kp.masqueradeAll ? { masqueradeAll: true } : {}),
    ...(kp.nodePortAddresses?.length ? { nodePortAddresses: kp.nodePortAddresses } : {}),
    interfaceAddresses: { lo: ['127.0.0.1/8'], eth0: [node.cidr] },
    ...(kp.serviceCIDR ? { serviceCIDRs: [kp.serviceCIDR] } : {}),
    ...(kp.localhostNodePorts === false ? { localhostNodePorts: false } : {}),
    ...(kp.masqueradeBit !== undefined ? { masqueradeMark: masqueradeMarkOf(kp.masqueradeBit) } : {}),
    ...(kp.randomFully === false ? { randomFully: false } : {}),
    ...(kp.conntrackTCPBeLiberal ? { conntrackTCPLiberal: true } : {}),
  };
}

/** Expands `c`. @returns the scenario, or the issues (each at a path in the cluster file). */
export function buildCluster(c: ClusterFile): { ok: true; built: BuiltCluster } | { ok: false; issues: ObjectIssue[] } {
  const issues: ObjectIssue[] = [];
  const { objects, issues: objectIssues } = readObjects(c.objects ?? []);
  issues.push(...objectIssues);
  const nodes = readNodes(c, objects.nodes, issues);
  if (!nodes.length) return { ok: false, issues };
  if (!bridgeCni(c))
    for (const k of ['hairpinMode', 'bridgeNfCallIptables'] as const)
      if (c.network[k] !== undefined)
        issues.push({ path: ['network', k], message: `${k} applies to a bridge CNI (flannel-vxlan, flannel-host-gw, docker-bridge); ${c.network.cni} wires pods without a bridge` });
  const names = new Set<string>([...nodes.map((n) => n.name), ...(c.clients ?? []).map((x) => x.name), ...(c.routers ?? []).map((x) => x.name)]);
  const placed = placePods(objects.pods as Pod[], objects.podPaths, nodes, names);
  issues.push(...placed.issues);
  const slices = [...objects.slices, ...derivedSlices(objects)];
  const segment = c.network.segment ?? 'lan';
  const lan = networkCidr(nodes[0].cidr);
  const gateway = defaultGateway(c.network.gateway, c.routers, addressAt(lan, 1));
  issues.push(...outsideIssues(c.routers ?? [], c.clients ?? [], { lan, gateway }), ...duplicateNames(nodes, c.routers ?? [], c.clients ?? []));
  const hosts: GeneratedHost[] = [];
  for (const node of nodes) {
    const settings = proxierSettings(c, node);
    const { ports } = servicePorts(objects.services, slices, node.name);
    hosts.push(withKubeProxy(c, node, withDefaultRoute(nodeHost(c, node, nodes, placed.pods, segment, lan), gateway), ports, settings, objects.hostListeners.get(node.name) ?? []));
    for (const pod of placed.pods.filter((p) => p.node === node.name)) hosts.push(podHost(c, pod, node));
  }
  const { ports, skipped } = servicePorts(objects.services, slices, nodes[0].name);
  const vips = [...new Set(ports.flatMap((p) => [...p.loadBalancerVIPs, ...p.externalIPs]))];
  const outside = { lan, segment, gateway, vips, vipNode: nodes[0] };
  const nets = routerNetworks(c.routers ?? []);
  for (const router of c.routers ?? []) hosts.push(routerHost(router, nets, outside));
  for (const client of c.clients ?? []) hosts.push(clientHost(client, nets, outside));
  const flows = resolveFlows(c.flows ?? [], {
    nodes,
    clients: c.clients ?? [],
    pods: placed.pods,
    podNames: new Set(objects.pods.map((p) => `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`)),
    ports,
    skipped,
    mode: c.kubeProxy?.mode ?? 'iptables',
    portsOn: (name) => servicePorts(objects.services, slices, name).ports,
    settingsFor: (name) =>
      proxierSettings(
        c,
        nodes.find((n) => n.name === name)!,
      ),
  });
  issues.push(...flows.issues);
  if (issues.length) return { ok: false, issues };
  const routes = hostLinesProvenance(hosts, { cni: c.network.cni, nodes, pods: placed.pods, clusterCIDR: c.network.clusterCIDR });
  const ifaces = interfaceProvenance(hosts, placed.pods, c.network.cni);
  // The builders' own entries are the most specific: they win over those recognised by shape.
  const provenance = Object.assign({}, routes, ifaces, ...hosts.map((h) => h.provenance ?? {})) as Provenance;
  return {
    ok: true,
    built: {
      scenario: scenarioOf(
        c,
        lan,
        nets,
        hosts,
        flows.flows,
        skipped.map((s) => `${s.service} (${s.reason})`),
        objects.leftOut,
      ),
      because: hosts.map((h) => h.because),
      provenance,
    },
  };
}

/** The CNI puts pods on a Linux bridge (cni0, docker0), so hairpin mode and br_netfilter apply. */
const bridgeCni = (c: ClusterFile) => c.network.cni.startsWith('flannel') || c.network.cni === 'docker-bridge';

const bridgeOptions = (c: ClusterFile) => ({ hairpinMode: c.network.hairpinMode ?? true, bridgeNfCallIptables: c.network.bridgeNfCallIptables ?? true });

function nodeHost(c: ClusterFile, node: ClusterNode, nodes: readonly ClusterNode[], pods: readonly ClusterPod[], segment: string, lan: string): GeneratedHost {
  switch (c.network.cni) {
    case 'calico-ipip':
      return calicoNode(node, nodes, pods, segment, lan, 'ipip');
    case 'calico-bgp':
      return calicoNode(node, nodes, pods, segment, lan, 'bgp');
    case 'flannel-vxlan':
      return flannelNode(node, nodes, pods, segment, lan, 'vxlan', bridgeOptions(c));
    case 'flannel-host-gw':
      return flannelNode(node, nodes, pods, segment, lan, 'host-gw', bridgeOptions(c));
    case 'canal':
      return canalNode(node, nodes, pods, segment, lan);
    case 'docker-bridge':
      return dockerNode(node, nodes, pods, segment, lan, bridgeOptions(c));
  }
}

function podHost(c: ClusterFile, pod: ClusterPod, node: ClusterNode): GeneratedHost {
  switch (c.network.cni) {
    case 'calico-ipip':
      return calicoPod(pod, calicoMtu('ipip'));
    case 'calico-bgp':
      return calicoPod(pod, calicoMtu('bgp'));
    case 'canal':
      return calicoPod(pod, VXLAN_MTU);
    case 'flannel-vxlan':
      return flannelPod(pod, node, c.network.clusterCIDR, flannelMtu('vxlan'));
    case 'flannel-host-gw':
      return flannelPod(pod, node, c.network.clusterCIDR, flannelMtu('host-gw'));
    case 'docker-bridge':
      return dockerPod(pod, node);
  }
}

/**
 * The sockets a node listens on: sshd (22), the kubelet (10250) and kube-proxy's health check
 * (10256), and the declared container ports of its host-network Pods. kube-proxy no longer holds
 * NodePorts open (since Kubernetes 1.27), so a NodePort no rule catches is refused.
 */
const NODE_LISTENERS = ['tcp/22', 'tcp/10250', 'tcp/10256'] as const;

/** Adds kube-proxy's rules (and flanneld's) to a node's host entry. */
function withKubeProxy(
  c: ClusterFile,
  node: ClusterNode,
  g: GeneratedHost,
  ports: Parameters<typeof kubeProxyIptablesParts>[0],
  settings: ProxierSettings,
  hostListeners: readonly string[],
): GeneratedHost {
  const mode = c.kubeProxy?.mode ?? 'iptables';
  const cniParts: IptablesPart[] =
    c.network.cni.startsWith('flannel') || c.network.cni === 'canal' ? flannelRules(node, c.network.clusterCIDR) : c.network.cni === 'docker-bridge' ? dockerRules(node) : [];
  const ipvs = mode === 'ipvs' ? ipvsNodeState(g.host, ports, settings) : undefined;
  const iptablesParts = mode === 'iptables' ? [...kubeProxyIptablesParts(ports, settings), ...cniParts] : ipvs ? [...ipvs.parts, ...cniParts] : cniParts;
  // proxier.go NewProxier: with localhost NodePorts, iptables mode sets conf.all.route_localnet=1.
  const localnet = mode === 'iptables' && settings.localhostNodePorts && nodePortsOnLoopback(settings);
  const nft = mode === 'nftables' ? kubeProxyNftablesText(ports, settings, g.host.name) : undefined;
  const host: HostFile = {
    ...(ipvs ? ipvs.host : g.host),
    listeners: [...new Set([...NODE_LISTENERS, ...hostListeners])],
    ...(localnet ? { sysctls: { ...g.host.sysctls, 'net.ipv4.conf.all.route_localnet': 1 } } : {}),
    ...(iptablesParts.length ? { iptables: iptablesSave(iptablesParts) } : {}),
    ...(nft ? { nftables: nft.text } : {}),
  };
  const provenance = { ...iptablesProvenance(iptablesParts, g.host.name), ...nft?.provenance, ...ipvs?.provenance };
  return { host, provenance, because: `${g.because}; kube-proxy in ${mode} mode${localnet ? ' (route_localnet=1 for NodePorts on 127.0.0.1)' : ''}` };
}

function scenarioOf(c: ClusterFile, lan: string, nets: readonly RouterNetwork[], hosts: readonly GeneratedHost[], flows: FlowFile[], skipped: string[], leftOut: readonly string[]): ScenarioFile {
  const mode = c.kubeProxy?.mode ?? 'iptables';
  const notes = [
    ...(c.metadata.notes ?? []),
    `Generated by PacketWalk's cluster builder from a kind: Cluster file: CNI ${c.network.cni}, kube-proxy in ${mode} mode (its rules as kube-proxy writes them for these Services and EndpointSlices).`,
    "Generated, not observed: MAC addresses (from the addresses), veth names for the bridge plugin, the order of devices. Not generated: the CNI's network-policy chains, kubelet's chains, conntrack state from earlier connections.",
    ...(skipped.length ? [`Services kube-proxy writes no rule for: ${skipped.join(', ')}.`] : []),
    ...(leftOut.length ? [`Objects read but not built: ${leftOut.join('; ')}.`] : []),
  ];
  return {
    version: 1,
    metadata: { title: c.metadata.title, ...(c.metadata.description ? { description: c.metadata.description } : {}), ...(c.metadata.topic ? { topic: c.metadata.topic } : {}), notes },
    segments: [{ name: c.network.segment ?? 'lan', title: `${lan} LAN` }, ...nets.map((n) => ({ name: n.segment, title: `${n.cidr} (behind ${n.router})` }))],
    hosts: hosts.map((h) => h.host),
    ...(flows.length ? { flows } : {}),
  };
}
