/**
 * Scenario format v1, as a zod schema: the single source of truth for validation, for the TypeScript
 * types of a parsed file, and for the published JSON Schema (`public/schema/scenario.schema.json`).
 * The format is described for users in `docs/scenario-format.md`.
 */
import { z } from 'zod';

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@:-]*$/, 'expected a name of letters, digits, ".", "_", "-", "@" or ":"');

/** A flow name: no spaces, used on the CLI and in URLs. */
const flowName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a flow name without spaces (letters, digits, ".", "_", "-")');

const ipv4 = z
  .string()
  .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, 'expected an IPv4 address such as 10.244.0.74');

const cidr = z
  .string()
  .regex(
    /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/,
    'expected an IPv4 address with prefix length such as 172.16.240.131/24',
  );

const mac = z
  .string()
  .regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'expected a MAC address such as 00:0c:29:b2:8d:83');

const port = z.number().int().min(0).max(65535);

const ifaceBase = {
  name: name.describe('Interface name as `ip link` shows it, e.g. eth0, ens33, flannel.1'),
  mac: mac.optional().describe('MAC address'),
  mtu: z.number().int().min(68).max(65536).optional().describe('MTU in bytes (default 1500)'),
  addresses: z.array(cidr).optional().describe('IPv4 addresses with prefix length'),
};

const ethernetIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('ethernet'),
  segment: name.describe('The L2 segment (switch/LAN) this NIC is plugged into'),
});
const vethIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('veth'),
  peer: z
    .string()
    .regex(/^[^/\s]+\/[^/\s]+$/, 'expected "host/ifname" naming the other end of the veth pair')
    .optional()
    .describe('The other end as host/ifname'),
});
const bridgeIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('bridge'),
  ports: z.array(name).optional().describe('Member interfaces (in this netns)'),
  hairpin: z.array(name).optional().describe('Ports with hairpin mode on'),
});
const vxlanIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('vxlan'),
  vni: z.number().int().min(0).max(16777215),
  local: ipv4.optional(),
  dstport: port.optional().describe('Outer UDP destination port (default 8472, the kernel default)'),
  dev: name.optional().describe('Underlay device'),
  learning: z.boolean().optional(),
});
const ipipIface = z.strictObject({
  ...ifaceBase,
  type: z.literal('ipip'),
  local: z.union([ipv4, z.literal('any')]).optional(),
  remote: z.union([ipv4, z.literal('any')]).optional(),
});
const loopbackIface = z.strictObject({ ...ifaceBase, type: z.literal('loopback') });
const dummyIface = z.strictObject({ ...ifaceBase, type: z.literal('dummy') });

/** An interface, chosen by its `type` key. */
export const interfaceSchema = z.discriminatedUnion('type', [
  ethernetIface,
  vethIface,
  bridgeIface,
  vxlanIface,
  ipipIface,
  loopbackIface,
  dummyIface,
]);

const containerSchema = z.strictObject({
  name: name,
  image: z.string().optional(),
  note: z.string().optional(),
});

const listener = z
  .string()
  .regex(/^(tcp|udp|sctp)\/\d{1,5}$/, 'expected "tcp/PORT", "udp/PORT" or "sctp/PORT"');

/** One network namespace. */
export const hostSchema = z.strictObject({
  name: name.describe('Unique netns name'),
  kind: z.enum(['node', 'pod', 'container', 'external', 'router']),
  title: z.string().optional(),
  node: name.optional().describe('For pods and containers: the node they run on'),
  containers: z.array(containerSchema).optional(),
  listeners: z.array(listener).optional(),
  interfaces: z.array(interfaceSchema).optional(),
  routes: z.string().optional().describe('`ip route` lines'),
  neighbors: z.string().optional().describe('`ip neigh` lines'),
  fdb: z.string().optional().describe('`bridge fdb` lines'),
  sysctls: z.record(z.string().regex(/^net\.[A-Za-z0-9_.@-]+$/, 'expected a sysctl key starting with "net."'), z.number().int()).optional(),
  iptables: z.string().optional().describe('`iptables-save` text'),
});

