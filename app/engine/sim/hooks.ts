/**
 * Running one netfilter hook in one netns: the registered tables in priority order with conntrack
 * and NAT at their slots (linux-packet-path.md §1): raw −300, conntrack −200, mangle −150,
 * nat-DNAT −100, filter 0, security 50, nat-SNAT 100, confirm last. Records conntrack, NAT and
 * rule/policy steps; ends the walk on DROP or REJECT.
 */
import { ctState, isDnat, isSnat } from '../conntrack/conntrack';
import { applyBinding, bindDnat, bindSnat, type Manip } from '../conntrack/nat';
import type { MatchContext } from '../netfilter/match';
import type { Chain, HookName, TableName } from '../netfilter/types';
import { MAX_CHAIN_DEPTH, ruleRef, walkTable, type WalkObserver } from '../netfilter/walk';

import { addrType } from './addrtype';
import type { Sim } from './context';
import { masqueradeSource } from './masquerade';
import { alternativesFor, randomDecision, recordAlternatives } from './random';
import { conntrackIn, natSlot, portOf } from './conntrack-hook';
import type { HookIO, PathState } from './path-state';

export type { HookIO, PathState } from './path-state';
import { rejectAnswer } from './icmp-error';
import { errorRefusal } from './error-refusal';

const ORDER: Record<HookName, readonly (TableName | 'conntrack' | 'nat-dst' | 'nat-src' | 'confirm')[]> = {
  PREROUTING: ['raw', 'conntrack', 'mangle', 'nat-dst'],
  INPUT: ['mangle', 'filter', 'security', 'nat-src', 'confirm'],
  FORWARD: ['mangle', 'filter', 'security'],
  OUTPUT: ['raw', 'conntrack', 'mangle', 'nat-dst', 'filter', 'security'],
  POSTROUTING: ['mangle', 'nat-src', 'confirm'],
};

/**
 * Runs `hook` in netns `nsName` on `ps` (updated in place: packet rewrites, mark, conntrack ref).
 * Returns normally when the packet is accepted; ends the direction (throws Finished) on DROP/REJECT.
 */
export function runHook(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO): void {
  const ns = sim.ns(nsName);
  const tables = ns.ruleset.tables;
  const iface = io.bridged ? (hook === 'POSTROUTING' || hook === 'FORWARD' ? io.out : io.in) : hook === 'PREROUTING' || hook === 'INPUT' || hook === 'FORWARD' ? io.in : io.out;
  for (const slot of ORDER[hook]) {
    if (slot === 'conntrack') {
      conntrackIn(sim, nsName, hook, ps, io, iface);
      continue;
    }
    if (slot === 'confirm') {
      // __nf_conntrack_confirm inserts only an entry whose packet is in the original direction.
      if (ps.ct && ps.ct.dir === 'original' && !ps.ct.related) ps.ct.entry.confirmed = true;
      continue;
    }
    if (slot === 'nat-dst' || slot === 'nat-src') {
      const manip: Manip = slot === 'nat-dst' ? 'dst' : 'src';
      const t = sim.ns(nsName).ruleset.tables.nat;
      const walk = natSlot(sim, nsName, hook, ps, io, manip, iface);
      if (walk && t?.chains[hook]) walkAndRecord(sim, nsName, 'nat', hook, t.chains, ps, io, iface, manip);
      // nf_nat_inet_fn then translates the packet (nf_nat_packet): a RELATED reply (REJECT's RST)
      // still gets the connection's existing binding undone after its own walk.
      if (walk && ps.ct?.related) natSlot(sim, nsName, hook, ps, io, manip, iface);
      continue;
    }
    const t = tables[slot];
    if (!t || !t.chains[hook]) continue;
    walkAndRecord(sim, nsName, slot, hook, t.chains, ps, io, iface);
  }
}

