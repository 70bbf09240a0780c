/**
 * The immutable World the engine simulates: network namespaces, their interfaces and host state.
 * Built by `app/scenario` from a scenario file; plain JSON-serialisable data, no behaviour.
 * Terms follow ip-link(8), ip-route(8), ip-neighbour(8), bridge(8) and iptables(8).
 */
import type { IpsetSets, IpvsState } from './ipvs/types';
import type { NftRuleset } from './nftables/types';
import type { Ruleset } from './netfilter/types';
import type { SourceRef, SourceText } from './source';

/** What a network namespace stands for in the cluster (drawing and wording only). */
export type HostKind = 'node' | 'pod' | 'container' | 'external' | 'router';

/** An IPv4 address configured on an interface (`ip addr`), e.g. `10.244.1.0/32`. */
export interface IfAddress {
  readonly ip: string;
  readonly prefixLen: number;
}

interface IfaceBase {
  readonly name: string;
  /** Lower-case colon-separated MAC; absent for NOARP devices without L2 (`ipip`, `loopback`). */
  readonly mac?: string;
  /** Bytes; defaults to 1500 (65536 on `lo`). */
  readonly mtu: number;
  readonly addresses: readonly IfAddress[];
  /**
   * The kernel's interface index (`ip link`'s first column; `lo` is always 1). Decides the device
   * order where the kernel walks its devices (`inet_select_addr`); without it the file's order is
   * assumed, `lo` first.
   */
  readonly ifindex?: number;
  /** Name of the bridge this interface is a port of (`master` in `ip link`). */
  readonly master?: string;
  /**
   * Programs attached to the device that the engine cannot run, as the capture names them: an XDP
   * program or tc ingress filters (`ingress`: frames it receives), tc egress filters (`egress`:
   * frames it sends). Cilium and Calico's eBPF data plane do their work there; a packet that would
   * cross one stops with "cannot evaluate".
   */
  readonly attached?: { readonly ingress?: string; readonly egress?: string };
  readonly source?: SourceRef;
}

/** A NIC on a named L2 segment (a physical switch or LAN, modelled as a learning switch). */
export interface EthernetIface extends IfaceBase {
  readonly type: 'ethernet';
  readonly segment: string;
}
/** One end of a veth pair; `peer` is the other end. See veth(4). */
export interface VethIface extends IfaceBase {
  readonly type: 'veth';
  readonly peer: { readonly netns: string; readonly ifname: string };
}
/** A Linux bridge; `ports` are the names of its member interfaces in the same netns. */
export interface BridgeIface extends IfaceBase {
  readonly type: 'bridge';
  readonly ports: readonly string[];
  /** Ports with hairpin mode on (frames may leave by the port they came in on). */
  readonly hairpin: readonly string[];
}
/** A VXLAN device (kernel `Documentation/networking/vxlan.rst`), flannel's `flannel.1`. */
export interface VxlanIface extends IfaceBase {
  readonly type: 'vxlan';
  readonly vni: number;
  /** Local VTEP address (outer source). */
  readonly local?: string;
  /** Outer UDP destination port (kernel default 8472, IANA 4789). */
  readonly dstport: number;
  /** Underlay device the outer packet is routed through. */
  readonly dev?: string;
  readonly learning: boolean;
}
/** An IPIP tunnel device (`tunl0` when remote and local are `any`). NOARP. */
export interface IpipIface extends IfaceBase {
  readonly type: 'ipip';
  readonly local?: string;
  readonly remote?: string;
}
/** The loopback device `lo`; added to every netns with 127.0.0.1/8 when not declared. */
export interface LoopbackIface extends IfaceBase {
  readonly type: 'loopback';
}
/** A dummy device (kube-ipvs0): holds addresses, never transmits. */
export interface DummyIface extends IfaceBase {
  readonly type: 'dummy';
}

/**
 * A device of a kind the engine does not model (macvlan, ipvlan, VLAN, bond, WireGuard, GRE…):
 * it holds addresses and routes, and a packet sent through it stops with "cannot evaluate".
 */
export interface OtherIface extends IfaceBase {
  readonly type: 'other';
  /** The kernel's link kind (`ip -d link`'s `info_kind`). */
  readonly kind: string;
  /** The parent device, when it has one. */
  readonly link?: string;
}

export type Iface = EthernetIface | VethIface | BridgeIface | VxlanIface | IpipIface | LoopbackIface | DummyIface | OtherIface;
export type IfaceType = Iface['type'];

/** Route types of ip-route(8) the engine models. */
export type RouteType = 'unicast' | 'local' | 'broadcast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw';

/**
 * A routing table: `local` (255), `main` (254), `default` (253), or any other table id in decimal
 * (ip-route(8) `table TABLEID`; the names are those of /etc/iproute2/rt_tables).
 */
export type RouteTable = string;

/** One next hop of a multipath route (`nexthop via G dev D weight W`). */
export interface NextHop {
  readonly via?: string;
  readonly dev?: string;
  /** 1–256; the kernel spreads flows over the next hops in proportion to their weights. */
  readonly weight: number;
  readonly onlink: boolean;
}

/** One `ip route` line, parsed. */
export interface Route extends SourceText {
  readonly table: RouteTable;
  readonly type: RouteType;
  /** Destination prefix; `default` is `0.0.0.0/0`. */
  readonly dst: { readonly addr: string; readonly len: number };
  readonly via?: string;
  readonly dev?: string;
  readonly scope: 'host' | 'link' | 'global';
  readonly onlink: boolean;
  /** Preferred source address (`src`). */
  readonly prefsrc?: string;
  readonly metric: number;
  readonly proto?: string;
  /**
   * A multipath (ECMP) route's next hops (then `via` and `dev` are absent): the kernel picks one
   * per flow by a hash of its addresses (fib_select_multipath); the engine follows a pinned or the
   * first one and offers the others as alternatives.
   */
  readonly nexthops?: readonly NextHop[];
  /** True for routes the kernel adds itself (connected prefixes, the local table). */
  readonly derived: boolean;
}

