/**
 * The Trace: the engine's public output, and the contract between the engine, the CLI, the UI and
 * the kernel harness. Plain JSON. Documented for users in `docs/trace-format.md`.
 */
import type { HookName, TableName } from './netfilter/types';
import type { SourceRef } from './source';
import type { Message } from './message';

/** Ethernet header. */
export interface EthHeader {
  readonly src: string;
  readonly dst: string;
}

/** IPv4 header fields a learner needs. `proto` is a name (`tcp`, `udp`, `sctp`, `icmp`, `ipip`). */
export interface IpHeader {
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
  readonly proto: 'tcp' | 'udp' | 'sctp' | 'icmp' | 'ipip';
  /** Total length in bytes (header included). */
  readonly len?: number;
  /** Don't Fragment flag (set by Linux's default path-MTU discovery on sockets). */
  readonly df?: boolean;
}

/** Transport header: ports and TCP flags, or ICMP type/code/id. */
export interface L4Header {
  readonly sport?: number;
  readonly dport?: number;
  /** TCP flags as tcpdump abbreviates them: `S`, `SA`, `R`, `RA`. */
  readonly flags?: string;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly icmpId?: number;
  /** Next-hop MTU carried by an ICMP "fragmentation needed" (RFC 1191). */
  readonly mtu?: number;
}

/** One encapsulation layer wrapped around the inner packet. */
export type OuterHeader =
  | {
      readonly kind: 'vxlan';
      readonly eth?: EthHeader;
      readonly ip: IpHeader;
      readonly udp: { readonly sport: number; readonly dport: number };
      readonly vni: number;
    }
  | {
      readonly kind: 'ipip';
      readonly eth?: EthHeader;
      readonly ip: IpHeader;
    };

/**
 * A packet as seen at one step: the inner headers plus the stack of outer (encapsulation) headers,
 * outermost first. `eth` is absent while a packet is inside the IP layer without a link header
 * (before neighbour resolution on output, or inside an IPIP tunnel). `mark` is skb metadata.
 */
export interface PacketView {
  readonly eth?: EthHeader;
  readonly ip: IpHeader;
  readonly l4: L4Header;
  readonly outer: readonly OuterHeader[];
  readonly mark: number;
  /**
   * For an ICMP error (`l4.icmpType` 3, 11): the offending packet's IP header and first 8 bytes
   * of its transport header, as the error quotes them (RFC 792; `icmp_send`). conntrack's NAT
   * reversal rewrites this quoted header too (`nf_nat_icmp_reply_translation`).
   */
  readonly embedded?: QuotedHeader;
}

/** The header an ICMP error quotes: the offending packet's IP header and transport ports or ICMP id. */
export interface QuotedHeader {
  readonly ip: IpHeader;
  readonly l4: L4Header;
}

/** Which packet of the flow a step belongs to: the request, its reply, or the error sent back about the request. */
export type Direction = 'request' | 'reply' | 'error';

/**
 * What the kernel sends back when it drops a packet and answers: an ICMP error (type, code, and for
 * "fragmentation needed" the next-hop MTU), or a TCP RST (REJECT `--reject-with tcp-reset`, or no
 * socket listening).
 */
export type ErrorAnswer = { readonly kind: 'icmp'; readonly type: number; readonly code: number; readonly mtu?: number } | { readonly kind: 'tcp-reset' };

/** What kind of thing happened at a step. */
export type Stage =
  | 'send'
  | 'recv'
  | 'conntrack'
  | 'nat'
  | 'rule'
  | 'policy'
  | 'route'
  | 'forward'
  | 'neigh'
  | 'fdb'
  | 'encap'
  | 'decap'
  | 'xmit'
  | 'deliver'
  | 'drop'
  /** IPVS scheduled a connection, rewrote a request for its real server, or un-NATed a reply. */
  | 'ipvs'
  /** The engine stopped at one of its own limits (see `Outcome` `engine-limit`); not a kernel event. */
  | 'limit';

