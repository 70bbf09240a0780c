/**
 * The cluster file (`kind: Cluster`): nodes, the CNI that wires pods, kube-proxy's mode and
 * settings, ordinary Kubernetes manifests (Pods, Services, EndpointSlices) and flows in Kubernetes
 * terms. app/cluster/build.ts expands it into an ordinary scenario (docs/cluster-format.md).
 */
import * as z from 'zod/mini';
import { fields, flowSchema, narrationSchema, topicField } from '../scenario/schema';
import { CNIS, KUBE_PROXY_MODES } from './cnis';
import { dnsLabel, dnsSubdomain, portName } from './k8s-names';

const { name, flowName, cidr } = fields;

/** The CNIs the builder wires. */
export { CNIS } from './cnis';

const node = z.strictObject({
  name: name.check(z.describe('The node name (Kubernetes nodeName)')),
  address: cidr.check(z.describe('The node address on the cluster LAN, with its prefix (e.g. 192.168.26.103/24)')),
  podCIDR: cidr.check(z.describe('The pod addresses of this node: its Calico block or flannel subnet (e.g. 10.244.1.0/24)')),
});

const client = z.strictObject({
  name: name.check(z.describe('A machine outside the cluster, on the LAN or behind a router')),
  address: cidr.check(z.describe("Its address with prefix: on the cluster LAN, or in one of a router's other networks (then its default route is that router)")),
});

/** A router between the cluster LAN and other networks (clients behind it). */
const router = z.strictObject({
  name: name.check(z.describe('A router: a Linux host that forwards (net.ipv4.ip_forward=1)')),
  addresses: z
    .array(cidr)
    .check(
      z.minLength(1),
      z.describe("Its interfaces' addresses with prefix, eth0, eth1, …: the first on the cluster LAN, each other one a network of its own (a segment shared with the clients and routers on it)"),
    ),
  routes: z
    .optional(z.array(z.string().check(z.minLength(1))))
    .check(z.describe('More routes as ip route prints them, e.g. "10.244.0.0/16 via 192.168.26.103" for a router that learns the pod network by BGP')),
});

/** A flow in Kubernetes terms. */
const flow = z.strictObject({
  name: flowName,
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  from: z.string().check(z.regex(/^(pod\/[^/\s]+\/[^/\s]+|client\/[^/\s]+|node\/[^/\s]+)$/, 'expected pod/NAMESPACE/NAME, client/NAME or node/NAME'), z.describe('The sender')),
  to: z
    .string()
    .check(
      z.regex(
        /^(service\/[^/\s]+\/[^/\s:]+(:[^/\s]+)?|nodeport\/[^/\s]+\/[^/\s]+\/[^/\s:]+(:[^/\s]+)?|loadbalancer\/[^/\s]+\/[^/\s:]+(:[^/\s]+)?|pod\/[^/\s]+\/[^/\s:]+:\d+|\d+\.\d+\.\d+\.\d+:\d+)$/,
        'expected service/NAMESPACE/NAME[:PORT], nodeport/NODE/NAMESPACE/NAME[:PORT], loadbalancer/NAMESPACE/NAME[:PORT], pod/NAMESPACE/NAME:PORT or IP:PORT',
      ),
      z.describe('The destination; a Service port by name or number'),
    ),
  protocol: z.optional(z.enum(['tcp', 'udp', 'sctp'])).check(z.describe("Default: the Service port's protocol, else tcp")),
  sport: flowSchema.shape.sport.check(z.describe('Source port of the request (default 40123)')),
  after: flowSchema.shape.after,
  endpoint: z
    .optional(z.string().check(z.regex(/^pod\/[^/\s]+\/[^/\s]+$/, 'expected pod/NAMESPACE/NAME')))
    .check(z.describe("For a Service or NodePort: the endpoint kube-proxy's random choice picks (default: the first)")),
  narration: z.optional(narrationSchema).check(z.describe('An introduction and captions attached to steps, in English and 简体中文 (as in a scenario flow)')),
  expect: flowSchema.shape.expect,
});