/**
 * One routing policy rule (ip-rule(8), net/core/fib_rules.c `fib_rule_match`,
 * net/ipv4/fib_rules.c `fib4_rule_match`/`fib4_rule_action`), as `ip rule show` prints it:
 * `100: from all fwmark 0x200/0xf00 lookup 2004`. Rules are walked in `priority` order; each
 * selector given must hold (`not` inverts the whole match).
 */
export interface PolicyRule extends SourceText {
  readonly priority: number;
  readonly not: boolean;
  /** Source prefix (`from`); absent: `from all`. */
  readonly from?: { readonly addr: string; readonly len: number };
  /** Destination prefix (`to`); absent: any. */
  readonly to?: { readonly addr: string; readonly len: number };
  /** `fwmark VALUE[/MASK]`: (skb mark ^ value) & mask must be 0; the mask defaults to 0xffffffff. */
  readonly fwmark?: { readonly value: number; readonly mask: number };
  /** `iif DEV`: the device the packet came in on; `lo` for locally generated packets. */
  readonly iif?: string;
  /** `oif DEV`: the device a socket is bound to (output lookups only). */
  readonly oif?: string;
  /** What a matching rule does: look up `table`, or fail as the route type of that name would. */
  readonly action: 'lookup' | 'blackhole' | 'unreachable' | 'prohibit';
  readonly table?: RouteTable;
  /** `suppress_prefixlength N`: a route found with a prefix this short or shorter is ignored. */
  readonly suppressPrefixLength?: number;
  /** A selector or action the engine does not model (`ipproto`, `dport`, `uidrange`, `goto`…), as written. */
  readonly unsupported?: string;
}

/** One `ip neigh` line: a neighbour (ARP) entry. */
export interface Neighbor extends SourceText {
  readonly ip: string;
  readonly dev: string;
  readonly lladdr?: string;
  /** NUD state as `ip neigh` prints it (PERMANENT, REACHABLE, STALE, FAILED, NOARP…). */
  readonly state: string;
}

/** One `bridge fdb` line. */
export interface FdbEntry extends SourceText {
  readonly mac: string;
  readonly dev: string;
  /** Remote VTEP for a VXLAN device (`dst`). */
  readonly dst?: string;
  /** The bridge for a port entry (`master br0`). */
  readonly master?: string;
  readonly permanent: boolean;
  readonly self: boolean;
}

/** A process (container) living in a netns; several share one netns (pause + app, `--net container:`). */
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly note?: string;
}

/** A listening socket: the netns answers this protocol/port (others get RST / port unreachable). */
export interface Listener {
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly port: number;
  /**
   * UDP only: how the server picks its reply's source address. `destination` (also when absent):
   * the request's destination, as a server does that reads it with IP_PKTINFO and sends with it
   * (ip(7); DNS servers). `route`: an unconnected socket bound to 0.0.0.0 sends with no source,
   * so the kernel picks one by routing toward the client (`ip_route_output` → `inet_select_addr`);
   * a DNATed request's reply may then match no conntrack entry and is not un-NATed.
   */
  readonly replyFrom?: 'destination' | 'route';
}

/** One network namespace (a "host" in the scenario). */
export interface Netns {
  readonly name: string;
  readonly kind: HostKind;
  /** The node a pod or container runs on. */
  readonly node?: string;
  readonly title?: string;
  readonly containers: readonly Container[];
  readonly interfaces: readonly Iface[];
  /** Routes of every table, the kernel's derived ones included. */
  readonly routes: readonly Route[];
  /**
   * Routing policy rules in the order the kernel walks them (by priority, then as written);
   * without an `ip rule` list in the scenario, the kernel's three defaults (local 0, main 32766,
   * default 32767).
   */
  readonly rules: readonly PolicyRule[];
  readonly neighbors: readonly Neighbor[];
  readonly fdb: readonly FdbEntry[];
  /** sysctl keys without the `net.` prefix normalisation: e.g. `net.ipv4.ip_forward` → 1. */
  readonly sysctls: Readonly<Record<string, number>>;
  readonly ruleset: Ruleset;
  /**
   * The netns's nftables ruleset (`nftables:` / `nftables-json:` in the scenario), registered at
   * its base chains' hooks and priorities beside the iptables tables. Absent: no nft tables.
   */
  readonly nftables?: NftRuleset;
  /** IPVS virtual services (`ipvs:` in the scenario, `ipvsadm -Sn` text); absent: IPVS registers no hooks. */
  readonly ipvs?: IpvsState;
  /** ipset sets by name (`ipset:` in the scenario, `ipset save` text), for iptables `-m set`. */
  readonly ipsets?: IpsetSets;
  /** `undefined`: every port answers (no listener list given). */
  readonly listeners?: readonly Listener[];
  readonly source?: SourceRef;
  /**
   * Whether conntrack's hooks are registered here, worked out from the whole ruleset: set in the
   * World the views get from the engine worker (app/worker/view-world.ts), whose chains leave
   * their rules out; absent elsewhere, where `conntrackActive` reads the rules themselves.
   */
  readonly conntrack?: boolean;
}

/** A named L2 segment joining `ethernet` interfaces (a physical switch or LAN). */
export interface Segment {
  readonly name: string;
  readonly title?: string;
}

/** The whole simulated cluster. */
export interface World {
  readonly netns: Readonly<Record<string, Netns>>;
  readonly segments: Readonly<Record<string, Segment>>;
}
