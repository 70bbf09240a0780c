/**
 * Walking one table's chain at one hook, as the kernel's `ipt_do_table` does (iptables(8)
 * TARGETS; linux-packet-path.md §2): rules top-down, matches ANDed, the first full match fires its
 * target; `-j` calls a user chain and its end or RETURN resumes the caller; `-g` jumps without a
 * return address; the end of (or RETURN in) a built-in chain applies its policy. Every decision is
 * recorded as a Trace step with the verdict the kernel's TRACE target prints.
 */
import { dstIndex } from './dst-index';
import type { Message } from '../message';
import type { Alternative, RuleRange, RuleRef } from '../trace';
import type { Chain, CtState, HookName, Rule, TableName, Target } from './types';
import { own } from '../own';
import { canonicalRule } from './canonical';
import { CannotEvaluate, matchRule, type MatchContext } from './match';

/** The table's outcome for this packet at this hook. */
export type TableVerdict =
  | { readonly kind: 'ACCEPT' }
  | { readonly kind: 'DROP'; readonly rule?: Rule }
  | { readonly kind: 'REJECT'; readonly rule: Rule; readonly with: string }
  /** A NAT target fired (DNAT, SNAT, MASQUERADE): the caller binds it and accepts. */
  | { readonly kind: 'NAT'; readonly rule: Rule; readonly target: Extract<Target, { kind: 'DNAT' | 'SNAT' | 'MASQUERADE' }> }
  /**
   * The engine stopped the walk at one of its own limits (not the kernel's): the rule-evaluation
   * budget ran out, or user chains nested deeper than the engine follows. `rule` is where it stopped.
   */
  | { readonly kind: 'LIMIT'; readonly limit: 'rule-evaluations' | 'chain-depth' | 'steps'; readonly chain: string; readonly rule?: Rule }
  /** The packet reached a match or target the engine cannot evaluate (`text`), in `rule`. */
  | { readonly kind: 'CANNOT'; readonly rule: Rule; readonly text: string; readonly reason: Message };

/**
 * How many more rules the engine may evaluate for this flow (request and reply together), shared
 * by every table walk of the flow. The kernel has no such limit; the engine keeps one so that a
 * crafted ruleset (chains entered over and over) cannot make a trace run for minutes.
 */
export interface RuleBudget {
  remaining: number;
}

/** Rules one flow may evaluate before the engine stops it (an engine limit, not the kernel's). */
export const RULE_EVALUATION_BUDGET = 2_000_000;

/** What the walker reports to its caller as it goes. */
export interface WalkObserver {
  /**
   * A rule matched (any target) or a policy applied. Returning `false` stops the walk with the
   * engine limit `steps` (the caller cannot record more decisions).
   */
  decision(d: {
    chain: string;
    rule?: Rule;
    verdict: string;
    /** Rules evaluated since the previous decision in this chain that did not match. */
    notMatched?: RuleRange;
    policy?: boolean;
    implicitReturn?: boolean;
    /** For an implicit return: the chain has no rules. */
    emptyChain?: boolean;
    alternatives?: Alternative[];
    markBefore?: number;
    markAfter?: number;
    /** For NOTRACK: whether the packet had no conntrack entry yet and is now left untracked. */
    untracked?: boolean;
  }): boolean | void;
}

/**
 * Chain calls deeper than this end the walk with an engine limit. The loader already refuses
 * what the kernel refuses (nf_tables: NFT_JUMP_STACK_SIZE 16, EMLINK), so a loaded ruleset never
 * reaches it; it guards Worlds built by other means.
 */
export const MAX_CHAIN_DEPTH = 64;

/** Per chain: the 0-based position of its first `statistic --mode random` rule, or -1. */
const firstRandom = new WeakMap<Chain, number>();

/** The 0-based position of the first random rule of `chain`, or -1 (computed once per chain). */
export function firstRandomRule(chain: Chain): number {
  let i = firstRandom.get(chain);
  if (i === undefined) {
    i = chain.rules.findIndex((r) => r.matches.some((m) => m.kind === 'statistic-random'));
    firstRandom.set(chain, i);
  }
  return i;
}

/**
 * Walks `table`'s built-in chain for `hook`.
 * @param chains the table's chains.
 * @param ctx the match context; `ctx.mark` is updated in place by MARK targets, `ctx.ctstate` by
 *   NOTRACK (a packet without a conntrack entry becomes UNTRACKED).
 * @param alternativesFor computes the random alternatives offered by a rule with a statistic match.
 * @param budget rule evaluations left for the flow; decremented per rule evaluated. The walk is
 *   linear in the rules it evaluates (each rule is looked at once per entry into its chain).
 * @returns the verdict; `ctx.mark` holds the mark after the walk.
 */