/** Where an nftables decision happened (nft(8): `family table`, base chain priority, rule handle). */
export interface NftStepRef {
  /** `ip`, `ip6`, `inet`, … */
  readonly family: string;
  /** The nft table's name (`kube-proxy`, `filter`). */
  readonly table: string;
  /** Priority of the base chain whose hook registration this walk started from. */
  readonly priority: number;
  /** `# handle N` of the rule when the input gave handles. */
  readonly handle?: number;
  /** For a set, map or verdict-map lookup that decided: the element as written (`10.0.0.1 . tcp . 80 : goto svc`). */
  readonly element?: string;
}

/** What IPVS did at an `ipvs` step (net/netfilter/ipvs/ip_vs_core.c). */
export interface IpvsStepRef {
  /** `ip_vs_in_hook` (schedule and send to the real server) or `ip_vs_out_hook` (un-NAT a reply). */
  readonly fn: string;
  readonly priority: number;
  /** The virtual service's `-A …` line as written, and where. */
  readonly service?: string;
  readonly serviceSource?: SourceRef;
  readonly scheduler?: string;
  /** The chosen real server's `-a …` line as written, and where. */
  readonly dest?: string;
  readonly destSource?: SourceRef;
  /** The connection entry as `ipvsadm -Lcn` lists it (protocol, client, virtual, real server). */
  readonly conn: string;
}

/** A reference to an iptables or nftables rule in the scenario (`text` is the rule as written). */
export interface RuleRef {
  /** Exact `-A …` text as written. */
  readonly text: string;
  /** 1-based position in its chain. */
  readonly index: number;
  readonly source?: SourceRef;
  /**
   * The rule as `iptables-save` prints it back: canonical option order, `/32` on host addresses,
   * the implicit `-m tcp`/`-m udp` of `--dport`, so tools can compare it with what the kernel prints.
   */
  readonly canonical?: string;
}

/** Consecutive rules of one chain, by their 1-based numbers, `from` ≤ `to`. */
export interface RuleRange {
  readonly from: number;
  readonly to: number;
}

/** A random decision point and one of its outcomes. */
export interface Alternative {
  /** The `choices` key that pins this decision: `netns/table/chain`. */
  readonly choice: string;
  /** The value to put under that key: the 1-based rule number taken in that chain. */
  readonly option: number;
  /** Human label, e.g. `KUBE-SEP-UJXTJ7PNRUN6D2JD → 10.244.0.74:2368`. */
  readonly label: string;
  /** Probability of this outcome, 0..1 (a deterministic choice, such as an IPVS scheduler's: 1 for the chosen, 0 for the others). */
  readonly probability: number;
  readonly chosen: boolean;
  /** Why this outcome was or was not taken, for deterministic choices (`weight 0: quiesced`, `2 active connections`). */
  readonly reason?: Message;
}

/** A field of the packet that a step changed. `field` is a dotted path such as `ip.dst`. */
export interface FieldChange {
  readonly field: string;
  readonly from: string | number | null;
  readonly to: string | number | null;
}

/** Where a frame goes when it leaves an interface: used to animate links. */
export interface LinkHop {
  readonly kind: 'veth' | 'segment' | 'bridge-port' | 'loopback' | 'vxlan' | 'ipip';
  readonly from: { readonly netns: string; readonly interface: string };
  readonly to: { readonly netns: string; readonly interface: string };
  /** Segment name for `segment` hops. */
  readonly segment?: string;
}