/** Walks one table at one hook and records every decision as a step. */
function walkAndRecord(
  sim: Sim,
  nsName: string,
  table: TableName,
  hook: HookName,
  chains: Readonly<Record<string, Chain>>,
  ps: PathState,
  io: HookIO,
  iface: string | undefined,
  manip?: Manip,
) {
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
  let natNote = '';
  let masqFrom = '';
  if (verdict.kind === 'NAT' && ps.ct) {
    const before = pkt;
    const t = verdict.target;
    const e = ps.ct.entry;
    if (t.kind === 'DNAT' && manip === 'dst') {
      bindDnat(e, t.toAddr ?? pkt.ip.dst, t.toPorts?.from);
    } else if ((t.kind === 'SNAT' || t.kind === 'MASQUERADE') && manip === 'src') {
      const m = t.kind === 'MASQUERADE' ? masqueradeSource(sim, nsName, io) : undefined;
      const addr = t.kind === 'SNAT' ? t.toAddr : m?.addr;
      if (m) masqFrom = ` (${m.explain})`;
      if (addr) bindSnat(e, addr, t.toPorts?.from);
      else natNote = ' The out interface has no address, so MASQUERADE leaves the source as it is.';
    }
    pkt = applyBinding(ps.ct, { ...pkt, mark: ctx.mark }, manip!);
    natNote =
      natNote ||
      (t.kind === 'DNAT'
        ? ` Destination ${before.ip.dst}${portOf(before, 'd')} → ${pkt.ip.dst}${portOf(pkt, 'd')}; conntrack stores the binding for the rest of the connection.`
        : pkt.ip.src === before.ip.src
          ? ` The source is already ${pkt.ip.src}, so nothing visible changes.`
          : ` Source ${before.ip.src}${portOf(before, 's')} → ${pkt.ip.src}${portOf(pkt, 's')}${masqFrom}; conntrack stores the binding.`);
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
      explain: explainDecision(table, hook, d, last ? natNote : ''),
    });
  });
  ps.pkt = { ...pkt, mark: ctx.mark };
  if (verdict.kind === 'LIMIT' && verdict.limit === 'steps') sim.stopAtStepLimit(nsName, iface, ps.pkt);
  if (verdict.kind === 'LIMIT') {
    const at = `${table} ${verdict.chain}${verdict.rule ? ` rule ${verdict.rule.index}` : ''}`;
    sim.stop(
      verdict.limit,
      nsName,
      iface,
      verdict.limit === 'rule-evaluations'
        ? `the engine stopped at ${at} after evaluating ${sim.limits.ruleEvaluations.toLocaleString('en')} rules for this flow, its limit`
        : `the engine stopped at ${at}: user chains nested more than ${MAX_CHAIN_DEPTH} calls deep, its limit`,
      ps.pkt,
    );
  }
  const sendFails = senderErrno(sim, nsName, hook, ps);
  if (verdict.kind === 'DROP') {
    const reason = verdict.rule ? `dropped by ${table} ${verdict.rule.chain} rule ${verdict.rule.index}` : `dropped by the ${table} ${hook} policy`;
    sim.drop(nsName, iface, 'rule', reason, ps.pkt, sendFails ? `Dropped: ${reason}. ${sendFails.explain}` : undefined, { hook, table, chain: verdict.rule?.chain ?? hook, errno: sendFails?.errno });
  }
  if (verdict.kind === 'REJECT') {
    const answer = rejectAnswer(verdict.with);
    const what = answer.kind === 'tcp-reset' ? 'a TCP RST' : `ICMP ${verdict.with}`;
    sim.dropAnswering(
      { netns: nsName, inDev: hook === 'OUTPUT' ? undefined : io.in, pkt: ps.pkt, ct: ps.ct, local: hook === 'INPUT', answer, physIn: hook === 'OUTPUT' ? undefined : (io.physIn ?? ps.physIn) },
      iface,
      'rule',
      `rejected by ${table} ${verdict.rule.chain} rule ${verdict.rule.index} (${what} goes back to ${ps.pkt.ip.src})`,
      `REJECT drops the packet and answers ${ps.pkt.ip.src} with ${answer.kind === 'tcp-reset' ? 'a TCP RST' : `an ICMP ${verdict.with}`} (nf_send_${answer.kind === 'tcp-reset' ? 'reset' : 'unreach'}).${sendFails ? ` ${sendFails.explain}` : ''}`,
      errorRefusal(sim, nsName, ps.pkt),
      { hook, table, chain: verdict.rule.chain, iif: io.in, oif: io.out, errno: sendFails?.errno },
    );
  }
}

