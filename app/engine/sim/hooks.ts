/**
 * Running one netfilter hook in one netns: the registered tables in priority order with conntrack
 * and NAT at their slots (linux-packet-path.md §1): raw −300, conntrack −200, mangle −150,
 * nat-DNAT −100, filter 0, security 50, nat-SNAT 100, confirm last. Records conntrack, NAT and
 * rule/policy steps; ends the walk on DROP or REJECT.
 */
import { ctState, formatEntry, isDnat, isSnat, type CtRef } from '../conntrack/conntrack';
import { applyBinding, bindDnat, bindSnat, type Manip } from '../conntrack/nat';
import type { MatchContext } from '../netfilter/match';
import type { Chain, HookName, TableName } from '../netfilter/types';
import { MAX_CHAIN_DEPTH, ruleRef, walkTable, type WalkObserver } from '../netfilter/walk';
import { endpoints, hasPorts, type Pkt } from '../packet';
import { addrType } from './addrtype';
import type { Sim } from './context';
import { masqueradeSource } from './masquerade';
import { alternativesFor, randomDecision, recordAlternatives } from './random';

/** The packet as it moves through one netns, with its conntrack reference. */
export interface PathState {
  pkt: Pkt;
  ct?: CtRef;
  /** True once ip_forward handled the packet in this netns (its MTU was checked there). */
  forwarded?: boolean;
}

/** Interfaces known at a hook (iptables `-i`/`-o`, physdev for bridged frames). */
export interface HookIO {
  readonly in?: string;
  readonly out?: string;
  readonly physIn?: string;
  readonly physOut?: string;
  readonly bridged?: boolean;
  /** Next hop of the chosen route (for MASQUERADE's address choice). */
  readonly nextHop?: string;
}

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
      conntrackIn(sim, nsName, hook, ps, iface);
      continue;
    }
    if (slot === 'confirm') {
      if (ps.ct) ps.ct.entry.confirmed = true;
      continue;
    }
    if (slot === 'nat-dst' || slot === 'nat-src') {
      const manip: Manip = slot === 'nat-dst' ? 'dst' : 'src';
      natSlot(sim, nsName, hook, ps, io, manip, iface);
      continue;
    }
    const t = tables[slot];
    if (!t || !t.chains[hook]) continue;
    walkAndRecord(sim, nsName, slot, hook, t.chains, ps, io, iface);
  }
}

/**
 * Whether conntrack runs in a netns. Its hooks are registered per netns only when a loaded rule
 * needs them (`nf_ct_netns_get`): a NAT target (DNAT, SNAT, MASQUERADE) or a conntrack/state
 * match. A nat table holding no NAT rule does not (the kernel harness showed it: without a
 * conntrack entry the NAT hook accepts without walking the nat chains). A pod without rules
 * tracks nothing (the golden kernel runs show empty conntrack tables there).
 */
const ctActive = new WeakMap<object, boolean>();
export function conntrackActive(ns: import('../world').Netns): boolean {
  let v = ctActive.get(ns);
  if (v === undefined) {
    const tables = Object.values(ns.ruleset.tables);
    v = tables.some((t) =>
      Object.values(t!.chains).some((c) =>
        c.rules.some((r) => r.target.kind === 'DNAT' || r.target.kind === 'SNAT' || r.target.kind === 'MASQUERADE' || r.matches.some((m) => m.kind === 'ctstate')),
      ),
    );
    ctActive.set(ns, v);
  }
  return v;
}

function conntrackIn(sim: Sim, nsName: string, hook: HookName, ps: PathState, iface: string | undefined) {
  // A packet looped back through `lo` keeps the entry it got on output (already tracked).
  if (ps.ct || !conntrackActive(sim.ns(nsName))) return;
  const { ref, created } = sim.st(nsName).conntrack.lookupOrCreate(ps.pkt);
  ps.ct = ref;
  if (ref.dir === 'reply') ref.entry.seenReply = true;
  const state = ctState(ref);
  const e = ref.entry;
  const nat = isDnat(e) || isSnat(e);
  sim.emit({
    netns: nsName,
    interface: iface,
    stage: 'conntrack',
    hook,
    pkt: ps.pkt,
    conntrack: { state, entry: formatEntry(e), direction: ref.dir },
    explain: created
      ? `conntrack sees a new connection ${endpoints(ps.pkt)} (state NEW); NAT for it will be decided by the nat table.`
      : ref.dir === 'reply'
        ? `conntrack matches this packet to the reply direction of a known connection (state ESTABLISHED)${nat ? '; its NAT will be undone from the entry, without the nat table' : ''}.`
        : `conntrack matches this packet to a known connection (state ${state}).`,
  });
}

