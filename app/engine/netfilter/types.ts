/**
 * The iptables ruleset model: what `iptables-save` prints, parsed into tables, chains and rules.
 * Follows iptables(8) and iptables-extensions(8); the kernel's evaluation order is in
 * `docs/linux-packet-path.md` §1–2.
 */
import type { Message } from '../message';
import type { SourceRef } from '../source';

/** The iptables tables the engine models (`security` is accepted and walked like filter). */
export type TableName = 'raw' | 'mangle' | 'nat' | 'filter' | 'security';

/** Netfilter IPv4 hooks, named as iptables names their built-in chains. */
export type HookName = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/** An IPv4 prefix, e.g. `10.244.0.0/16`; `len` 32 for a host. */
export interface Cidr {
  readonly addr: string;
  readonly len: number;
}

/** A port or inclusive port range (`--dport 80`, `--dport 30000:32767`). */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** `-m addrtype` address types (subset of RTN_* the engine can decide from a netns). */
export type AddrType = 'UNSPEC' | 'UNICAST' | 'LOCAL' | 'BROADCAST' | 'ANYCAST' | 'MULTICAST' | 'BLACKHOLE' | 'UNREACHABLE' | 'PROHIBIT';

/** Conntrack states usable with `-m conntrack --ctstate` / `-m state --state`. */
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED' | 'SNAT' | 'DNAT';

/**
 * One match of a rule. Every variant can be negated with `!` where iptables allows it.
 * A union keyed on `kind`; switches over it end in an exhaustiveness check.
 */
export type Match =
  | { readonly kind: 'src'; readonly cidr: Cidr; readonly invert: boolean }
  | { readonly kind: 'dst'; readonly cidr: Cidr; readonly invert: boolean }
  /** `-i`/`-o`: `name` may end in `+` (prefix wildcard). */
  | { readonly kind: 'in'; readonly name: string; readonly invert: boolean }
  | { readonly kind: 'out'; readonly name: string; readonly invert: boolean }
  | { readonly kind: 'proto'; readonly proto: 'tcp' | 'udp' | 'icmp' | 'all' | number; readonly invert: boolean }
  | { readonly kind: 'sport'; readonly ports: readonly PortRange[]; readonly invert: boolean }
  | { readonly kind: 'dport'; readonly ports: readonly PortRange[]; readonly invert: boolean }
  /** `-m multiport --ports`: either source or destination port. */
  | { readonly kind: 'port'; readonly ports: readonly PortRange[]; readonly invert: boolean }
  /**
   * `-m icmp --icmp-type type[/code]` (or a name such as `echo-request`). `type` 255 is iptables'
   * `any` (every type); `code` absent means every code of the type.
   */
  | { readonly kind: 'icmp-type'; readonly type: number; readonly code?: number; readonly invert: boolean }
  /**
   * `-m tcp --tcp-flags MASK COMP` and `--syn` (= `SYN,RST,ACK,FIN SYN`): matches when
   * `(flags & mask) === comp`, bits FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20.
   */
  | { readonly kind: 'tcp-flags'; readonly mask: number; readonly comp: number; readonly invert: boolean }
  | {
      readonly kind: 'addrtype';
      readonly srcType?: { readonly types: readonly AddrType[]; readonly invert: boolean };
      readonly dstType?: { readonly types: readonly AddrType[]; readonly invert: boolean };
      readonly limitIfaceIn: boolean;
      readonly limitIfaceOut: boolean;
    }
  /** `-m mark --mark value[/mask]`: matches when `(mark & mask) === value`. */
  | { readonly kind: 'mark'; readonly value: number; readonly mask: number; readonly invert: boolean }
  | { readonly kind: 'ctstate'; readonly states: readonly CtState[]; readonly invert: boolean }
  | { readonly kind: 'statistic-random'; readonly probability: number; readonly invert: boolean }
  | { readonly kind: 'statistic-nth'; readonly every: number; readonly packet: number; readonly invert: boolean }
  /**
   * A real iptables match extension the engine cannot evaluate (`-m owner --uid-owner 0`, `-m
   * limit …`): loaded and listed; a packet whose earlier matches all held stops at it with
   * "cannot evaluate". `text` is the extension with its options as written.
   */
  | { readonly kind: 'unsupported'; readonly text: string; /** Why, for the learner. */ readonly reason: Message }
  /** `-m comment`: never affects matching; kept so the UI can show it. */
  | { readonly kind: 'comment'; readonly text: string }
  /** `-m tcp`/`-m udp`/`-m icmp` module loads with no option of their own. */
  | { readonly kind: 'module'; readonly name: string }
  /** `-m physdev --physdev-in/--physdev-out` (bridge ports, under br_netfilter). */
  | { readonly kind: 'physdev-in'; readonly name: string; readonly invert: boolean }
  | { readonly kind: 'physdev-out'; readonly name: string; readonly invert: boolean }
  | { readonly kind: 'physdev-is-bridged'; readonly invert: boolean }
  /** `--physdev-is-in` / `--physdev-is-out`: the packet entered / leaves by a bridge port. */
  | { readonly kind: 'physdev-is-in'; readonly invert: boolean }
  | { readonly kind: 'physdev-is-out'; readonly invert: boolean }
  /**
   * `-m recent` (xt_recent, `libxt_recent.man`): a named per-netns list of addresses with last-seen
   * times. `set` records the address and always matches; `rcheck` matches when it is listed (seen
   * within `seconds`, at least `hitcount` times, when given); `update` is `rcheck` that also
   * refreshes the entry; `remove` matches when listed and deletes it. `side` picks the source
   * (`--rsource`, default) or destination (`--rdest`) address. `reap` (needs `seconds`) purges
   * older timestamps of the entry.
   */
  /**
   * `-m set --match-set NAME dir[,dir…] [--return-nomatch]` (xt_set, `libxt_set.man`): whether
   * the packet is in ipset NAME, one `src`/`dst` per set dimension picking which address or port
   * (with its protocol) fills it. Evaluated by `ipSetTest` (app/engine/ipvs/ipset-test.ts).
   */
  | {
      readonly kind: 'set';
      readonly name: string;
      readonly dirs: readonly ('src' | 'dst')[];
      readonly returnNomatch: boolean;
      readonly invert: boolean;
    }
  | {
      readonly kind: 'recent';
      readonly name: string;
      readonly mode: 'set' | 'rcheck' | 'update' | 'remove';
      readonly side: 'src' | 'dst';
      readonly seconds?: number;
      readonly hitcount?: number;
      readonly reap: boolean;
      /** `--mask`: the address is masked with it before the lookup (absent: 255.255.255.255). */
      readonly mask?: string;
      readonly invert: boolean;
    };

