/**
 * Scenario format v1, as a zod schema: the single source of truth for validation, for the TypeScript
 * types of a parsed file, and for the published JSON Schema (`public/schema/scenario.schema.json`).
 * The format is described for users in `docs/scenario-format.md`.
 */
// zod's tree-shakable form (the loader runs in the engine worker, which every embed downloads);
// the English messages are loaded explicitly, as zod/mini requires.
import * as z from 'zod/mini';

z.config(z.locales.en());

const name = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._@:-]*$/, 'expected a name of letters, digits, ".", "_", "-", "@" or ":"'));

/** A flow name: no spaces, used on the CLI and in URLs. */
const flowName = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a flow name without spaces (letters, digits, ".", "_", "-")'));

const ipv4 = z.string().check(z.regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, 'expected an IPv4 address such as 10.244.0.74'));

const cidr = z.string().check(z.regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/, 'expected an IPv4 address with prefix length such as 172.16.240.131/24'));

const mac = z.string().check(z.regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'expected a MAC address such as 00:0c:29:b2:8d:83'));

const port = z.int().check(z.minimum(0), z.maximum(65535));

const ifaceBase = {
  name: name.check(z.describe('Interface name as `ip link` shows it, e.g. eth0, ens33, flannel.1')),
  mac: z.optional(mac).check(z.describe('MAC address')),
  mtu: z.optional(z.int().check(z.minimum(68), z.maximum(65536))).check(z.describe('MTU in bytes (default 1500)')),
  addresses: z.optional(z.array(cidr)).check(z.describe('IPv4 addresses with prefix length')),
  ifindex: z
    .optional(z.int().check(z.minimum(1), z.maximum(2147483647)))
    .check(z.describe("Interface index as `ip link` shows it (lo is 1); unique in the netns. Decides the kernel's device order; without it the file's order is assumed, lo first")),
  attached: z
    .optional(
      z.strictObject({
        ingress: z.optional(z.string().check(z.minLength(1))).check(z.describe('What runs on frames this device receives: an XDP program or tc ingress filters')),
        egress: z.optional(z.string().check(z.minLength(1))).check(z.describe('What runs on frames this device sends: tc egress filters')),
      }),
    )
    .check(
      z.describe(
        'Programs attached to the device that the engine cannot run (XDP, tc filters such as Cilium\'s and Calico eBPF\'s BPF programs), as `ip link` and `tc filter show` name them: a packet received (ingress) or sent (egress) here stops with "cannot evaluate"',
      ),
    ),
};

const ethernetIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('ethernet'),
  segment: name.check(z.describe('The L2 segment (switch/LAN) this NIC is plugged into')),
});
const vethIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('veth'),
  peer: z.optional(z.string().check(z.regex(/^[^/\s]+\/[^/\s]+$/, 'expected "host/ifname" naming the other end of the veth pair'))).check(z.describe('The other end as host/ifname')),
});
const bridgeIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('bridge'),
  ports: z.optional(z.array(name)).check(z.describe('Member interfaces (in this netns)')),
  hairpin: z.optional(z.array(name)).check(z.describe('Ports with hairpin mode on')),
});
const vxlanIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('vxlan'),
  vni: z.int().check(z.minimum(0), z.maximum(16777215)),
  local: z.optional(ipv4),
  dstport: z.optional(port).check(z.describe('Outer UDP destination port (default 8472, the kernel default)')),
  dev: z.optional(name).check(z.describe('Underlay device')),
  learning: z.optional(z.boolean()),
});
const ipipIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('ipip'),
  local: z.optional(z.union([ipv4, z.literal('any')])),
  remote: z.optional(z.union([ipv4, z.literal('any')])),
});
const loopbackIface = z.strictObject({ ...ifaceBase, type: z.literal('loopback') });
const dummyIface = z.strictObject({ ...ifaceBase, type: z.literal('dummy') });

/** An interface, chosen by its `type` key. */
const otherIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('other'),
  kind: z
    .string()
    .check(z.regex(/^[a-z0-9_-]+$/, 'expected a link kind as `ip -d link` prints it, e.g. macvlan'))
    .check(z.describe("The kernel's link kind (`ip -d link`): macvlan, ipvlan, vlan, bond, wireguard, gre…")),
  link: z.optional(name).check(z.describe('The parent device (`eth0` of `macvlan0@eth0`)')),
});
export const interfaceSchema = z.discriminatedUnion('type', [ethernetIface, vethIface, bridgeIface, vxlanIface, ipipIface, loopbackIface, dummyIface, otherIface]);

const containerSchema = z.strictObject({
  name: name,
  image: z.optional(z.string()),
  note: z.optional(z.string()),
});

const socket = z.string().check(z.regex(/^(tcp|udp|sctp)\/\d{1,5}$/, 'expected "tcp/PORT", "udp/PORT" or "sctp/PORT"'));