function natSlot(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO, manip: Manip, iface: string | undefined) {
  const ct = ps.ct;
  const natTable = sim.ns(nsName).ruleset.tables.nat;
  if (!ct || !natTable) return;
  const e = ct.entry;
  if (ct.dir === 'original' && !e.natInit[manip]) {
    // First packet of the connection for this manip type: walk the nat table once.
    e.natInit[manip] = true;
    if (!natTable.chains[hook]) return;
    walkAndRecord(sim, nsName, 'nat', hook, natTable.chains, ps, io, iface, manip);
    return;
  }
  const before = ps.pkt;
  const after = applyBinding(ct, before, manip);
  if (after === before) return;
  ps.pkt = after;
  const what =
    ct.dir === 'reply'
      ? manip === 'dst'
        ? `conntrack undoes the source NAT of the request: destination ${before.ip.dst}${portOf(before, 'd')} → ${after.ip.dst}${portOf(after, 'd')}`
        : `conntrack undoes the destination NAT of the request: source ${before.ip.src}${portOf(before, 's')} → ${after.ip.src}${portOf(after, 's')}`
      : manip === 'dst'
        ? `conntrack applies the connection's DNAT: destination → ${after.ip.dst}${portOf(after, 'd')}`
        : `conntrack applies the connection's SNAT: source → ${after.ip.src}${portOf(after, 's')}`;
  sim.emit({
    netns: nsName,
    interface: iface,
    stage: 'nat',
    hook,
    table: 'nat',
    pkt: after,
    conntrack: { state: ctState(ct), entry: formatEntry(e), direction: ct.dir },
    explain: `${what} (the nat table is not consulted for packets of a known connection).`,
  });
}

function portOf(p: Pkt, which: 's' | 'd'): string {
  if (!hasPorts(p.ip.proto)) return '';
  return `:${which === 's' ? p.l4.sport : p.l4.dport}`;
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
      if (m) masqFrom = m.dev === io.out ? ` (the address of ${io.out})` : ` (${io.out} has no address; the kernel takes ${m.dev}'s)`;
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
  if (verdict.kind === 'DROP') {
    sim.drop(nsName, iface, 'rule', verdict.rule ? `dropped by ${table} ${verdict.rule.chain} rule ${verdict.rule.index}` : `dropped by the ${table} ${hook} policy`, ps.pkt, undefined, { hook, table, chain: verdict.rule?.chain ?? hook });
  }
  if (verdict.kind === 'REJECT') {
    const tcpReset = verdict.with === 'tcp-reset';
    sim.drop(
      nsName,
      iface,
      'rule',
      `rejected by ${table} ${verdict.rule.chain} rule ${verdict.rule.index} (${tcpReset ? 'a TCP RST' : `ICMP ${verdict.with}`} goes back to ${ps.pkt.ip.src})`,
      ps.pkt,
      `REJECT drops the packet and answers ${ps.pkt.ip.src} with ${tcpReset ? 'a TCP RST' : `an ICMP ${verdict.with}`}.`,
      { hook, table, chain: verdict.rule.chain },
    );
  }
}

function explainDecision(table: TableName, hook: HookName, d: Parameters<WalkObserver['decision']>[0], natNote: string): string {
  const where = `${table} ${d.chain}`;
  if (d.policy) return `End of ${table} ${hook}: the chain's policy ${d.verdict} applies.`;
  if (d.implicitReturn) return `No rule in ${where} matched; the walk returns to the calling chain.`;
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
