/**
 * Shared plumbing for parsing one `-A` rule: the error that aborts a rule, the cursor over its
 * words, the facts extensions need (table, chain, `-p`), hook constraints checked later against the
 * chains a rule is reached from, and the interfaces of match and target extensions.
 * Follows iptables(8) option handling (`iptables/xshared.c`, `command_default`).
 */
import type { HookName, Match, TableName, Target } from '../../../engine/netfilter/types';
import type { Token } from './tokenize';

/** Aborts parsing of the current rule: `col` is the 1-based column in the line. */
export class RuleError extends Error {
  constructor(
    readonly col: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the words that follow an option. */
export interface ArgCursor {
  /**
   * Takes the next word as the value of option `opt`.
   * @throws RuleError at `opt` when the line ends, or at the value when it is a misplaced `!`.
   */
  value(opt: Token): Token;
  /** The next word, without taking it. */
  peek(): Token | undefined;
  /** Takes the next word (after `peek`). */
  take(): Token;
}

/** What extensions may check about the rule they belong to (known once the line is read). */
export interface RuleFacts {
  readonly table: TableName;
  readonly chain: string;
  /** `-p` as a protocol number (0 = `all`, also when `-p` is absent). */
  readonly proto: number;
  readonly protoInvert: boolean;
}

/**
 * A restriction the kernel checks against the hooks a rule's chain is reached from
 * (`xt_check_match`/`xt_check_target` with the chain's hook mask): violated when the chain is
 * reached from a hook outside `hooks`.
 */
export interface HookConstraint {
  readonly hooks: readonly HookName[];
  readonly col: number;
  /** Names the option or target in the error, e.g. `DNAT` or `--limit-iface-in`. */
  readonly what: string;
}

/** One loaded `-m NAME` instance; holds its options' state in closures. */
export interface MatchInstance {
  readonly name: string;
  /** Canonical option name for `opt` (`--destination-port` → `--dport`), or undefined if not ours. */
  canonical(opt: string): string | undefined;
  /** Whether `! opt` is allowed (canonical name). */
  invertible(opt: string): boolean;
  /** Consumes option `opt` (canonical `name`) and its values. @throws RuleError */
  parse(name: string, opt: Token, invert: boolean, args: ArgCursor): void;
  /** Checks the whole match and returns its Match entries. @throws RuleError */
  finish(facts: RuleFacts, constraints: HookConstraint[]): Match[];
}

/** Creates a fresh instance of one match extension for the `-m` word (or implicit load) `modTok`. */
export type Builder = (modTok: Token) => MatchInstance;

/** The `-j` target with its options. */
export interface TargetInstance {
  readonly name: string;
  canonical(opt: string): string | undefined;
  invertible(opt: string): boolean;
  parse(name: string, opt: Token, invert: boolean, args: ArgCursor): void;
  finish(facts: RuleFacts, constraints: HookConstraint[]): Target;
}

/** Creates a fresh instance of target extension `-j NAME` for its word `tok`, in `table`. @throws RuleError when the table does not allow it */
export type TargetBuilder = (tok: Token, table: TableName) => TargetInstance;

/** IP protocol numbers for `-p` names (iptables' built-in list plus gre and ipencap). */
export const PROTO_NUMBERS: Readonly<Record<string, number>> = {
  all: 0,
  icmp: 1,
  ipencap: 4,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  sctp: 132,
  udplite: 136,
};

/** Throws unless the rule has `-p` equal to one of `protos` (not inverted), as the kernel checks. */
export function requireProto(facts: RuleFacts, protos: readonly string[], what: string, col: number): void {
  const ok = !facts.protoInvert && protos.some((p) => PROTO_NUMBERS[p] === facts.proto);
  if (!ok) {
    const list = protos.map((p) => `-p ${p}`).join(' or ');
    throw new RuleError(col, `${what} needs ${list} in the same rule (the kernel refuses it otherwise)`);
  }
}

/**
 * Builds a MatchInstance/TargetInstance option table: `aliases` maps every accepted spelling to its
 * canonical name; `inv` lists canonical names that accept a leading `!`.
 */
export function optionTable(aliases: Record<string, string>, inv: readonly string[]) {
  return {
    canonical: (opt: string) => (Object.prototype.hasOwnProperty.call(aliases, opt) ? aliases[opt] : undefined),
    invertible: (opt: string) => inv.includes(opt),
  };
}

/** Throws when an option already given in this match/target is repeated. */
export function once(seen: Set<string>, name: string, opt: Token): void {
  if (seen.has(name)) throw new RuleError(opt.col, `${name} may only be given once`);
  seen.add(name);
}
