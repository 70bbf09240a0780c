/**
 * An iptables table at one hook (net/ipv4/netfilter/ip_tables.c `ipt_do_table`, registered by
 * iptable_raw/mangle/filter/security at their priorities and by iptable_nat into the NAT core):
 * walks the table's chain for the packet and records every decision as a Trace step, with the
 * sentence that explains it.
 */
import { ctState, isDnat, isSnat } from '../conntrack/conntrack';
import type { Manip } from '../conntrack/nat';
import { msg, type Message } from '../message';
import type { MatchContext } from '../netfilter/match';
import type { Chain, CtState, HookName, TableName } from '../netfilter/types';
import { MAX_CHAIN_DEPTH, ruleRef, walkTable, type TableVerdict, type WalkObserver } from '../netfilter/walk';
import { addrType } from './addrtype';
import type { Sim } from './context';
import type { HookIO, PathState } from './contracts';
import { bindNat, cannotEvaluateEnd, finishHook, limitEnd, type HookEnd } from './nf-verdict';
import { alternativesFor, randomDecision, recordAlternatives } from './random';

/** Walks one table at one hook and records every decision as a step. */
export function xtDoTable(
  sim: Sim,
  nsName: string,
  table: TableName,
  hook: HookName,
  chains: Readonly<Record<string, Chain>>,
  ps: PathState,
  io: HookIO,
  iface: string | undefined,
  manip?: Manip,
): TableVerdict {
  const ctx = matchContext(sim, nsName, hook, ps, io);
  const decisions: Parameters<WalkObserver['decision']>[0][] = [];
  const verdict = walkTable(
    table,
    hook,
    chains,
    ctx,
    // Decisions become steps after the walk: stop the walk once they would pass the step limit.
    { decision: (d) => decisions.push(d) + sim.steps.length < sim.limits.steps },
    (chain, rule) => alternativesFor(sim, nsName, chain, rule, ctx),
    sim.ruleBudget,
  );
  let pkt = ps.pkt;
  let natNote: Message | undefined;
  if (verdict.kind === 'NAT' && ps.ct && manip) {
    const t = verdict.target;
    const bound = bindNat(sim, nsName, hook, ps, io, manip, { kind: t.kind, toAddr: t.kind === 'MASQUERADE' ? undefined : t.toAddr, toPort: t.toPorts?.from }, ctx.mark);
    pkt = bound.pkt;
    natNote = bound.note;
  }
  let mark = ps.pkt.mark;
  decisions.forEach((d, i) => {
    if (d.markAfter !== undefined) mark = d.markAfter;
    const last = i === decisions.length - 1;
    const stepPkt = last && verdict.kind === 'NAT' ? { ...pkt, mark } : { ...ps.pkt, mark };
    if (d.alternatives) recordAlternatives(sim, d.alternatives);
    sim.emit({
      netns: nsName,
      interface: iface,
      stage: d.policy ? 'policy' : 'rule',
      hook,
      table,
      chain: d.chain,
      rule: d.rule ? ruleRef(d.rule) : undefined,
      verdict: d.verdict,
      notMatched: d.notMatched,
      alternatives: d.alternatives,
      pkt: stepPkt,
      iif: io.in,
      oif: io.out,
      explain: explainDecision(table, hook, d, last ? natNote : undefined),
    });
  });
  ps.pkt = { ...pkt, mark: ctx.mark };
  // NOTRACK / CT --notrack (xt_CT.c): the conntrack hook after raw leaves the packet untracked.
  if (ctx.ctstate === 'UNTRACKED' && !ps.ct) ps.untracked = true;
  finishHook(sim, nsName, hook, ps, io, iface, xtEnd(sim, table, hook, verdict));
  return verdict;
}

/** The hook function's end for an iptables table verdict. */
function xtEnd(sim: Sim, table: TableName, hook: HookName, verdict: TableVerdict): HookEnd {
  switch (verdict.kind) {
    case 'ACCEPT':
    case 'NAT':
      return { kind: 'accept' };
    case 'DROP':
      return { kind: 'drop', at: verdict.rule ? ruleAt(table, verdict.rule) : msg('netfilter.atPolicy', { table, hook }), table, chain: verdict.rule?.chain ?? hook };
    case 'REJECT':
      return { kind: 'reject', at: ruleAt(table, verdict.rule), table, chain: verdict.rule.chain, with: verdict.with };
    case 'CANNOT':
      return cannotEvaluateEnd(verdict.text, ruleAt(table, verdict.rule), verdict.rule.source, verdict.reason);
    case 'LIMIT':
      return limitEnd(
        sim,
        verdict.limit,
        verdict.rule ? ruleAt(table, { chain: verdict.chain, index: verdict.rule.index }) : msg('netfilter.atChain', { table, chain: verdict.chain }),
        msg('netfilter.chainDepthLimit', { max: MAX_CHAIN_DEPTH }),
      );
  }
}