export function walkTable(
  table: TableName,
  hook: HookName,
  chains: Readonly<Record<string, Chain>>,
  ctx: MatchContext & { mark: number; ctstate: CtState },
  obs: WalkObserver,
  alternativesFor: (chain: Chain, rule: Rule) => Alternative[] | undefined,
  budget: RuleBudget = { remaining: RULE_EVALUATION_BUDGET },
): TableVerdict {
  const builtin = own(chains, hook);
  if (!builtin) return { kind: 'ACCEPT' };
  interface Frame {
    chain: Chain;
    pos: number;
    /** First and last rule number evaluated without a match since the last decision here. */
    missed?: RuleRange;
  }
  const stack: Frame[] = [{ chain: builtin, pos: 0, missed: undefined }];
  const policyOf = (): TableVerdict => {
    const v = builtin.policy ?? 'ACCEPT';
    return v === 'DROP' ? { kind: 'DROP' } : { kind: 'ACCEPT' };
  };
  const applyPolicy = (f: Frame): TableVerdict => {
    obs.decision({ chain: builtin.name, verdict: builtin.policy ?? 'ACCEPT', notMatched: f.chain === builtin ? f.missed : undefined, policy: true });
    return policyOf();
  };
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.pos >= f.chain.rules.length) {
      stack.pop();
      if (f.chain.builtin) return applyPolicy(f);
      // The kernel's nftables trace emits a RETURN event each time a packet falls off the end of a
      // user chain (nf_tables_core.c nft_do_chain → nft_trace_verdict, NFT_TRACETYPE_RETURN): also
      // for an empty chain and after a non-terminal match on its last rule.
      if (obs.decision({ chain: f.chain.name, verdict: 'RETURN', notMatched: f.missed, implicitReturn: true, emptyChain: f.chain.rules.length === 0 }) === false)
        return { kind: 'LIMIT', limit: 'steps', chain: f.chain.name };
      // A chain reached by -g from the built-in chain has no caller to return to: the policy applies.
      if (!stack.length) return applyPolicy({ chain: builtin, pos: 0, missed: undefined });
      continue;
    }
    // Rules that cannot match this destination are passed over as the linear walk would find them.
    const index = dstIndex(f.chain);
    if (index) {
      const next = Math.min(index.next(f.pos, ctx.pkt.dst), f.pos + Math.max(0, budget.remaining));
      if (next > f.pos) {
        budget.remaining -= next - f.pos;
        f.missed = { from: f.missed?.from ?? f.chain.rules[f.pos].index, to: f.chain.rules[next - 1].index };
        f.pos = next;
        continue;
      }
    }
    const rule = f.chain.rules[f.pos++];
    if (--budget.remaining < 0) return { kind: 'LIMIT', limit: 'rule-evaluations', chain: f.chain.name, rule };
    let matched: boolean;
    try {
      matched = matchRule(rule, ctx);
    } catch (e) {
      if (e instanceof CannotEvaluate) return { kind: 'CANNOT', rule, text: e.text, reason: e.reason };
      throw e;
    }
    if (!matched) {
      f.missed = { from: f.missed?.from ?? rule.index, to: rule.index };
      continue;
    }
    const missed = f.missed;
    f.missed = undefined;
    const t = rule.target;
    // A chain with random rules offers alternatives, also when its unconditional last rule was taken.
    const first = firstRandomRule(f.chain);
    const alternatives = first >= 0 && rule.index > first ? alternativesFor(f.chain, rule) : undefined;
    /** Reports the decision; true when the observer can record no more (the walk then stops). */
    const decide = (verdict: string, extra: { markBefore?: number; markAfter?: number; untracked?: boolean } = {}): boolean =>
      obs.decision({ chain: f.chain.name, rule, verdict, notMatched: missed, alternatives, ...extra }) === false;
    const stepLimit = (): TableVerdict => ({ kind: 'LIMIT', limit: 'steps', chain: f.chain.name, rule });
    switch (t.kind) {
      case 'ACCEPT':
        decide('ACCEPT');
        return { kind: 'ACCEPT' };
      case 'DROP':
        decide('DROP');
        return { kind: 'DROP', rule };
      case 'REJECT':
        // REJECT sends its error and returns NF_DROP: the kernel's TRACE prints DROP.
        decide('DROP');
        return { kind: 'REJECT', rule, with: t.with };
      case 'RETURN':
        if (decide('RETURN')) return stepLimit();
        stack.pop();
        if (f.chain.builtin || !stack.length) return applyPolicy({ chain: builtin, pos: 0, missed: undefined });
        continue;
      case 'jump': {
        const target = own(chains, t.chain);
        // The loader refuses a jump to an undeclared chain, as iptables-restore does.
        if (!target) throw new Error(`jump to unknown chain ${t.chain} (the loader should have refused it)`);
        if (stack.length >= MAX_CHAIN_DEPTH) return { kind: 'LIMIT', limit: 'chain-depth', chain: f.chain.name, rule };
        if (decide(`${t.goto ? 'GOTO' : 'JUMP'}:${t.chain}`)) return stepLimit();
        if (t.goto) stack.pop();
        stack.push({ chain: target, pos: 0, missed: undefined });
        continue;
      }
      case 'MARK': {
        const before = ctx.mark >>> 0;
        ctx.mark = ((before & ~t.mask) ^ t.value) >>> 0;
        if (decide('CONTINUE', { markBefore: before, markAfter: ctx.mark })) return stepLimit();
        continue;
      }
      case 'NOTRACK': {
        // xt_CT: a packet that already has an entry (a looped-back one) keeps it.
        const untracked = ctx.ctstate === 'INVALID' || ctx.ctstate === 'UNTRACKED';
        if (untracked) ctx.ctstate = 'UNTRACKED';
        if (decide('CONTINUE', { untracked })) return stepLimit();
        continue;
      }
      case 'LOG':
      case 'none':
        if (decide('CONTINUE')) return stepLimit();
        continue;
      case 'DNAT':
      case 'SNAT':
      case 'MASQUERADE':
        decide('ACCEPT');
        return { kind: 'NAT', rule, target: t };
      case 'unsupported':
        return { kind: 'CANNOT', rule, text: t.text, reason: t.reason };
      default: {
        const never: never = t;
        return never;
      }
    }
  }
  return policyOf();
}

/** A rule as the Trace references it. */
export function ruleRef(r: Rule): RuleRef {
  const canonical = canonicalRule(r);
  return canonical === undefined ? { text: r.text, index: r.index, source: r.source } : { text: r.text, index: r.index, source: r.source, canonical };
}
