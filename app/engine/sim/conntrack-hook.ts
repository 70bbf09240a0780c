/**
 * The conntrack and NAT slots of a hook (net/netfilter/nf_conntrack_core.c `nf_conntrack_in`,
 * nf_nat_core.c `nf_nat_inet_fn`, nf_nat_proto.c `nf_nat_icmp_reply_translation`): looking up or
 * creating the packet's entry, applying a connection's NAT binding, and translating ICMP errors
 * RELATED to a connection.
 */
import { ctState, formatEntry, isDnat, isSnat } from '../conntrack/conntrack';
import { applyBinding, applyRelatedIcmp, type Manip } from '../conntrack/nat';
import type { HookName } from '../netfilter/types';
import { endpoints, hasPorts, type Pkt } from '../packet';
import type { Sim } from './context';
import type { HookIO, PathState } from './contracts';
import { conntrackActive, natCoreActive } from './hook-registry';

/**
 * The conntrack slot (`nf_conntrack_in`): finds or creates the packet's entry. A packet looped
 * back through `lo`, or an error the kernel attached to its offending packet's entry, keeps the
 * reference it has. A packet of the `error` direction never creates an entry: an ICMP error is
 * RELATED to the connection its quoted header belongs to (`nf_conntrack_inet_error`), an RST
 * matches its connection's reply direction, and one that matches nothing is INVALID.
 */
export function conntrackIn(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO, iface: string | undefined) {
  if (ps.ct || ps.untracked || !conntrackActive(sim.ns(nsName))) return;
  if (sim.direction === 'error') return errorConntrack(sim, nsName, hook, ps, io, iface);
  const found = sim.st(nsName).conntrack.lookupOrCreate(ps.pkt);
  if ('invalid' in found) {
    sim.emit({
      netns: nsName,
      interface: iface,
      stage: 'conntrack',
      hook,
      pkt: ps.pkt,
      iif: io.in,
      oif: io.out,
      conntrack: { state: 'INVALID', entry: '', direction: 'original' },
      explain: `conntrack finds no connection for ${endpoints(ps.pkt)} and does not start one: ${found.invalid}. The packet has no conntrack entry: ctstate matches it as INVALID and NAT never sees it.`,
    });
    return;
  }
  const { ref, created } = found;
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
    iif: io.in,
    oif: io.out,
    conntrack: { state, entry: formatEntry(e), direction: ref.dir },
    explain: created
      ? `conntrack sees a new connection ${endpoints(ps.pkt)} (state NEW); NAT for it will be decided by the nat table.`
      : ref.dir === 'reply'
        ? `conntrack matches this packet to the reply direction of a known connection (state ESTABLISHED)${nat ? '; its NAT will be undone from the entry, without the nat table' : ''}.`
        : `conntrack matches this packet to a known connection (state ${state}).`,
  });
}

function errorConntrack(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO, iface: string | undefined) {
  const table = sim.st(nsName).conntrack;
  const q = ps.pkt.embedded;
  const ref = q ? table.lookupRelated(q) : table.lookup(ps.pkt);
  const base = { netns: nsName, interface: iface, stage: 'conntrack' as const, hook, pkt: ps.pkt, iif: io.in, oif: io.out };
  if (!ref) {
    sim.emit({
      ...base,
      conntrack: { state: 'INVALID', entry: '', direction: 'reply' },
      explain: q
        ? `conntrack finds no connection for the packet this error quotes (${endpoints(q)}): the error has no entry, and ctstate matches it as INVALID.`
        : `conntrack finds no connection for this ${ps.pkt.ip.proto.toUpperCase()} packet and does not start one for an RST: ctstate matches it as INVALID.`,
    });
    return;
  }
  ps.ct = ref;
  sim.emit({
    ...base,
    conntrack: { state: ctState(ref), entry: formatEntry(ref.entry), direction: ref.dir },
    explain: q
      ? `conntrack reads the quoted header ${endpoints(q)} and finds its connection: the error is RELATED to it${isDnat(ref.entry) || isSnat(ref.entry) ? ', so its NAT will be reversed on the error and on the quoted header' : ''}.`
      : `conntrack matches this packet to the reply direction of a known connection (state ${ctState(ref)}).`,
  });
}