/**
 * A listening socket: `udp/53`, or `{ listen: udp/53, reply-from: route }` to say how a UDP server
 * picks its reply's source (`destination`: the request's destination, via IP_PKTINFO, as DNS
 * servers do; `route`: an unconnected socket bound to 0.0.0.0, the kernel picks it by routing).
 */
const listener = z.union([
  socket,
  z.strictObject({
    listen: socket.check(z.describe('"tcp/PORT", "udp/PORT" or "sctp/PORT"')),
    'reply-from': z
      .optional(z.enum(['destination', 'route']))
      .check(z.describe("UDP only: the reply's source is the request's destination (IP_PKTINFO, default) or chosen by routing (socket bound to 0.0.0.0)")),
  }),
]);

/** One network namespace. */
export const hostSchema = z.strictObject({
  name: name.check(z.describe('Unique netns name')),
  kind: z.enum(['node', 'pod', 'container', 'external', 'router']),
  title: z.optional(z.string()),
  node: z.optional(name).check(z.describe('For pods and containers: the node they run on')),
  containers: z.optional(z.array(containerSchema)),
  listeners: z.optional(z.array(listener)),
  interfaces: z.optional(z.array(interfaceSchema)),
  routes: z.optional(z.string()).check(z.describe('`ip route` lines (`table N` for tables other than main)')),
  rules: z.optional(z.string()).check(z.describe('`ip rule show` lines (policy routing), e.g. "100: from all fwmark 0x1/0x1 lookup 100"; absent: the kernel\'s three default rules')),
  neighbors: z.optional(z.string()).check(z.describe('`ip neigh` lines')),
  fdb: z.optional(z.string()).check(z.describe('`bridge fdb` lines')),
  sysctls: z.optional(z.record(z.string().check(z.regex(/^net\.[A-Za-z0-9_.@-]+$/, 'expected a sysctl key starting with "net."')), z.int())),
  iptables: z.optional(z.string()).check(z.describe('`iptables-save` text')),
  nftables: z
    .optional(z.string())
    .check(z.describe('nftables ruleset text in either syntax nft reads: `nft list ruleset` (blocks, `nft -a` handles allowed) or `nft -f` commands (add table/chain/rule/set/map/element)')),
  'nftables-json': z.optional(z.string()).check(z.describe('`nft -j list ruleset` output (libnftables-json(5))')),
  ipvs: z.optional(z.string()).check(z.describe('IPVS virtual services: `ipvsadm -Sn` lines (or an `ipvsadm -Ln` listing, whose ActiveConn/InActConn counts the lc, wlc, sed and nq schedulers read)')),
  ipset: z.optional(z.string()).check(z.describe('`ipset save` text: the sets iptables `-m set --match-set` rules name')),
});

const headerExpect = {
  host: name,
  interface: z.optional(name),
  src: z.optional(ipv4),
  dst: z.optional(ipv4),
  sport: z.optional(port),
  dport: z.optional(port),
};

const outcomeExpect = z.union([
  z.strictObject({ delivered: z.strictObject(headerExpect) }),
  z.strictObject({
    dropped: z.strictObject({
      host: name,
      interface: z.optional(name),
      stage: z.optional(z.string()),
      reason: z.optional(z.string()),
    }),
  }),
]);

/**
 * The expected error sent back about a dropped request (Trace `outcome.error`): where it ended, the
 * errno the application sees, the error's source and the destination its quoted header names.
 */
const errorExpect = z.strictObject({
  result: z.enum(['delivered', 'dropped']),
  host: name,
  errno: z.optional(z.string().check(z.regex(/^E[A-Z]+$/, 'expected an errno name such as ECONNREFUSED'))),
  src: z.optional(ipv4),
  'quoted-dst': z.optional(ipv4),
});

/** A text in English and Simplified Chinese (the source articles are Chinese; so are many learners). */
const bilingual = z.strictObject({
  en: z.string().check(z.minLength(1)).check(z.describe('English')),
  zh: z.string().check(z.minLength(1)).check(z.describe('Simplified Chinese (简体中文)')),
});

/**
 * Which step a caption belongs to: every given field must hold. `rule` is a substring of the rule
 * text; `direction` defaults to any.
 */