/** What a rule does when all its matches hold. */
export type Target =
  | { readonly kind: 'ACCEPT' }
  | { readonly kind: 'DROP' }
  /** `--reject-with`: an ICMP type name such as `icmp-port-unreachable`, or `tcp-reset`. */
  | { readonly kind: 'REJECT'; readonly with: string }
  | { readonly kind: 'RETURN' }
  /** `-j CHAIN` (call, `goto` false) or `-g CHAIN` (goto true). */
  | { readonly kind: 'jump'; readonly chain: string; readonly goto: boolean }
  /** Every MARK form normalised to the kernel's `(mark & ~mask) ^ value` (set-xmark). */
  | { readonly kind: 'MARK'; readonly value: number; readonly mask: number; readonly form: string }
  | { readonly kind: 'DNAT'; readonly toAddr?: string; readonly toPorts?: PortRange }
  | { readonly kind: 'SNAT'; readonly toAddr?: string; readonly toPorts?: PortRange }
  /** `--random` hashes, `--random-fully` (optional flag) uses a PRNG for the source port. */
  | {
      readonly kind: 'MASQUERADE';
      readonly toPorts?: PortRange;
      readonly random: boolean;
      readonly randomFully?: boolean;
    }
  | { readonly kind: 'LOG'; readonly prefix?: string }
  /**
   * `-j NOTRACK` or `-j CT --notrack` (raw table; xt_CT.c `notrack_tg`/`xt_ct_target`): a packet
   * with no conntrack entry yet is left untracked (IP_CT_UNTRACKED); the walk continues. `form`
   * is the target as written.
   */
  | { readonly kind: 'NOTRACK'; readonly form: 'NOTRACK' | 'CT --notrack' }
  /** A rule without `-j`: only counts packets. */
  | { readonly kind: 'none' }
  /** A real target extension the engine cannot execute (`-j CONNMARK …`): a packet the rule matches stops with "cannot evaluate". */
  | { readonly kind: 'unsupported'; readonly text: string; /** Why, for the learner. */ readonly reason: Message };

/** One `-A CHAIN …` line. */
export interface Rule {
  readonly table: TableName;
  readonly chain: string;
  /** 1-based position in its chain, as `iptables -L --line-numbers` prints it. */
  readonly index: number;
  /** The rule exactly as written in the `iptables-save` text (starting with `-A`). */
  readonly text: string;
  readonly matches: readonly Match[];
  readonly target: Target;
  readonly source?: SourceRef;
}

/** A chain with its rules; built-in chains carry a policy. */
export interface Chain {
  readonly name: string;
  readonly builtin: boolean;
  /** Policy of a built-in chain; `undefined` for user chains. */
  readonly policy?: 'ACCEPT' | 'DROP';
  readonly rules: readonly Rule[];
  /** Position of the chain's `:NAME POLICY [p:b]` declaration line. */
  readonly source?: SourceRef;
  /**
   * How many rules this copy of the chain leaves out (`rules` is then empty): set in the World the
   * views get from the engine worker (app/worker/view-world.ts), never in a World the engine runs.
   */
  readonly omitted?: number;
}

/** One `*table … COMMIT` block. */
export interface Table {
  readonly name: TableName;
  readonly chains: Readonly<Record<string, Chain>>;
  /**
   * The kinds of match and target the table's rules may hold (a superset once rules are taken
   * out), noted by the parser so that looking for a kind (`-m set`, a part the engine cannot
   * evaluate) skips a node's tens of thousands of rules; absent when unknown. See {@link mayHold}.
   */
  readonly partKinds?: ReadonlySet<Match['kind'] | Target['kind']>;
}

/** Whether some rule of `table` may hold a match or target of `kind` (false only when the parser noted none). */
export function mayHold(table: Table, kind: Match['kind'] | Target['kind']): boolean {
  return table.partKinds === undefined || table.partKinds.has(kind);
}

/** A netns's whole ruleset. A table missing here is not registered: the kernel never walks it. */
export interface Ruleset {
  readonly tables: Partial<Readonly<Record<TableName, Table>>>;
}
