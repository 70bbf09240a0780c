/**
 * One rule's statements for one packet, left to right as nft_do_chain runs a rule's expressions:
 * a relation that fails (nft_cmp.c, nft_range.c, nft_lookup.c) or a lookup that finds nothing
 * breaks the rule; a verdict (nft_immediate.c, a verdict map's element) ends it; NAT (nft_nat.c,
 * nft_masq.c, nft_redir.c) ends it with NF_ACCEPT; reject (nft_reject_ipv4.c / nft_reject_inet.c)
 * answers and drops; counter, log, notrack, `meta/ct mark set` (nft_meta.c, nft_ct.c) and set
 * updates (nft_dynset.c) run and the rule goes on.
 */
import { msg, type Message } from '../message';
import { NftBreak, NftCannotEvaluate, type NftContext, type NftNatRequest } from './eval-context';
import { evalExpr, type EvalEnv, type NftValue, type NumgenDraw } from './eval-expr';
import { elementFromValues, elementsOf, findElement } from './eval-set';
import { stmtText } from './eval-text';
import { BITMASK_TYPES, constInterval, inInterval, numberToIpv4 } from './eval-value';
import type { NftElement, NftExpr, NftOp, NftRule, NftStmt, NftTable, NftVerdict } from './types';

/** How one rule ended for this packet. */
export type RuleOutcome =
  /** A relation failed or a lookup found nothing (NFT_BREAK). */
  | { readonly kind: 'nomatch' }
  /** Every statement ran and none gave a verdict (the trace prints `continue`). */
  | { readonly kind: 'continue' }
  | { readonly kind: 'verdict'; readonly verdict: Exclude<NftVerdict, { kind: 'continue' }> }
  | { readonly kind: 'reject'; readonly with: string }
  | { readonly kind: 'nat'; readonly nat: NftNatRequest }
  | { readonly kind: 'cannot'; readonly stmt: string; readonly reason: Message };

/** A rule's outcome with what the walk reports beside it. */
export interface RuleEval {
  readonly outcome: RuleOutcome;
  /** The set/map element that decided (the last lookup that found one). */
  readonly element?: NftElement;
  readonly numgen?: NumgenDraw;
  /** A `notrack` statement ran (nft_notrack_eval: the packet is untracked unless it has a conntrack entry). */
  readonly notrack?: boolean;
}

/**
 * Runs `rule`'s statements on the packet in `ctx` (marks are updated in place, as the kernel
 * updates the skb even when a later statement breaks the rule).
 * @param dynamic sets grown by `add/update @set` earlier in this walk.
 */
export function evalRule(rule: NftRule, table: NftTable, ctx: NftContext, dynamic: Map<string, NftElement[]>): RuleEval {
  const env: EvalEnv = { ctx, table, rule, dynamic };
  let notrack = false;
  const done = (outcome: RuleOutcome): RuleEval => ({ outcome, element: env.element, numgen: env.numgen, notrack: notrack || undefined });
  for (const s of rule.stmts) {
    try {
      const r = evalStmt(s, env);
      if (r === 'notrack') notrack = true;
      else if (r === false) return done({ kind: 'nomatch' });
      else if (r !== true) return done(r);
    } catch (e) {
      if (e instanceof NftBreak) return done({ kind: 'nomatch' });
      if (e instanceof NftCannotEvaluate) return done({ kind: 'cannot', stmt: e.stmt ?? stmtText(s), reason: e.reason });
      throw e;
    }
  }
  return done({ kind: 'continue' });
}

