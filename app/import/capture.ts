/**
 * The capture file `public/capture.sh` writes (format `packetwalk-capture`, version 1): the node,
 * the tools it had, and per network namespace the JSON of `ip -j -d link`, `ip -j addr`,
 * `ip -j route show table all`, `ip -j rule`, `ip -j neigh`, `bridge -j fdb`, `bridge -d -j link`,
 * `nft -j list ruleset`, and the text of `ss -Hlntuw`, the modelled sysctls (`key=value`),
 * `iptables-save`, `ipset save`, `ipvsadm -Sn`, tc filters and `conntrack -L`. Only the fields the
 * importer reads are checked; iproute2 prints many more, and they are kept as they are.
 */
import * as z from 'zod/mini';

/** One device of `ip -j -d link` (ip-link(8); iproute2's print_linkinfo). */
export const linkSchema = z.looseObject({
  ifindex: z.int(),
  ifname: z.string(),
  link_index: z.optional(z.int()),
  link_netnsid: z.optional(z.int()),
  link_type: z.optional(z.string()),
  master: z.optional(z.string()),
  mtu: z.optional(z.int()),
  address: z.optional(z.string()),
  flags: z.optional(z.array(z.string())),
  xdp: z.optional(z.unknown()),
  linkinfo: z.optional(z.looseObject({ info_kind: z.optional(z.string()), info_data: z.optional(z.record(z.string(), z.unknown())) })),
});

/** One device of `ip -j addr` with its addresses. */
export const addrSchema = z.looseObject({
  ifname: z.string(),
  addr_info: z.optional(z.array(z.looseObject({ family: z.optional(z.string()), local: z.optional(z.string()), prefixlen: z.optional(z.int()) }))),
});

/** One route of `ip -j route show table all`. */
export const routeSchema = z.looseObject({
  type: z.optional(z.string()),
  dst: z.string(),
  gateway: z.optional(z.string()),
  dev: z.optional(z.string()),
  protocol: z.optional(z.string()),
  scope: z.optional(z.string()),
  prefsrc: z.optional(z.string()),
  metric: z.optional(z.int()),
  table: z.optional(z.string()),
  flags: z.optional(z.array(z.string())),
  nexthops: z.optional(z.array(z.looseObject({ gateway: z.optional(z.string()), dev: z.optional(z.string()), weight: z.optional(z.int()), flags: z.optional(z.array(z.string())) }))),
});

/** One namespace of a capture. */
export const namespaceSchema = z.looseObject({
  /** `root`, `name:NAME` (ip netns) or `pid:PID` (found through /proc/PID/ns/net). */
  ref: z.string().check(z.regex(/^(root|name:.+|pid:\d+)$/, 'expected root, name:NAME or pid:PID')),
  inode: z.int(),
  link: z.nullable(z.optional(z.array(linkSchema))),
  /** `ip -j netns list-id`: the ids this netns gives other named namespaces (a veth's `link_netnsid`). */
  nsids: z.nullable(z.optional(z.array(z.looseObject({ nsid: z.int(), name: z.optional(z.string()) })))),
  addr: z.nullable(z.optional(z.array(addrSchema))),
  route: z.nullable(z.optional(z.array(routeSchema))),
  rule: z.nullable(z.optional(z.array(z.looseObject({ priority: z.optional(z.int()), table: z.optional(z.string()) })))),
  neigh: z.nullable(z.optional(z.array(z.looseObject({ dst: z.string(), dev: z.optional(z.string()), lladdr: z.optional(z.string()), state: z.optional(z.array(z.string())) })))),
  fdb: z.nullable(
    z.optional(
      z.array(
        z.looseObject({
          mac: z.string(),
          ifname: z.optional(z.string()),
          dst: z.optional(z.string()),
          master: z.optional(z.string()),
          flags: z.optional(z.array(z.string())),
          state: z.optional(z.string()),
        }),
      ),
    ),
  ),
  bridgelink: z.nullable(z.optional(z.array(z.looseObject({ ifname: z.string(), master: z.optional(z.string()), hairpin: z.optional(z.boolean()) })))),
  nft: z.nullable(z.optional(z.looseObject({ nftables: z.array(z.record(z.string(), z.unknown())) }))),
  listen: z.optional(z.string()),
  sysctl: z.optional(z.string()),
  iptables: z.optional(z.string()),
  ipset: z.optional(z.string()),
  ipvs: z.optional(z.string()),
  tcfilters: z.optional(z.string()),
  conntrack: z.optional(z.string()),
  errors: z.optional(z.record(z.string(), z.string())),
});

/** A whole capture file. */
export const captureSchema = z.looseObject({
  format: z.literal('packetwalk-capture'),
  version: z.literal(1),
  node: z.string().check(z.minLength(1)),
  capturedAt: z.optional(z.string()),
  kernel: z.optional(z.string()),
  redacted: z.optional(z.boolean()),
  tools: z.optional(z.record(z.string(), z.string())),
  missing: z.optional(z.array(z.string())),
  skipped: z.optional(z.array(z.string())),
  namespaces: z.array(namespaceSchema),
  kubectl: z.optional(z.nullable(z.unknown())),
});

export type Capture = z.infer<typeof captureSchema>;
export type CapturedNetns = z.infer<typeof namespaceSchema>;
export type CapturedLink = z.infer<typeof linkSchema>;
export type CapturedRoute = z.infer<typeof routeSchema>;

export { isCapture } from './is-capture';