const stepMatch = z.strictObject({
  direction: z.optional(z.enum(['request', 'reply', 'error'])),
  netns: z.optional(name),
  interface: z.optional(name),
  stage: z.optional(z.enum(['send', 'recv', 'conntrack', 'nat', 'rule', 'policy', 'route', 'forward', 'neigh', 'fdb', 'encap', 'decap', 'xmit', 'deliver', 'drop', 'ipvs'])),
  hook: z.optional(z.enum(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'])),
  table: z.optional(z.enum(['raw', 'mangle', 'nat', 'filter', 'security'])),
  chain: z.optional(z.string()),
  rule: z.optional(z.string()),
});

/** Narration for a lesson: an introduction and captions attached to steps. */
export const narrationSchema = z.strictObject({
  intro: bilingual,
  captions: z.optional(z.array(z.strictObject({ match: stepMatch, text: bilingual }))),
});

/** A named probe with its optional expectation. */
export const flowSchema = z.strictObject({
  name: flowName,
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  from: name.check(z.describe('The host (netns) that sends')),
  protocol: z.enum(['tcp', 'udp', 'sctp', 'icmp']),
  src: z.optional(ipv4),
  dst: ipv4,
  sport: z.optional(port),
  dport: z.optional(port),
  size: z.optional(z.int().check(z.minimum(28), z.maximum(65535))).check(z.describe('IP total length of the request in bytes (default: 60 for TCP, UDP and SCTP, 84 for ICMP echo)')),
  icmpId: z.optional(z.int().check(z.minimum(0), z.maximum(65535))).check(z.describe('ICMP echo identifier, as `ping -e ID` sets it (icmp flows only; default 4660)')),
  ttl: z
    .optional(z.int().check(z.minimum(1), z.maximum(255)))
    .check(z.describe('IP TTL of the request as sent, as `traceroute -f N`/`ping -t N` set it (1..255; default 64, net.ipv4.ip_default_ttl)')),
  recverr: z
    .optional(z.boolean())
    .check(z.describe('udp only: the socket sets IP_RECVERR, as traceroute does, so every ICMP error reaches the application (default false: a connected socket reports hard errors only)')),
  choices: z.optional(
    z.record(
      z
        .string()
        .check(
          z.regex(
            /^[^/\s]+\/(?:[a-z]+|(?:ip|inet) [^/\s]+)\/.+$/,
            'expected "netns/table/chain" (iptables), "netns/family table/chain" (nft numgen), "netns/ipvs/PROTO VIP:PORT" (IPVS scheduler) or "netns/route/TABLE PREFIX" (multipath route)',
          ),
        ),
      z.int().check(z.minimum(1)),
    ),
  ),
  after: z
    .optional(flowName)
    .check(
      z.describe(
        'The flow whose connection runs just before this one (an earlier flow of the file): this flow starts from the state it left, its conntrack entries, -m recent lists (sessionAffinity), learned neighbours and FDB entries. The clock does not advance between them. Give this flow another sport so it is a new connection.',
      ),
    ),
  narration: z.optional(narrationSchema),
  expect: z.optional(
    z.strictObject({
      request: outcomeExpect,
      reply: z.optional(z.union([outcomeExpect, z.literal('none')])),
      error: z.optional(z.union([errorExpect, z.literal('none')])),
    }),
  ),
});

/** The picker's groups: what a scenario teaches (docs/scenario-format.md). */
export const TOPICS = ['docker', 'flannel', 'calico', 'services', 'pains', 'linux'] as const;
/** A scenario's topic, one of {@link TOPICS}. */
export type Topic = (typeof TOPICS)[number];

/** `metadata.topic`: the picker's group for the scenario. */
export const topicField = z
  .optional(z.enum(TOPICS))
  .check(
    z.describe('The scenario picker groups bundled scenarios by topic: docker, flannel, calico, services (kube-proxy), pains (lessons on problems users report), linux (routing and ICMP basics)'),
  );

/** The whole scenario file. */
export const scenarioSchema = z.strictObject({
  version: z.literal(1),
  metadata: z.strictObject({
    title: z.string().check(z.minLength(1)),
    description: z.optional(z.string()),
    topic: topicField,
    source: z.optional(
      z.strictObject({
        article: z.optional(z.string()),
        section: z.optional(z.string()),
        url: z.optional(z.string()),
      }),
    ),
    notes: z.optional(z.array(z.string())),
  }),
  segments: z.optional(z.array(z.strictObject({ name: name, title: z.optional(z.string()) }))),
  hosts: z.array(hostSchema).check(z.minLength(1)),
  flows: z.optional(z.array(flowSchema)),
  layout: z.optional(
    z.strictObject({
      order: z.optional(z.array(name)),
    }),
  ),
});

/** Field schemas other file formats share with scenarios (the cluster file, app/cluster/schema.ts). */
export const fields = { name, flowName, ipv4, cidr, port } as const;

/** A scenario file as parsed and schema-checked (before semantic checks). */
export type ScenarioFile = z.infer<typeof scenarioSchema>;
export type HostFile = z.infer<typeof hostSchema>;
export type InterfaceFile = z.infer<typeof interfaceSchema>;
export type FlowFile = z.infer<typeof flowSchema>;
export type OutcomeExpect = z.infer<typeof outcomeExpect>;
export type ErrorExpect = z.infer<typeof errorExpect>;
export type Narration = z.infer<typeof narrationSchema>;
export type StepMatch = z.infer<typeof stepMatch>;