/** One statement: true = go on, false = break, 'notrack' = go on untracked, else the rule's end. */
function evalStmt(s: NftStmt, env: EvalEnv): boolean | 'notrack' | RuleOutcome {
  const ctx = env.ctx;
  switch (s.kind) {
    case 'match':
      return relation(s.left, s.op, s.right, env);
    case 'verdict':
      return s.verdict.kind === 'continue' ? true : { kind: 'verdict', verdict: s.verdict };
    case 'vmap': {
      const key = evalExpr(s.key, env);
      const { elements, added } = elementsOf(s.map, env.table, env);
      const el = findElement(key, elements, added);
      if (!el) return false;
      env.element = el;
      const data = el.data;
      if (!data || !('verdict' in data)) throw new NftCannotEvaluate(msg('nftables.vmapElementNoVerdict', { element: el.text }));
      return data.verdict.kind === 'continue' ? true : { kind: 'verdict', verdict: data.verdict };
    }
    case 'nat':
      return { kind: 'nat', nat: natRequest(s, env) };
    case 'mark-set': {
      const [v] = evalExpr(s.value, env, ['mark']);
      if (typeof v.v !== 'number') throw new NftCannotEvaluate(v.why ?? msg('nftables.markUncomputable'));
      if (s.target === 'meta') ctx.mark = v.v >>> 0;
      // nft_ct_set_eval: without a conntrack entry nothing is stored.
      else if (ctx.ctstate !== 'INVALID' && ctx.ctstate !== 'UNTRACKED') ctx.ctMark = v.v >>> 0;
      return true;
    }
    case 'reject':
      return { kind: 'reject', with: rejectWith(s.with) };
    case 'counter':
    case 'log':
      return true;
    case 'notrack':
      return 'notrack';
    case 'set-update': {
      const key = evalExpr(s.key, env);
      if (key.some((k) => k.v === undefined)) throw new NftCannotEvaluate(key.find((k) => k.v === undefined)?.why ?? msg('nftables.keyUnreadable'));
      const list = env.dynamic.get(s.set) ?? [];
      if (!findElement(key, elementsOf({ kind: 'set-ref', name: s.set }, env.table).elements, list)) list.push(elementFromValues(key));
      env.dynamic.set(s.set, list);
      return true;
    }
    case 'unsupported':
      throw new NftCannotEvaluate(s.reason, s.text);
  }
}

/** `left op right` (nft(8) RELATIONAL EXPRESSION; bytecode checked with `nft --debug=netlink`). */
function relation(left: NftExpr, op: NftOp, right: NftExpr, env: EvalEnv): boolean {
  const lv = evalExpr(left, env);
  if (right.kind === 'set-ref' || right.kind === 'anon-set' || (right.kind === 'concat' && lv.length > 1)) {
    if (op !== 'implicit' && op !== '==' && op !== '!=') throw new NftCannotEvaluate(msg('nftables.opAgainstSet', { op }));
    const { elements, added }: { elements: readonly NftElement[]; added?: readonly NftElement[] } =
      right.kind === 'concat' ? { elements: [{ key: right.parts, text: '' }] } : elementsOf(right, env.table, env);
    const el = findElement(lv, elements, added);
    if (el && right.kind !== 'concat') env.element = el;
    return op === '!=' ? !el : el !== undefined;
  }
  if (lv.length !== 1) throw new NftCannotEvaluate(msg('nftables.concatComparedWith', { kind: right.kind }));
  const l = lv[0];
  // `fib … oif missing|exists` (the present flag: nft_fib_store_result stores 0 when no route).
  if (right.kind === 'value' && (right.text === 'missing' || right.text === 'exists') && l.type === 'ifname' && left.kind === 'fib') {
    const present = l.v !== '';
    return (right.text === 'exists') === present ? op !== '!=' : op === '!=';
  }
  const iv = constInterval(right, l.type);
  if (l.v === undefined) throw new NftCannotEvaluate(l.why ?? msg('nftables.valueUnreadable'));
  if (BITMASK_TYPES.has(l.type) && op === 'implicit' && (right.kind === 'value' || right.kind === 'list') && !('name' in iv)) {
    // An implicit relation with flags tests whether any of them is set: (x & v) != 0.
    requireKnown(l, iv.lo);
    return ((l.v as number) & iv.lo) !== 0;
  }
  requireKnown(l, 0xffffffff);
  switch (op) {
    case 'implicit':
    case '==':
      return inInterval(l.v, iv);
    case '!=':
      return !inInterval(l.v, iv);
    default: {
      if ('name' in iv || typeof l.v !== 'number') throw new NftCannotEvaluate(msg('nftables.opOnIfname', { op }));
      const v = l.v;
      return op === '<' ? v < iv.lo : op === '>' ? v > iv.hi : op === '<=' ? v <= iv.hi : v >= iv.lo;
    }
  }
}

