/**
 * The nftables ruleset model: tables, chains, rules, sets and maps as `nft list ruleset` prints
 * them and `nft -f` / `nft -j` read them (nft(8), libnftables-json(5)). One model for the three
 * input syntaxes (block form, `add …` transaction form, JSON). Rules are kept as parsed
 * statements plus their text; evaluation is in `./eval*.ts`. Kernel side: net/netfilter/nf_tables_*.c.
 */
import type { Message } from '../message';
import type { SourceRef } from '../source';

/** Address families of nft tables (nft(8) ADDRESS FAMILIES). The engine evaluates `ip` and `inet`. */
export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';

/** Hooks a base chain may attach to (nft(8) CHAINS; `ingress`/`egress` are netdev/inet device hooks). */
export type NftHook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting' | 'ingress' | 'egress';

/** Base chain types (nft(8) CHAINS: filter, nat, route). */
export type NftChainType = 'filter' | 'nat' | 'route';

/** What makes a chain a base chain: `{ type T hook H [device D] priority P ; [policy V ;] }`. */
export interface NftBaseChain {
  readonly type: NftChainType;
  readonly hook: NftHook;
  /** Numeric priority after resolving names (`dstnat` = −100, `filter` = 0, `srcnat` = 100, `raw` = −300, `mangle` = −150, `security` = 50; `filter + 5` = 5). */
  readonly priority: number;
  /** The priority exactly as written (`dstnat`, `-110`, `filter - 5`). */
  readonly priorityText: string;
  /** `device` for ingress/egress hooks. */
  readonly device?: string;
  readonly policy: 'accept' | 'drop';
}

/** An nft verdict (nft(8) VERDICT STATEMENT). */
export type NftVerdict =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'continue' }
  | { readonly kind: 'return' }
  | { readonly kind: 'queue' }
  | { readonly kind: 'jump'; readonly chain: string }
  | { readonly kind: 'goto'; readonly chain: string };

/**
 * An expression (nft(8) EXPRESSIONS). Constants are kept as written (`value.text`) and typed when
 * evaluated against the other side of the relation (an address, a port, a protocol name, a flag).
 */
export type NftExpr =
  /** Payload: `ip saddr`, `ip daddr`, `ip protocol`, `tcp dport`, `udp sport`, `th dport`, `icmp type`, `ether saddr`. */
  | { readonly kind: 'payload'; readonly proto: string; readonly field: string }
  /** Meta: `meta l4proto`, `meta mark`, `iifname` (short form), `oifname`, `iif`, `oif`, `meta nfproto`, `meta pkttype`. */
  | { readonly kind: 'meta'; readonly key: string }
  /** Conntrack: `ct state`, `ct status`, `ct mark`, `ct original ip daddr` (`dir`, `proto` for the address keys). */
  | { readonly kind: 'ct'; readonly key: string; readonly dir?: 'original' | 'reply'; /** `ip`/`ip6` of `ct original ip daddr` (key `daddr`). */ readonly proto?: 'ip' | 'ip6' }
  /** `fib daddr type`, `fib saddr . iif oif`: flags then the result (`type`, `oif`, `oifname`). */
  | { readonly kind: 'fib'; readonly flags: readonly ('saddr' | 'daddr' | 'mark' | 'iif' | 'oif')[]; readonly result: 'type' | 'oif' | 'oifname' }
  /** `numgen random mod N [offset O]`, `numgen inc mod N`. */
  | { readonly kind: 'numgen'; readonly mode: 'random' | 'inc'; readonly mod: number; readonly offset: number }
  /** `a . b . c` */
  | { readonly kind: 'concat'; readonly parts: readonly NftExpr[] }
  /** A constant as written: `10.0.0.1`, `80`, `tcp`, `local`, `0x4000`, `established`, `"eth0"`. */
  | { readonly kind: 'value'; readonly text: string }
  /** `10.0.0.0/8` */
  | { readonly kind: 'prefix'; readonly addr: string; readonly len: number }
  /** `30000-32767`, `10.0.0.1-10.0.0.9` */
  | { readonly kind: 'range'; readonly from: NftExpr; readonly to: NftExpr }
  /** A comma list of flags/values outside braces: `ct state established,related`. */
  | { readonly kind: 'list'; readonly items: readonly NftExpr[] }
  /** `@name`: a named set or map of the same table. */
  | { readonly kind: 'set-ref'; readonly name: string }
  /** `{ a, b, c }` as a set, or `{ k : v, … }` as an anonymous map / verdict map. */
  | { readonly kind: 'anon-set'; readonly elements: readonly NftElement[] }
  /** `mark and 0x4000`, `mark or 0x4000`, `mark xor 0x4000`, `<<`, `>>`. */
  | { readonly kind: 'binop'; readonly op: 'and' | 'or' | 'xor' | 'lshift' | 'rshift'; readonly left: NftExpr; readonly right: NftExpr }
  /** `KEY map @m` / `KEY map { … }`: the data of the element whose key matches. */
  | { readonly kind: 'map-lookup'; readonly key: NftExpr; readonly map: NftExpr };

/** Relational operators (nft(8) RELATIONAL EXPRESSION); `implicit` is a bare `left right`. */
export type NftOp = '==' | '!=' | '<' | '>' | '<=' | '>=' | 'implicit';