/** The whole cluster file. */
export const clusterSchema = z.strictObject({
  kind: z.literal('Cluster'),
  version: z.literal(1),
  metadata: z.strictObject({
    title: z.string().check(z.minLength(1)),
    description: z.optional(z.string()),
    topic: topicField,
    notes: z.optional(z.array(z.string())).check(z.describe('Notes for the reader, shown before the generated notes')),
  }),
  network: z.strictObject({
    cni: z.enum(CNIS),
    clusterCIDR: cidr.check(z.describe('The pod network (kube-proxy --cluster-cidr)')),
    segment: z.optional(name).check(z.describe('The LAN segment name (default lan)')),
    hairpinMode: z
      .optional(z.boolean())
      .check(
        z.describe(
          "Bridge CNIs (flannel-*, docker-bridge): hairpin mode on every pod's cni0 port, so a pod can reach itself through a Service (default true, as flannel's CNI config sets it; the bridge plugin's own default is false)",
        ),
      ),
    bridgeNfCallIptables: z
      .optional(z.boolean())
      .check(z.describe('Bridge CNIs (flannel-*, docker-bridge): net.bridge.bridge-nf-call-iptables, so iptables sees frames bridged between pods (default true, as kubeadm requires)')),
    lan: z.optional(cidr).check(z.describe("The LAN the nodes' InternalIPs are on, for nodes made from Node objects (default: a /24 around the first node)")),
    gateway: z
      .optional(fields.ipv4)
      .check(
        z.describe(
          "The LAN's default gateway, the next hop of every node's and LAN client's default route (default: the first router's LAN address, else the LAN's first address); a host only when a router has this address",
        ),
      ),
  }),
  kubeProxy: z.optional(
    z.strictObject({
      mode: z.optional(z.enum(KUBE_PROXY_MODES)).check(z.describe('Default iptables')),
      masqueradeAll: z.optional(z.boolean()).check(z.describe('--masquerade-all: masquerade every connection to a cluster IP (default false)')),
      nodePortAddresses: z.optional(z.array(cidr)).check(z.describe('--nodeport-addresses: the node addresses NodePorts answer on (default: every local address)')),
      serviceCIDR: z.optional(cidr).check(z.describe('--service-cluster-ip-range (nftables mode drops traffic to its unallocated addresses)')),
      localhostNodePorts: z
        .optional(z.boolean())
        .check(z.describe('iptables mode, --iptables-localhost-nodeports: NodePorts answer on 127.0.0.1 and kube-proxy sets route_localnet=1 (default true; the other modes never do)')),
      masqueradeBit: z.optional(z.int().check(z.gte(0), z.lte(31))).check(z.describe('--iptables-masquerade-bit: the fwmark bit of KUBE-MARK-MASQ / mark-for-masquerade (default 14, mark 0x4000)')),
      randomFully: z.optional(z.boolean()).check(z.describe("The node's iptables supports --random-fully, so kube-proxy's MASQUERADE uses it (default true)")),
      conntrackTCPBeLiberal: z
        .optional(z.boolean())
        .check(z.describe('net.netfilter.nf_conntrack_tcp_be_liberal is 1 on the nodes, so kube-proxy writes no conntrack INVALID drop in KUBE-FORWARD (default false)')),
    }),
  ),
  nodes: z.optional(z.array(node).check(z.minLength(1))).check(z.describe('The nodes; absent: made from the Node objects in objects: (kubectl get nodes -o json: InternalIP, spec.podCIDR)')),
  clients: z.optional(z.array(client)),
  routers: z.optional(z.array(router)).check(z.describe('Routers between the LAN and other networks; a client in one of their networks sits behind them')),
  objects: z
    .optional(z.array(z.looseObject({ kind: z.string() })))
    .check(z.describe('Pods, Services and EndpointSlices as Kubernetes manifests; also what kubectl get nodes,pods,services,endpointslices -A -o json prints (a List, Nodes, Endpoints)')),
  objectsFrom: z
    .optional(z.array(z.string().check(z.minLength(1))))
    .check(
      z.describe(
        'Files holding more objects, named relative to the cluster file: what kubectl get nodes,pods,services,endpointslices -A -o json prints (read beside it by npm run cluster / trace / validate; in the app, open them together with the cluster file)',
      ),
    ),
  flows: z.optional(z.array(flow)),
});

export type ClusterFile = z.infer<typeof clusterSchema>;
export type ClusterFlow = z.infer<typeof flow>;
export type ClusterClient = z.infer<typeof client>;
export type ClusterRouter = z.infer<typeof router>;

/** A Pod as the builder reads it: where it runs, its address and the ports its containers listen on. */
export const podSchema = z.looseObject({
  kind: z.literal('Pod'),
  metadata: z.looseObject({ name: dnsSubdomain, namespace: z.optional(dnsLabel), labels: z.optional(z.record(z.string(), z.string())) }),
  spec: z.looseObject({
    nodeName: z.string(),
    containers: z.optional(
      z.array(
        z.looseObject({
          name: dnsLabel,
          image: z.optional(z.string()),
          ports: z.optional(z.array(z.looseObject({ name: z.optional(portName), containerPort: z.number(), protocol: z.optional(z.enum(['TCP', 'UDP', 'SCTP'])) }))),
        }),
      ),
    ),
  }),
  status: z.optional(z.looseObject({ podIP: z.optional(fields.ipv4) })),
});

export type Pod = z.infer<typeof podSchema>;