/** A bitmask the engine knows only partly (ct status) cannot decide a test of the bits it does not know. */
function requireKnown(v: NftValue, bits: number) {
  if (v.known === undefined) return;
  if ((v.known & bits) >>> 0 !== bits >>> 0) throw new NftCannotEvaluate(msg(v.type === 'ct_status' ? 'nftables.ctStatusBitsOnly' : 'nftables.someBitsOnly', { type: v.type }));
}

function natRequest(s: Extract<NftStmt, { kind: 'nat' }>, env: EvalEnv): NftNatRequest {
  let addr: string | undefined;
  let port: number | undefined;
  let a = s.addr;
  if (a?.kind === 'value') {
    const m = /^([0-9.]+):([0-9]+)$/.exec(a.text.trim());
    if (m) {
      a = { kind: 'value', text: m[1] };
      port = Number(m[2]);
    }
  }
  if (a) {
    if (a.kind === 'range' || a.kind === 'prefix' || (a.kind === 'value' && /[-/]/.test(a.text))) throw new NftCannotEvaluate(msg('unevaluable.natAddressRange'));
    const vals = evalExpr(a, env, ['ipv4_addr', 'inet_service']);
    if (typeof vals[0].v !== 'number') throw new NftCannotEvaluate(vals[0].why ?? msg('nftables.natAddressUncomputable'));
    addr = numberToIpv4(vals[0].v);
    if (vals[1] && typeof vals[1].v === 'number') port = vals[1].v;
  }
  if (s.port) {
    if (s.port.kind === 'range' || (s.port.kind === 'value' && s.port.text.includes('-'))) throw new NftCannotEvaluate(msg('unevaluable.natPortRange'));
    const [p] = evalExpr(s.port, env, ['inet_service']);
    if (typeof p.v !== 'number') throw new NftCannotEvaluate(p.why ?? msg('nftables.natPortUncomputable'));
    port = p.v;
  }
  return { type: s.type, addr, port, flags: [...s.flags] };
}

const ICMP_REJECT: Readonly<Record<string, string>> = {
  'net-unreachable': 'icmp-net-unreachable',
  'host-unreachable': 'icmp-host-unreachable',
  'prot-unreachable': 'icmp-proto-unreachable',
  'port-unreachable': 'icmp-port-unreachable',
  'net-prohibited': 'icmp-net-prohibited',
  'host-prohibited': 'icmp-host-prohibited',
  'admin-prohibited': 'icmp-admin-prohibited',
  '0': 'icmp-net-unreachable',
  '1': 'icmp-host-unreachable',
  '2': 'icmp-proto-unreachable',
  '3': 'icmp-port-unreachable',
  '9': 'icmp-net-prohibited',
  '10': 'icmp-host-prohibited',
  '13': 'icmp-admin-prohibited',
};
/** nft_reject.c icmp_code_v4: the abstract icmpx codes on an IPv4 packet. */
const ICMPX_REJECT: Readonly<Record<string, string>> = {
  'no-route': 'icmp-net-unreachable',
  'port-unreachable': 'icmp-port-unreachable',
  'host-unreachable': 'icmp-host-unreachable',
  'admin-prohibited': 'icmp-admin-prohibited',
};

/**
 * The iptables REJECT name of an nft reject (nft(8) REJECT STATEMENT): the default is ICMP port
 * unreachable (icmpx port-unreachable in inet tables, the same on IPv4).
 */
export function rejectWith(w: Extract<NftStmt, { kind: 'reject' }>['with']): string {
  if (!w) return 'icmp-port-unreachable';
  if (w.family === 'tcp') {
    if (w.type === 'reset' || w.type === 'rst') return 'tcp-reset';
    throw new NftCannotEvaluate(msg('nftables.rejectWithNotModelled', { with: `tcp ${w.type}` }));
  }
  // An icmpv6 reject carries a `meta nfproto ipv6` dependency: an IPv4 packet breaks the rule.
  if (w.family === 'icmpv6') throw new NftBreak();
  const name = (w.family === 'icmpx' ? ICMPX_REJECT : ICMP_REJECT)[w.type.replace(/^type /, '')];
  if (!name) throw new NftCannotEvaluate(msg('nftables.rejectWithNotModelled', { with: `${w.family} ${w.type}` }));
  return name;
}