/**
 * A UDP datagram dropped in its own sender's OUTPUT or POSTROUTING makes send() fail with EPERM:
 * nf_hook_slow turns NF_DROP into -EPERM, ip_local_out returns it and udp_sendmsg passes it on
 * (measured on 6.18; TCP ignores the error and retransmits until connect() times out, and ping
 * reports nothing).
 */
function senderErrno(sim: Sim, nsName: string, hook: HookName, ps: PathState): { errno: string; explain: string } | undefined {
  if (sim.direction !== 'request' || nsName !== sim.origin || ps.forwarded || (hook !== 'OUTPUT' && hook !== 'POSTROUTING') || ps.pkt.ip.proto !== 'udp' || ps.pkt.inner) return undefined;
  return { errno: 'EPERM', explain: 'The drop happens inside the sending system call, so send() fails at once with EPERM (Operation not permitted).' };
}

function explainDecision(table: TableName, hook: HookName, d: Parameters<WalkObserver['decision']>[0], natNote: string): string {
  const where = `${table} ${d.chain}`;
  if (d.policy) return `End of ${table} ${hook}: the chain's policy ${d.verdict} applies.`;
  if (d.implicitReturn)
    return d.notMatched
      ? `Rules ${d.notMatched.from === d.notMatched.to ? d.notMatched.from : `${d.notMatched.from}–${d.notMatched.to}`} of ${where} do not match; at the end of ${d.chain} the walk returns to the calling chain (the kernel's trace prints this return).`
      : `The end of ${where} is reached${d.emptyChain ? ' (the chain is empty)' : ''}: the walk returns to the calling chain (the kernel's trace prints this return).`;
  const r = d.rule!;
  const v = d.verdict;
  if (v.startsWith('JUMP:')) return `Rule ${r.index} of ${where} matches and jumps to ${v.slice(5)}.`;
  if (v.startsWith('GOTO:')) return `Rule ${r.index} of ${where} matches and goes to ${v.slice(5)} (no return to ${d.chain}).`;
  if (r.target.kind === 'REJECT')
    return `Rule ${r.index} of ${where} matches: REJECT sends ${r.target.with === 'tcp-reset' ? 'a TCP reset' : `ICMP ${r.target.with}`} to the sender and drops the packet (the kernel's trace prints the verdict DROP).`;
  if (r.target.kind === 'MARK')
    return `Rule ${r.index} of ${where} sets the packet mark 0x${(d.markBefore ?? 0).toString(16)} → 0x${(d.markAfter ?? 0).toString(16)} and the walk continues.`;
  if (r.target.kind === 'DNAT') return `Rule ${r.index} of ${where} matches: DNAT.${natNote}`;
  if (r.target.kind === 'SNAT' || r.target.kind === 'MASQUERADE') return `Rule ${r.index} of ${where} matches: ${r.target.kind}.${natNote}`;
  if (v === 'RETURN') return `Rule ${r.index} of ${where} matches: RETURN${d.chain === hook ? ', ending this built-in chain' : ` to the calling chain`}.`;
  if (v === 'CONTINUE') return `Rule ${r.index} of ${where} matches (${r.target.kind === 'LOG' ? 'LOG' : 'no terminating target'}); the walk continues.`;
  return `Rule ${r.index} of ${where} matches: ${v}.`;
}

/** Builds the match context for one table walk. */
function matchContext(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO): MatchContext & { mark: number } {
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
    ctstate: ctState(ps.ct),
    ctNat: ps.ct ? { dnat: isDnat(ps.ct.entry), snat: isSnat(ps.ct.entry) } : { dnat: false, snat: false },
    addrType: (addr, iface) => addrType(sim, nsName, addr, iface),
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
