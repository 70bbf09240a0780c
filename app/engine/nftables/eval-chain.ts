/**
 * Walking one nft base chain for one packet, as net/netfilter/nf_tables_core.c `nft_do_chain`
 * does: rules top-down; a rule that breaks is passed; a rule that runs to its end without a
 * verdict is traced `continue`; `jump` saves the next rule on the jump stack (NFT_JUMP_STACK_SIZE
 * 16), `goto` does not; `return` or the end of a regular chain pops the stack (the kernel's trace
 * prints a return each time), and with the stack empty the base chain's policy applies. Accept,
 * drop, queue, reject (drops after answering: traced as drop) and NAT (NF_ACCEPT) end the walk.
 * The iptables twin is ../netfilter/walk.ts; its observer semantics are kept exactly.
 */
import { msg } from '../message';
import type { RuleBudget } from '../netfilter/walk';
import { own } from '../own';
import type { Alternative, RuleRange } from '../trace';
import type { NftContext, NftDecision, NftObserver, NftVerdictResult, NftWalkResult } from './eval-context';
import type { NumgenDraw } from './eval-expr';
import { elementsOf, findElement } from './eval-set';
import { evalRule } from './eval-stmt';
import { exprText, verdictText } from './eval-text';
import type { NftChain, NftElement, NftRule, NftStmt, NftTable } from './types';

/** Jumps the kernel's per-packet jump stack holds (nf_tables.h NFT_JUMP_STACK_SIZE). */
export const NFT_JUMP_STACK_SIZE = 16;

interface Frame {
  readonly chain: NftChain;
  pos: number;
  /** Rules evaluated without a match since the last decision in this chain. */
  missed?: RuleRange;
  /** Alternatives of a numgen drawn by a rule that then did not match: shown on the next decision here. */
  pending?: Alternative[];
}

/**
 * Walks base chain `base` of `table` for the packet in `ctx` (`ctx.mark`/`ctx.ctMark` are updated
 * in place by `meta/ct mark set`) and reports every decision to `observer`.
 * @param budget rule evaluations left for the flow, decremented per rule evaluated.
 * @returns the verdict with the marks after the walk (and `notrack` when a notrack statement ran).
 */
export function walkNftChain(table: NftTable, base: NftChain, ctx: NftContext, observer: NftObserver, budget: RuleBudget): NftWalkResult & { readonly notrack?: boolean } {
  const stack: Frame[] = [{ chain: base, pos: 0 }];
  const dynamic = new Map<string, NftElement[]>();
  let notrack = false;
  const end = (r: NftVerdictResult) => ({ ...r, mark: ctx.mark >>> 0, ctMark: ctx.ctMark >>> 0, ...(notrack ? { notrack } : {}) });
  const policy = base.base?.policy ?? 'accept';
  const applyPolicy = (f?: Frame) => {
    observer.decision({ chain: base.name, verdict: policy.toUpperCase(), notMatched: f?.missed, policy: true, alternatives: f?.pending });
    return end(policy === 'drop' ? { kind: 'drop' } : { kind: 'accept' });
  };
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.pos >= f.chain.rules.length) {
      stack.pop();
      if (f.chain === base && !stack.length) return applyPolicy(f);
      const d: NftDecision = { chain: f.chain.name, verdict: 'RETURN', notMatched: f.missed, implicitReturn: true, emptyChain: f.chain.rules.length === 0, alternatives: f.pending };
      if (observer.decision(d) === false) return end({ kind: 'limit', limit: 'steps', chain: f.chain.name });
      // A chain reached by goto from the base chain has no caller: the policy applies.
      if (!stack.length) return applyPolicy();
      continue;
    }
    const rule = f.chain.rules[f.pos++];
    if (--budget.remaining < 0) return end({ kind: 'limit', limit: 'rule-evaluations', chain: f.chain.name, rule });
    const markBefore = ctx.mark >>> 0;
    const ctMarkBefore = ctx.ctMark >>> 0;
    const r = evalRule(rule, table, ctx, dynamic);
    if (r.notrack) notrack = true;
    const drawn = r.numgen ? numgenAlternatives(table, f.chain, rule, r.numgen, ctx) : undefined;
    const o = r.outcome;
    if (o.kind === 'nomatch') {
      f.missed = { from: f.missed?.from ?? rule.index, to: rule.index };
      if (drawn) f.pending = drawn;
      continue;
    }
    if (o.kind === 'cannot') return end({ kind: 'cannot-evaluate', rule, stmt: o.stmt, reason: o.reason });
    const decision: NftDecision = {
      chain: f.chain.name,
      rule,
      verdict: '',
      notMatched: f.missed,
      alternatives: drawn ?? f.pending,
      element: r.element?.text,
      ...(sets(rule, 'meta') ? { markBefore, markAfter: ctx.mark >>> 0 } : {}),
      ...(sets(rule, 'ct') ? { ctMarkBefore, ctMarkAfter: ctx.ctMark >>> 0 } : {}),
    };
    f.missed = undefined;
    f.pending = undefined;
    /** Reports the decision; true when the observer can record no more. */
    const decide = (verdict: string) => observer.decision({ ...decision, verdict }) === false;
    const stepLimit = () => end({ kind: 'limit', limit: 'steps', chain: f.chain.name, rule });
    switch (o.kind) {
      case 'continue':
        if (decide('CONTINUE')) return stepLimit();
        continue;
      case 'reject':
        // nft_reject sends its answer and returns NF_DROP: the trace prints drop.
        decide('DROP');
        return end({ kind: 'reject', rule, with: o.with });
      case 'nat':
        // nft_nat_eval's verdict is nf_nat_setup_info's: NF_ACCEPT.
        decide('ACCEPT');
        return end({ kind: 'nat', rule, nat: o.nat });
    }
    const v = o.verdict;
    switch (v.kind) {
      case 'accept':
        decide('ACCEPT');
        return end({ kind: 'accept' });
      case 'drop':
        decide('DROP');
        return end({ kind: 'drop', rule });
      case 'queue':
        decide('QUEUE');
        return end({ kind: 'queue', rule });
      case 'return':
        if (decide('RETURN')) return stepLimit();
        stack.pop();
        if (!stack.length) return applyPolicy();
        continue;
      case 'jump':
      case 'goto': {
        const target = own(table.chains, v.chain);
        if (!target) return end({ kind: 'cannot-evaluate', rule, stmt: verdictText(v), reason: msg('nftables.chainNotDeclared', { chain: v.chain, family: table.family, table: table.name }) });
        if (v.kind === 'jump' && stack.length > NFT_JUMP_STACK_SIZE) return end({ kind: 'limit', limit: 'chain-depth', chain: f.chain.name, rule });
        if (decide(`${v.kind === 'jump' ? 'JUMP' : 'GOTO'}:${v.chain}`)) return stepLimit();
        if (v.kind === 'goto') stack.pop();
        stack.push({ chain: target, pos: 0 });
        continue;
      }
    }
  }
  return end(policy === 'drop' ? { kind: 'drop' } : { kind: 'accept' });
}