const headerExpect = {
  host: name,
  interface: name.optional(),
  src: ipv4.optional(),
  dst: ipv4.optional(),
  sport: port.optional(),
  dport: port.optional(),
};

const outcomeExpect = z.union([
  z.strictObject({ delivered: z.strictObject(headerExpect) }),
  z.strictObject({
    dropped: z.strictObject({
      host: name,
      interface: name.optional(),
      stage: z.string().optional(),
      reason: z.string().optional(),
    }),
  }),
]);

/** A text in English and Simplified Chinese (the source articles are Chinese; so are many learners). */
const bilingual = z.strictObject({
  en: z.string().min(1).describe('English'),
  zh: z.string().min(1).describe('Simplified Chinese (简体中文)'),
});

/**
 * Which step a caption belongs to: every given field must hold. `rule` is a substring of the rule
 * text; `direction` defaults to any.
 */
const stepMatch = z.strictObject({
  direction: z.enum(['request', 'reply']).optional(),
  netns: name.optional(),
  interface: name.optional(),
  stage: z.enum(['send', 'recv', 'conntrack', 'nat', 'rule', 'policy', 'route', 'forward', 'neigh', 'fdb', 'encap', 'decap', 'xmit', 'deliver', 'drop']).optional(),
  hook: z.enum(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']).optional(),
  table: z.enum(['raw', 'mangle', 'nat', 'filter', 'security']).optional(),
  chain: z.string().optional(),
  rule: z.string().optional(),
});

/** Narration for a lesson: an introduction and captions attached to steps. */
export const narrationSchema = z.strictObject({
  intro: bilingual,
  captions: z.array(z.strictObject({ match: stepMatch, text: bilingual })).optional(),
});

/** A named probe with its optional expectation. */
export const flowSchema = z.strictObject({
  name: flowName,
  title: z.string().optional(),
  description: z.string().optional(),
  from: name.describe('The host (netns) that sends'),
  protocol: z.enum(['tcp', 'udp', 'sctp', 'icmp']),
  src: ipv4.optional(),
  dst: ipv4,
  sport: port.optional(),
  dport: port.optional(),
  size: z.number().int().min(28).max(65535).optional().describe('IP total length of the request in bytes (default: 60 for TCP, UDP and SCTP, 84 for ICMP echo)'),
  choices: z.record(z.string().regex(/^[^/\s]+\/[a-z]+\/[^/\s]+$/, 'expected "netns/table/chain"'), z.number().int().min(1)).optional(),
  narration: narrationSchema.optional(),
  expect: z
    .strictObject({
      request: outcomeExpect,
      reply: z.union([outcomeExpect, z.literal('none')]).optional(),
    })
    .optional(),
});

/** The whole scenario file. */
export const scenarioSchema = z.strictObject({
  version: z.literal(1),
  metadata: z.strictObject({
    title: z.string().min(1),
    description: z.string().optional(),
    source: z
      .strictObject({
        article: z.string().optional(),
        section: z.string().optional(),
        url: z.string().optional(),
      })
      .optional(),
    notes: z.array(z.string()).optional(),
  }),
  segments: z
    .array(z.strictObject({ name: name, title: z.string().optional() }))
    .optional(),
  hosts: z.array(hostSchema).min(1),
  flows: z.array(flowSchema).optional(),
  layout: z
    .strictObject({
      order: z.array(name).optional(),
    })
    .optional(),
});

/** A scenario file as parsed and schema-checked (before semantic checks). */
export type ScenarioFile = z.infer<typeof scenarioSchema>;
export type HostFile = z.infer<typeof hostSchema>;
export type InterfaceFile = z.infer<typeof interfaceSchema>;
export type FlowFile = z.infer<typeof flowSchema>;
export type OutcomeExpect = z.infer<typeof outcomeExpect>;
export type Narration = z.infer<typeof narrationSchema>;
export type StepMatch = z.infer<typeof stepMatch>;
