/**
 * A generated Calico IPIP cluster for the topology scale figure of issue 11 (50 nodes, 600 pods by
 * default), written deterministically in the scenario format (docs/scenario-format.md) the way
 * scenarios/calico-ipip.yaml models one: every node has `ens32` on one LAN, `tunl0` (IPIP) and one
 * `cali*` veth (MAC ee:ee:ee:ee:ee:ee, proxy_arp=1) per local pod; its pods have a /32 address and
 * `default via 169.254.1.1`; node i owns the block 10.244.i.0/26, routes every other node's block
 * `via <node> dev tunl0 proto bird onlink`, blackholes its own and has a /32 route per local pod.
 * One ICMP flow goes from a pod on one node to a pod on a node in another row of the topology grid.
 */

/** The generated cluster: its YAML and what a test or the bench needs to know about it. */
export interface ClusterTopology {
  readonly yaml: string;
  readonly nodes: number;
  /** Pods in the whole cluster (nodes × pods per node). */
  readonly pods: number;
  /** The flow's name (its only flow). */
  readonly flow: string;
  /** The flow's source and destination pods (host names). */
  readonly source: string;
  readonly destination: string;
}

/** Options of `clusterTopology`. */
export interface ClusterOptions {
  /** Nodes, 2 to 200 (default 50). */
  readonly nodes?: number;
  /** Pods per node, 1 to 60 (default 12). */
  readonly podsPerNode?: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const hex2 = (n: number) => (n & 255).toString(16).padStart(2, '0');
/** `node-07`. */
const nodeName = (i: number) => `node-${pad(i)}`;
/** `web-07-03`: pod 3 of node 7. */
const podName = (i: number, k: number) => `web-${pad(i)}-${pad(k)}`;
const nodeIp = (i: number) => `192.168.26.${10 + i}`;
const podIp = (i: number, k: number) => `10.244.${i}.${1 + k}`;

/** A cali device name, 15 characters as Calico makes them, from a small deterministic hash (FNV-1a). */
function caliName(i: number, k: number): string {
  let h = 0x811c9dc5;
  for (const ch of podName(i, k)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const h2 = Math.imul(h ^ (i * 131 + k), 0x01000193) >>> 0;
  return `cali${(h.toString(16) + h2.toString(16)).padStart(11, '0').slice(0, 11)}`;
}

function nodeYaml(i: number, nodes: number, pods: number): string {
  const ks = Array.from({ length: pods }, (_, k) => k + 1);
  const veths = ks.map(
    (k) => `      - name: ${caliName(i, k)}
        type: veth
        mac: ee:ee:ee:ee:ee:ee
        mtu: 1480
        peer: ${podName(i, k)}/eth0`,
  );
  const others = Array.from({ length: nodes }, (_, j) => j + 1).filter((j) => j !== i);
  const routes = [
    `default via 192.168.26.2 dev ens32`,
    ...others.map((j) => `10.244.${j}.0/26 via ${nodeIp(j)} dev tunl0 proto bird onlink`),
    `blackhole 10.244.${i}.0/26 proto bird`,
    ...ks.map((k) => `${podIp(i, k)} dev ${caliName(i, k)} scope link`),
  ];
  return `  - name: ${nodeName(i)}
    kind: node
    title: ${nodeName(i)} (${nodeIp(i)})
    interfaces:
      - name: ens32
        type: ethernet
        segment: lan
        mac: 00:0c:29:00:1a:${hex2(i)}
        addresses: [${nodeIp(i)}/24]
      - name: tunl0
        type: ipip
        mtu: 1480
        local: any
        remote: any
${veths.join('\n')}
    routes: |
${routes.map((r) => `      ${r}`).join('\n')}
    sysctls:
      net.ipv4.ip_forward: 1
${ks.map((k) => `      net.ipv4.conf.${caliName(i, k)}.proxy_arp: 1`).join('\n')}
`;
}

function podYaml(i: number, k: number): string {
  return `  - name: ${podName(i, k)}
    kind: pod
    node: ${nodeName(i)}
    title: ${podName(i, k)} (${podIp(i, k)})
    interfaces:
      - name: eth0
        type: veth
        mac: 0a:58:0a:f4:${hex2(i)}:${hex2(k)}
        mtu: 1480
        addresses: [${podIp(i, k)}/32]
        peer: ${nodeName(i)}/${caliName(i, k)}
    routes: |
      default via 169.254.1.1 dev eth0
      169.254.1.1 dev eth0 scope link
`;
}

/**
 * Generates the cluster.
 * @param options nodes (default 50) and pods per node (default 12).
 * @returns the scenario YAML (about 0.5 MB at 50 × 12) and the flow's endpoints: a pod on the
 * third node pings one on the node two fifths of the way from the end.
 */
export function clusterTopology(options: ClusterOptions = {}): ClusterTopology {
  const nodes = options.nodes ?? 50;
  const perNode = options.podsPerNode ?? 12;
  if (!(nodes >= 2 && nodes <= 200) || !(perNode >= 1 && perNode <= 60)) throw new RangeError('nodes must be 2–200 and pods per node 1–60');
  const srcNode = Math.min(3, nodes - 1);
  const dstNode = Math.max(srcNode + 1, nodes - Math.floor((nodes * 2) / 5));
  const srcPod = Math.min(5, perNode);
  const dstPod = Math.min(9, perNode);
  const source = podName(srcNode, srcPod);
  const destination = podName(dstNode, dstPod);
  const flow = 'pod-to-pod-ipip';
  const hosts: string[] = [];
  for (let i = 1; i <= nodes; i++) {
    hosts.push(nodeYaml(i, nodes, perNode));
    for (let k = 1; k <= perNode; k++) hosts.push(podYaml(i, k));
  }
  const yaml = `version: 1
metadata:
  title: Calico IPIP cluster — ${nodes} nodes, ${nodes * perNode} pods (generated)
  description: >-
    A generated Calico IPIP cluster for the topology at scale (issue 11): ${perNode} pods per node,
    /32 pod addresses, one /26 block per node routed through tunl0. ${source} pings ${destination}.
segments:
  - name: lan
    title: 192.168.26.0/24 LAN
hosts:
${hosts.join('')}flows:
  - name: ${flow}
    title: ${podIp(srcNode, srcPod)} (${nodeName(srcNode)}) pings ${podIp(dstNode, dstPod)} (${nodeName(dstNode)}) through tunl0
    from: ${source}
    protocol: icmp
    dst: ${podIp(dstNode, dstPod)}
    expect:
      request:
        delivered: { host: ${destination}, interface: eth0, src: ${podIp(srcNode, srcPod)}, dst: ${podIp(dstNode, dstPod)} }
      reply:
        delivered: { host: ${source}, interface: eth0, src: ${podIp(dstNode, dstPod)}, dst: ${podIp(srcNode, srcPod)} }
`;
  return { yaml, nodes, pods: nodes * perNode, flow, source, destination };
}