/** True when `rule` has a `meta mark set` (target 'meta') or `ct mark set` (target 'ct') statement. */
function sets(rule: NftRule, target: 'meta' | 'ct'): boolean {
  return rule.stmts.some((s) => s.kind === 'mark-set' && s.target === target);
}

/**
 * The alternatives of a `numgen` decision (nft_numgen.c): one per value, each with probability
 * 1/mod, labelled with what the value leads to (a verdict map's chain and the address that chain
 * DNATs to, a map's data).
 */
function numgenAlternatives(table: NftTable, chain: NftChain, rule: NftRule, draw: NumgenDraw, ctx: NftContext): Alternative[] {
  const { mod, offset } = draw.expr;
  const choice = ctx.choiceKey(chain);
  const consumer = rule.stmts.find((s) => usesExpr(s, draw.expr));
  const out: Alternative[] = [];
  for (let i = 0; i < mod; i++) out.push({ choice, option: i + 1, label: labelFor(table, consumer, i + offset), probability: 1 / mod, chosen: i === draw.index });
  return out;
}

function usesExpr(s: NftStmt, e: NftStmt | object): boolean {
  if (s.kind === 'vmap') return s.key === e;
  if (s.kind === 'nat') return s.addr?.kind === 'map-lookup' && s.addr.key === e;
  if (s.kind === 'match') return s.left === e || (s.left.kind === 'map-lookup' && s.left.key === e);
  return false;
}

function labelFor(table: NftTable, s: NftStmt | undefined, value: number): string {
  const map = s?.kind === 'vmap' ? s.map : s?.kind === 'nat' && s.addr?.kind === 'map-lookup' ? s.addr.map : s?.kind === 'match' && s.left.kind === 'map-lookup' ? s.left.map : undefined;
  if (!map) return `numgen ${value}`;
  let el: NftElement | undefined;
  try {
    el = findElement([{ type: 'integer', v: value }], elementsOf(map, table).elements);
  } catch {
    el = undefined;
  }
  if (!el?.data) return `numgen ${value}: no element (the rule does not match)`;
  if ('expr' in el.data) return exprText(el.data.expr).replace(/ \. /g, ':');
  const v = el.data.verdict;
  if (v.kind !== 'jump' && v.kind !== 'goto') return verdictText(v);
  const dnat = dnatOf(own(table.chains, v.chain));
  return dnat ? `${v.chain} → ${dnat}` : v.chain;
}

/** The address the first `dnat to` of a chain translates to, as written. */
function dnatOf(chain: NftChain | undefined): string | undefined {
  for (const r of chain?.rules ?? []) {
    for (const s of r.stmts) if (s.kind === 'nat' && s.type === 'dnat' && s.addr && s.addr.kind !== 'map-lookup') return `${exprText(s.addr)}${s.port ? `:${exprText(s.port)}` : ''}`;
  }
  return undefined;
}
