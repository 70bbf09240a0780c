/**
 * The nftables evaluator's contracts: what it may look at for one packet (NftContext), what it
 * reports as it walks (NftObserver, one decision per line of the kernel's `nft monitor trace`),
 * and how a base chain's walk ends (NftVerdictResult). Kernel side: nf_tables_core.c
 * `nft_do_chain`, nf_tables_trace.c; the iptables twin is ../netfilter/walk.ts.
 */
import type { Message } from '../message';
import type { Alternative, RuleRange } from '../trace';
import type { NftChain, NftHook, NftRule } from './types';

/** Rule-evaluation budget shared by every walk of a flow (iptables and nftables alike). */
export type { RuleBudget } from '../netfilter/walk';

/** The packet headers an nft expression may read (the outer header of a tunnelled packet). */
export interface NftPacket {
  readonly src: string;
  readonly dst: string;
  readonly proto: 'tcp' | 'udp' | 'icmp' | 'ipip' | 'sctp';
  readonly sport?: number;
  readonly dport?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** TCP flags set, as letters: F S R P A U E C (e.g. `'S'`, `'SA'`). */
  readonly tcpFlags?: string;
}

/** Address types `fib … type` returns (RTN_* of include/uapi/linux/rtnetlink.h). */
export type NftAddrType = 'LOCAL' | 'UNICAST' | 'BROADCAST' | 'MULTICAST' | 'UNREACHABLE' | 'BLACKHOLE' | 'PROHIBIT' | 'UNSPEC' | 'ANYCAST';

/** Everything an nft expression may look at for one packet at one hook of one netns. */
export interface NftContext {
  readonly hook: NftHook;
  readonly pkt: NftPacket;
  /** Input device name (prerouting, input, forward, ingress); ignored at hooks without one (nft_meta stores ""). */
  readonly inIface?: string;
  /** Output device name (forward, output, postrouting, egress); ignored at other hooks. */
  readonly outIface?: string;
  /** skb mark, unsigned 32-bit; `meta mark set` updates it in place during the walk. */
  mark: number;
  readonly ctstate: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';
  /** `ct status` bits the engine knows: IPS_DST_NAT, IPS_SRC_NAT, IPS_CONFIRMED. */
  readonly ctStatus: { readonly dnat: boolean; readonly snat: boolean; readonly confirmed: boolean };
  /** Conntrack mark; `ct mark set` updates it in place. */
  ctMark: number;
  /** The original-direction tuple of the connection (`ct original ip daddr`, `ct original proto-dst`). */
  readonly ctOriginal?: { readonly src: string; readonly dst: string; readonly sport?: number; readonly dport?: number };
  /** `fib ADDR [. iif|oif] type`: the route type of `addr` in this netns (limited to `iface` when given). */
  addrType(addr: string, iface?: string): NftAddrType;
  /**
   * `fib saddr . iif oif`: the device the route to `addr` leaves by (undefined = no route); `iif`
   * is the input device for policy routing. The evaluator itself applies nft_fib4_eval's rules
   * (a local route is missing; with iif/oif, only that device counts).
   */
  fibOif(addr: string, iif?: string): string | undefined;
  /** `numgen random mod N`: the value drawn, 0..mod-1 (the engine resolves pinned choices). */
  numgen(rule: NftRule, mod: number): number;
  /** The `choices` key of the random decision made in `chain` (Alternative.choice). */
  choiceKey(chain: NftChain): string;
}

/** One decision of the walk: a rule that matched to its end, an implicit return, or the policy. */
export interface NftDecision {
  readonly chain: string;
  readonly rule?: NftRule;
  /** As the kernel's trace prints it: ACCEPT, DROP, RETURN, CONTINUE, JUMP:<chain>, GOTO:<chain>. */
  readonly verdict: string;
  /** Rules evaluated since the previous decision in this chain that did not match. */
  readonly notMatched?: RuleRange;
  readonly policy?: boolean;
  readonly implicitReturn?: boolean;
  /** For an implicit return: the chain has no rules. */
  readonly emptyChain?: boolean;
  /** `numgen random`'s choice: one Alternative per value. */
  readonly alternatives?: Alternative[];
  readonly markBefore?: number;
  readonly markAfter?: number;
  readonly ctMarkBefore?: number;
  readonly ctMarkAfter?: number;
  /** The set/map element that decided (`172.30.0.41 . tcp . 80 : goto service-…`), as written. */
  readonly element?: string;
}

/** What the walker reports as it goes; `decision` returning false stops the walk (limit `steps`). */
export interface NftObserver {
  decision(d: NftDecision): boolean | void;
}

/** A NAT statement's binding request (nft_nat.c, nft_masq.c, nft_redir.c). */
export interface NftNatRequest {
  readonly type: 'dnat' | 'snat' | 'masquerade' | 'redirect';
  /** Dotted-quad address (dnat/snat); absent for masquerade/redirect. */
  readonly addr?: string;
  readonly port?: number;
  /** `fully-random`, `random`, `persistent`. */
  readonly flags: string[];
}

/** How the walk of one base chain ended. */
export type NftVerdictResult =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop'; readonly rule?: NftRule }
  /** `with` is the iptables REJECT name (icmp-port-unreachable, tcp-reset, icmp-admin-prohibited, …). */
  | { readonly kind: 'reject'; readonly rule: NftRule; readonly with: string }
  /** A NAT statement ended the chain (its verdict is NF_ACCEPT); the caller binds it. */
  | { readonly kind: 'nat'; readonly rule: NftRule; readonly nat: NftNatRequest }
  | { readonly kind: 'queue'; readonly rule: NftRule }
  /** An engine limit (not the kernel's) stopped the walk. */
  | { readonly kind: 'limit'; readonly limit: 'rule-evaluations' | 'chain-depth' | 'steps'; readonly chain: string; readonly rule?: NftRule }
  /** The packet reached an expression or statement the engine cannot evaluate (never matched or skipped). */
  | { readonly kind: 'cannot-evaluate'; readonly rule: NftRule; readonly stmt: string; readonly reason: Message };

/** The walk's result: the verdict and the marks after it. */
export type NftWalkResult = NftVerdictResult & { readonly mark: number; readonly ctMark: number };

/** Thrown inside the evaluator when an expression cannot be evaluated; the walk turns it into `cannot-evaluate`. */
export class NftCannotEvaluate extends Error {
  constructor(
    /** Why, for the learner. */
    readonly reason: Message,
    readonly stmt?: string,
  ) {
    super(reason.key);
  }
}

/**
 * Thrown when an expression's implicit protocol dependency fails (`tcp dport` on a UDP packet: nft
 * inserts `meta l4proto tcp` before the load) or a ct key has no conntrack entry (nft_ct_get_eval
 * breaks): the rule does not match (NFT_BREAK).
 */
export class NftBreak extends Error {
  constructor() {
    super('NFT_BREAK');
  }
}