/** One element of a set or map: its key (one part per concatenated field) and, for a map, its data. */
export interface NftElement {
  /** One expression per concatenated key field: a value, prefix or range. */
  readonly key: readonly NftExpr[];
  /** A map's data: a verdict for a verdict map, else an expression (`10.0.0.1 . 80`). */
  readonly data?: { readonly verdict: NftVerdict } | { readonly expr: NftExpr };
  /** The element as written (`10.0.0.1 . tcp . 80 : goto service-X`). */
  readonly text: string;
  readonly comment?: string;
  readonly source?: SourceRef;
}

/**
 * One statement of a rule (nft(8) STATEMENTS). Statements run left to right; a match that fails
 * ends the rule; a verdict ends it with that verdict.
 */
export type NftStmt =
  | { readonly kind: 'match'; readonly left: NftExpr; readonly op: NftOp; readonly right: NftExpr }
  | { readonly kind: 'verdict'; readonly verdict: NftVerdict }
  /** `KEY vmap @m` / `KEY vmap { k : verdict, … }`: the element's verdict; no element, no verdict (the rule continues). */
  | { readonly kind: 'vmap'; readonly key: NftExpr; readonly map: NftExpr }
  /**
   * `dnat to ADDR[:PORT]`, `dnat ip to KEY map @m`, `snat to …`, `masquerade [fully-random]`,
   * `redirect to :PORT`. `to` is the address expression (may be a map lookup yielding `addr . port`).
   */
  | {
      readonly kind: 'nat';
      readonly type: 'dnat' | 'snat' | 'masquerade' | 'redirect';
      readonly family?: 'ip' | 'ip6';
      readonly addr?: NftExpr;
      readonly port?: NftExpr;
      readonly flags: readonly string[];
    }
  /** `meta mark set EXPR`, `ct mark set EXPR`. */
  | { readonly kind: 'mark-set'; readonly target: 'meta' | 'ct'; readonly value: NftExpr }
  /** `reject [with icmp|icmpx|tcp TYPE]` (nft(8) REJECT STATEMENT). */
  | { readonly kind: 'reject'; readonly with?: { readonly family: 'icmp' | 'icmpx' | 'icmpv6' | 'tcp'; readonly type: string } }
  | { readonly kind: 'counter'; readonly packets?: number; readonly bytes?: number }
  | { readonly kind: 'log'; readonly prefix?: string }
  | { readonly kind: 'notrack' }
  /** `add @set { KEY }` / `update @set { KEY }` (session affinity). */
  | { readonly kind: 'set-update'; readonly op: 'add' | 'update'; readonly set: string; readonly key: NftExpr; /** `timeout 3h` inside the braces, as nft prints it. */ readonly timeout?: string }
  /**
   * Anything the engine cannot evaluate, kept so it is listed and a packet reaching it stops with
   * "cannot evaluate" at its source position (never silently matched or skipped).
   */
  | { readonly kind: 'unsupported'; readonly text: string; /** Why, for the learner. */ readonly reason: Message };

/** One rule of a chain. */
export interface NftRule {
  readonly family: NftFamily;
  readonly table: string;
  readonly chain: string;
  /** 1-based position in its chain. */
  readonly index: number;
  /** `# handle N` when the input gave one (block form with `-a`, JSON). */
  readonly handle?: number;
  /** The rule as written, statements only (no `add rule ip t c` prefix, no `# handle`). */
  readonly text: string;
  readonly stmts: readonly NftStmt[];
  readonly comment?: string;
  readonly source?: SourceRef;
}

/** A chain: a base chain has `base`, a regular chain is only reached by jump/goto. */
export interface NftChain {
  readonly family: NftFamily;
  readonly table: string;
  readonly name: string;
  readonly base?: NftBaseChain;
  readonly rules: readonly NftRule[];
  readonly comment?: string;
  readonly source?: SourceRef;
}

/** A named set or map (`set`/`map` blocks, `add set`, `add map`). */
export interface NftSet {
  readonly name: string;
  readonly kind: 'set' | 'map';
  /** Key type, one entry per concatenated field: `ipv4_addr`, `inet_proto`, `inet_service`, `mark`, `ifname`. */
  readonly keyType: readonly string[];
  /** A map's data type: `verdict`, `ipv4_addr`, `ipv4_addr . inet_service`, … */
  readonly dataType?: string;
  /** `interval`, `timeout`, `constant`, `dynamic`. */
  readonly flags: readonly string[];
  readonly elements: readonly NftElement[];
  readonly comment?: string;
  readonly source?: SourceRef;
}

/** One table with its chains, sets and maps. */
export interface NftTable {
  readonly family: NftFamily;
  readonly name: string;
  readonly chains: Readonly<Record<string, NftChain>>;
  readonly sets: Readonly<Record<string, NftSet>>;
  readonly comment?: string;
  readonly source?: SourceRef;
}

/** A netns's nftables ruleset, tables in the order they were declared. */
export interface NftRuleset {
  readonly tables: readonly NftTable[];
}

/** Named priorities for the ip/ip6/inet families (nft(8) CHAINS, table "Standard priority names"). */
export const NFT_PRIORITY_NAMES: Readonly<Record<string, number>> = {
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
};
