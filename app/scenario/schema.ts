/**
 * Scenario format v1, as a zod schema: the single source of truth for validation, for the TypeScript
 * types of a parsed file, and for the published JSON Schema (`public/schema/scenario.schema.json`).
 * The format is described for users in `docs/scenario-format.md`.
 */
// zod's tree-shakable form (the loader runs in the engine worker, which every embed downloads);
// the English messages are loaded explicitly, as zod/mini requires.
import * as z from 'zod/mini';
import DOCS from './schema-docs';

z.config(z.locales.en());

const name = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._@:-]*$/, 'expected a name of letters, digits, ".", "_", "-", "@" or ":"'));

/** A flow name: no spaces, used on the CLI and in URLs. */
const flowName = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a flow name without spaces (letters, digits, ".", "_", "-")'));

const ipv4 = z.string().check(z.regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, 'expected an IPv4 address such as 10.244.0.74'));

const cidr = z.string().check(z.regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/, 'expected an IPv4 address with prefix length such as 172.16.240.131/24'));

const mac = z.string().check(z.regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'expected a MAC address such as 00:0c:29:b2:8d:83'));

const port = z.int().check(z.minimum(0), z.maximum(65535));

const ifaceBase = {
  name: name.check(z.describe(DOCS.ifaceBaseName)),
  mac: z.optional(mac).check(z.describe(DOCS.ifaceBaseMac)),
  mtu: z.optional(z.int().check(z.minimum(68), z.maximum(65536))).check(z.describe(DOCS.ifaceBaseMtu)),
  addresses: z.optional(z.array(cidr)).check(z.describe(DOCS.ifaceBaseAddresses)),
  ifindex: z.optional(z.int().check(z.minimum(1), z.maximum(2147483647))).check(z.describe(DOCS.ifaceBaseIfindex)),
  attached: z
    .optional(
      z.strictObject({
        ingress: z.optional(z.string().check(z.minLength(1))).check(z.describe(DOCS.ifaceBaseIngress)),
        egress: z.optional(z.string().check(z.minLength(1))).check(z.describe(DOCS.ifaceBaseEgress)),
      }),
    )
    .check(z.describe(DOCS.ifaceBaseAttached)),
};

const ethernetIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('ethernet'),
  segment: name.check(z.describe(DOCS.ethernetSegment)),
});
const vethIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('veth'),
  peer: z.optional(z.string().check(z.regex(/^[^/\s]+\/[^/\s]+$/, 'expected "host/ifname" naming the other end of the veth pair'))).check(z.describe(DOCS.vethPeer)),
});
const bridgeIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('bridge'),
  ports: z.optional(z.array(name)).check(z.describe(DOCS.bridgePorts)),
  hairpin: z.optional(z.array(name)).check(z.describe(DOCS.bridgeHairpin)),
});
const vxlanIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('vxlan'),
  vni: z.int().check(z.minimum(0), z.maximum(16777215)),
  local: z.optional(ipv4),
  dstport: z.optional(port).check(z.describe(DOCS.vxlanDstport)),
  dev: z.optional(name).check(z.describe(DOCS.vxlanDev)),
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
    .check(z.describe(DOCS.otherKind)),
  link: z.optional(name).check(z.describe(DOCS.otherLink)),
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
    listen: socket.check(z.describe(DOCS.listenerListen)),
    'reply-from': z.optional(z.enum(['destination', 'route'])).check(z.describe(DOCS.listenerReplyFrom)),
  }),
]);

/** One network namespace. */
export const hostSchema = z.strictObject({
  name: name.check(z.describe(DOCS.hostName)),
  kind: z.enum(['node', 'pod', 'container', 'external', 'router']),
  title: z.optional(z.string()),
  node: z.optional(name).check(z.describe(DOCS.hostNode)),
  containers: z.optional(z.array(containerSchema)),
  listeners: z.optional(z.array(listener)),
  interfaces: z.optional(z.array(interfaceSchema)),
  routes: z.optional(z.string()).check(z.describe(DOCS.hostRoutes)),
  rules: z.optional(z.string()).check(z.describe(DOCS.hostRules)),
  neighbors: z.optional(z.string()).check(z.describe(DOCS.hostNeighbors)),
  fdb: z.optional(z.string()).check(z.describe(DOCS.hostFdb)),
  sysctls: z.optional(z.record(z.string().check(z.regex(/^net\.[A-Za-z0-9_.@-]+$/, 'expected a sysctl key starting with "net."')), z.int())),
  iptables: z.optional(z.string()).check(z.describe(DOCS.hostIptables)),
  nftables: z.optional(z.string()).check(z.describe(DOCS.hostNftables)),
  'nftables-json': z.optional(z.string()).check(z.describe(DOCS.hostNftablesJson)),
  ipvs: z.optional(z.string()).check(z.describe(DOCS.hostIpvs)),
  ipset: z.optional(z.string()).check(z.describe(DOCS.hostIpset)),
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
  en: z.string().check(z.minLength(1)).check(z.describe(DOCS.bilingualEn)),
  zh: z.string().check(z.minLength(1)).check(z.describe(DOCS.bilingualZh)),
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
  from: name.check(z.describe(DOCS.flowFrom)),
  protocol: z.enum(['tcp', 'udp', 'sctp', 'icmp']),
  src: z.optional(ipv4),
  dst: ipv4,
  sport: z.optional(port),
  dport: z.optional(port),
  size: z.optional(z.int().check(z.minimum(28), z.maximum(65535))).check(z.describe(DOCS.flowSize)),
  icmpId: z.optional(z.int().check(z.minimum(0), z.maximum(65535))).check(z.describe(DOCS.flowIcmpId)),
  ttl: z.optional(z.int().check(z.minimum(1), z.maximum(255))).check(z.describe(DOCS.flowTtl)),
  recverr: z.optional(z.boolean()).check(z.describe(DOCS.flowRecverr)),
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
  after: z.optional(flowName).check(z.describe(DOCS.flowAfter)),
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
export const topicField = z.optional(z.enum(TOPICS)).check(z.describe(DOCS.metadataTopic));

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