/** One step of the Trace. */
export interface TraceStep {
  readonly index: number;
  readonly direction: Direction;
  readonly netns: string;
  readonly interface?: string;
  /**
   * The frame is on the wire of `interface` at this step, as `tcpdump -i <interface>` would capture
   * it: `rx` received, `tx` transmitted. Set on every device a capture sees the frame on (veth and
   * ethernet ends, a bridge device the packet is routed out of or up into, bridge ports when
   * bridged, tunnel devices with the inner packet, the underlay with the outer one, `lo`).
   */
  readonly wire?: 'rx' | 'tx';
  /** For netfilter steps: the in and out devices the hook saw (the kernel trace's `iif`/`oif`). */
  readonly iif?: string;
  readonly oif?: string;
  /** On a drop step: the error the kernel sends back to the sender (machine-readable). */
  readonly answer?: ErrorAnswer;
  readonly stage: Stage;
  readonly hook?: HookName;
  readonly table?: TableName;
  /**
   * For a step of an nftables chain (stage `rule`/`policy`, `table` absent): the table as nft names
   * it, the base chain's priority the hook ran it at, and for a set/map lookup the element matched.
   */
  readonly nft?: NftStepRef;
  /** For an `ipvs` step: the IPVS hook function, the virtual service and real server lines, the connection entry. */
  readonly ipvs?: IpvsStepRef;
  readonly chain?: string;
  /** The rule that decided (stage `rule`), with its target. */
  readonly rule?: RuleRef;
  /**
   * The kernel TRACE verdict: `ACCEPT`, `DROP` (also for REJECT, which drops after answering),
   * `RETURN`, `CONTINUE`, `JUMP:<chain>`, `GOTO:<chain>`. For `policy` steps the chain's policy.
   */
  readonly verdict?: string;
  /**
   * Rules of the same chain evaluated since the previous decision in it and not matched: always a
   * run of consecutive rules, given as their 1-based numbers `from`..`to` (inclusive) in `chain`.
   * The rules themselves are in the World (a 10,000-rule chain costs two numbers, not 10,000 copies).
   */
  readonly notMatched?: RuleRange;
  /**
   * Routing decision: the route used (its `ip route` text and line) and the table; `rule`: the
   * `ip rule` that chose the table, when it is not one of the kernel's three defaults.
   */
  readonly route?: { readonly text: string; readonly table: string; readonly source?: SourceRef; readonly type: string; readonly rule?: string };
  /** Neighbour resolution: the entry used and how it was obtained. */
  readonly neigh?: {
    readonly text: string;
    readonly how: 'static' | 'arp' | 'proxy-arp' | 'cached' | 'noarp';
    readonly source?: SourceRef;
    readonly answeredBy?: { readonly netns: string; readonly interface: string };
  };
  /** Bridge or VXLAN FDB decision. */
  readonly fdb?: {
    readonly text: string;
    readonly how: 'static' | 'learned' | 'flood' | 'local';
    readonly source?: SourceRef;
    readonly ports?: readonly string[];
  };
  /** Conntrack state of the packet and the entry as `conntrack -L` prints it. */
  readonly conntrack?: { readonly state: string; readonly entry: string; readonly direction: 'original' | 'reply' };
  /** Random alternatives offered at this step. */
  readonly alternatives?: readonly Alternative[];
  /** For xmit steps: the link the frame crosses next. */
  readonly link?: LinkHop;
  readonly packet: PacketView;
  readonly changed: readonly FieldChange[];
  /** What happens at this step, for a learner (rendered in the reader's language). */
  readonly explain: Message;
  /** Where the engine simplifies real kernel behaviour at this step, in one sentence. */
  readonly simplification?: Message;
}