/** "filter FORWARD rule 3" */
function ruleAt(table: TableName, rule: { readonly chain: string; readonly index: number }): Message {
  return msg('netfilter.atRule', { table, chain: rule.chain, index: rule.index });
}

function explainDecision(table: TableName, hook: HookName, d: Parameters<WalkObserver['decision']>[0], natNote: Message | undefined): Message {
  const chain = d.chain;
  if (d.policy) return msg('netfilter.policy', { table, hook, verdict: d.verdict });
  if (d.implicitReturn)
    return d.notMatched
      ? d.notMatched.from === d.notMatched.to
        ? msg('netfilter.noMatchReturnOne', { rules: `${d.notMatched.from}`, table, chain })
        : msg('netfilter.noMatchReturn', { rules: `${d.notMatched.from}–${d.notMatched.to}`, table, chain })
      : msg(d.emptyChain ? 'netfilter.endReturnEmpty' : 'netfilter.endReturn', { table, chain });
  const r = d.rule!;
  const v = d.verdict;
  const at = { index: r.index, table, chain };
  if (v.startsWith('JUMP:')) return msg('netfilter.ruleJump', { ...at, target: v.slice(5) });
  if (v.startsWith('GOTO:')) return msg('netfilter.ruleGoto', { ...at, target: v.slice(5) });
  if (r.target.kind === 'REJECT') return r.target.with === 'tcp-reset' ? msg('netfilter.ruleRejectReset', at) : msg('netfilter.ruleRejectIcmp', { ...at, with: r.target.with });
  if (r.target.kind === 'NOTRACK') return msg(d.untracked ? 'netfilter.ruleNotrack' : 'netfilter.ruleNotrackTracked', { ...at, target: r.target.form });
  if (r.target.kind === 'MARK') return msg('netfilter.ruleMark', { ...at, from: `0x${(d.markBefore ?? 0).toString(16)}`, to: `0x${(d.markAfter ?? 0).toString(16)}` });
  if (r.target.kind === 'DNAT' || r.target.kind === 'SNAT' || r.target.kind === 'MASQUERADE')
    return natNote ? msg('netfilter.ruleNatNote', { ...at, target: r.target.kind, note: natNote }) : msg('netfilter.ruleNat', { ...at, target: r.target.kind });
  if (v === 'RETURN') return msg(d.chain === hook ? 'netfilter.ruleReturnBuiltin' : 'netfilter.ruleReturn', at);
  if (v === 'CONTINUE') return msg(r.target.kind === 'LOG' ? 'netfilter.ruleLog' : 'netfilter.ruleContinue', at);
  return msg('netfilter.ruleVerdict', { ...at, verdict: v });
}

/** Builds the match context for one table walk. */
function matchContext(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO): MatchContext & { mark: number; ctstate: CtState } {
  const p = ps.pkt;
  return {
    hook,
    pkt: { src: p.ip.src, dst: p.ip.dst, proto: p.ip.proto, sport: p.l4.sport, dport: p.l4.dport, icmpType: p.l4.icmpType, icmpCode: p.l4.icmpCode, tcpFlags: p.l4.flags },
    inIface: io.in,
    outIface: io.out,
    physIn: io.physIn,
    physOut: io.physOut,
    bridged: io.bridged ?? false,
    mark: p.mark,
    ctstate: ps.untracked ? 'UNTRACKED' : ctState(ps.ct),
    ctNat: ps.ct ? { dnat: isDnat(ps.ct.entry), snat: isSnat(ps.ct.entry) } : { dnat: false, snat: false },
    addrType: (addr, iface) => addrType(sim, nsName, addr, iface),
    ipset: (name) => sim.ns(nsName).ipsets?.get(name),
    random: (rule) => randomDecision(sim, nsName, rule),
    recent: (m, addr) => sim.st(nsName).recent.check(m, addr),
    nth: (rule) => {
      const m = sim.st(nsName).nth;
      const n = m.get(rule) ?? 0;
      m.set(rule, n + 1);
      return n;
    },
  };
}