/**
 * A NAT slot for a packet with a conntrack entry: applies the connection's binding (or, for an
 * ICMP error RELATED to it, `nf_nat_icmp_reply_translation`).
 * @returns true when the nat table must be walked (first packet of a connection for this manip).
 */
export function natSlot(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO, manip: Manip, iface: string | undefined): boolean {
  const ct = ps.ct;
  if (!ct || !natCoreActive(sim.ns(nsName))) return false;
  const e = ct.entry;
  const before = ps.pkt;
  const icmpError = ct.related && before.embedded !== undefined;
  // nf_nat_inet_fn: a NEW packet, or a RELATED one that is not ICMP (the RST REJECT attaches to
  // the SYN's entry), walks the nat table for a manip the connection has not set up yet (the
  // kernel harness measured an RST walking nat POSTROUTING after its SYN was rejected in INPUT).
  if ((ct.dir === 'original' || ct.related) && !icmpError && !e.natInit[manip]) {
    e.natInit[manip] = true;
    return true;
  }
  const after = icmpError ? applyRelatedIcmp(ct, before, manip) : applyBinding(ct, before, manip);
  if (after === before) return false;
  ps.pkt = after;
  sim.emit({
    netns: nsName,
    interface: iface,
    stage: 'nat',
    hook,
    table: 'nat',
    pkt: after,
    iif: io.in,
    oif: io.out,
    conntrack: { state: ctState(ct), entry: formatEntry(e), direction: ct.dir },
    explain: icmpError ? explainRelated(before, after, manip) : `${explainBinding(ct.dir, manip, before, after)} (the nat table is not consulted for packets of a known connection).`,
  });
  return false;
}

function explainBinding(dir: 'original' | 'reply', manip: Manip, before: Pkt, after: Pkt): string {
  if (dir === 'reply')
    return manip === 'dst'
      ? `conntrack undoes the source NAT of the request: destination ${before.ip.dst}${portOf(before, 'd')} → ${after.ip.dst}${portOf(after, 'd')}`
      : `conntrack undoes the destination NAT of the request: source ${before.ip.src}${portOf(before, 's')} → ${after.ip.src}${portOf(after, 's')}`;
  return manip === 'dst'
    ? `conntrack applies the connection's DNAT: destination → ${after.ip.dst}${portOf(after, 'd')}`
    : `conntrack applies the connection's SNAT: source → ${after.ip.src}${portOf(after, 's')}`;
}

function explainRelated(before: Pkt, after: Pkt, manip: Manip): string {
  const qb = before.embedded!;
  const qa = after.embedded!;
  return manip === 'src'
    ? `conntrack reverses the connection's DNAT on the ICMP error (nf_nat_icmp_reply_translation): the quoted destination ${qb.ip.dst}${portOf(qb, 'd')} → ${qa.ip.dst}${portOf(qa, 'd')}, and the error's source ${before.ip.src} → ${after.ip.src}, so the sender recognises its own packet.`
    : `conntrack reverses the connection's SNAT on the ICMP error (nf_nat_icmp_reply_translation): the quoted source ${qb.ip.src}${portOf(qb, 's')} → ${qa.ip.src}${portOf(qa, 's')}, and the error's destination ${before.ip.dst} → ${after.ip.dst}.`;
}

/** `:port` of a packet with ports, else ''. */
export function portOf(p: Pkt, which: 's' | 'd'): string {
  if (!hasPorts(p.ip.proto)) return '';
  return `:${which === 's' ? p.l4.sport : p.l4.dport}`;
}