/** Where a packet ended up. */
export type Outcome =
  | {
      readonly result: 'delivered';
      readonly netns: string;
      readonly interface: string;
      readonly packet: PacketView;
      readonly step: number;
      /** For the `error` direction: the errno the sending application sees (`ECONNREFUSED`, …). */
      readonly errno?: string;
      /**
       * For the `error` direction without an errno: `path-mtu` when the socket took the error as
       * a new path MTU and resends smaller (TCP on "fragmentation needed"); absent when it ignored it.
       */
      readonly effect?: 'path-mtu';
    }
  | {
      readonly result: 'dropped';
      readonly netns: string;
      readonly interface?: string;
      readonly stage: Stage;
      readonly reason: Message;
      readonly packet: PacketView;
      readonly step: number;
      /** The error the kernel sent back about this packet, when it answered the drop. */
      readonly answer?: ErrorAnswer;
      /**
       * When the sending socket itself learns of the drop at once (no error packet): the errno its
       * system call returns (`EPERM` for an OUTPUT DROP, `ENETUNREACH` with no route, …).
       */
      readonly errno?: string;
    }
  | {
      /**
       * The engine stopped following the packet at one of its own limits, not the kernel's: the
       * kernel would go on. The packet was neither delivered nor dropped as far as the Trace knows.
       */
      readonly result: 'engine-limit';
      /**
       * Which limit: steps recorded, rules evaluated, chain calls nested, frame visits without a TTL
       * decrement, or `cannot-evaluate`: the packet reached a rule, expression or device the engine
       * loaded but cannot evaluate (the reason names it and its source position).
       */
      readonly limit: EngineLimit;
      readonly netns: string;
      readonly interface?: string;
      readonly reason: Message;
      readonly packet: PacketView;
      readonly step: number;
    };

/** The engine's own limits (docs/fidelity.md "Engine limits"). */
export type EngineLimit = 'steps' | 'rule-evaluations' | 'chain-depth' | 'visits' | 'cannot-evaluate';

/** The flow as simulated (after defaults). */
export interface FlowSpec {
  readonly name: string;
  readonly from: string;
  readonly protocol: 'tcp' | 'udp' | 'sctp' | 'icmp';
  readonly src?: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  /** IP total length of the request in bytes. */
  readonly size?: number;
  /** ICMP echo identifier (`ping -e`); 4660 when not given. */
  readonly icmpId?: number;
  /** IP TTL of the request as sent (`traceroute -f`/`ping -t`); 64 (net.ipv4.ip_default_ttl) when not given. */
  readonly ttl?: number;
  /**
   * The sending UDP socket sets IP_RECVERR (ip(7)), as traceroute does: every ICMP error is queued
   * for the application, soft ones included. Without it a connected UDP socket reports hard errors only.
   */
  readonly recverr?: boolean;
  readonly choices: Readonly<Record<string, number>>;
  /**
   * The flows whose connections ran before this one, oldest first, on the same hosts: their
   * conntrack entries, `-m recent` lists, learned neighbours and FDB entries and IPVS connections
   * are the state this flow starts from (scenario field `after`). Absent when the flow starts
   * from a fresh World.
   */
  readonly after?: readonly string[];
}

/** The whole result of simulating one flow. */
export interface Trace {
  readonly version: 1;
  readonly flow: FlowSpec;
  /**
   * Where each packet ended: the request; its reply (null when the request was not delivered);
   * the error sent back about the request (null when none was sent: delivered, dropped silently).
   */
  readonly outcome: { readonly request: Outcome; readonly reply: Outcome | null; readonly error: Outcome | null };
  readonly steps: readonly TraceStep[];
  /** Every random decision met, with all its alternatives. */
  readonly alternatives: readonly Alternative[];
  /** Conntrack tables after the flow, per netns, as `conntrack -L` lines. */
  readonly conntrack: Readonly<Record<string, readonly string[]>>;
  /**
   * The rules of every iptables chain the steps walk, as the chain view lists them, by
   * `walkedChainKey(netns, table, chain)`. Set by the engine worker, whose views get the World
   * without its iptables rules (app/worker/view-world.ts); absent from `simulate`'s own Traces,
   * whose readers have the whole World.
   */
  readonly walked?: Readonly<Record<string, readonly WalkedRule[]>>;
}

/** One rule of a walked chain as the views show it: its position, its text and its scenario line. */
export interface WalkedRule {
  readonly index: number;
  readonly text: string;
  readonly line?: number;
}

/** The key of a walked chain in `Trace.walked`. */
export const walkedChainKey = (netns: string, table: string, chain: string): string => `${netns}\u0000${table}\u0000${chain}`;
