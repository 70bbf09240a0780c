/**
 * The conntrack and NAT slots of a hook (net/netfilter/nf_conntrack_core.c `nf_conntrack_in`,
 * nf_nat_core.c `nf_nat_inet_fn`, nf_nat_proto.c `nf_nat_icmp_reply_translation`): looking up or
 * creating the packet's entry, applying a connection's NAT binding, and translating ICMP errors
 * RELATED to a connection.
 */
import { ctState, formatEntry, isDnat, isSnat } from '../conntrack/conntrack';
import { applyBinding, applyRelatedIcmp, type Manip } from '../conntrack/nat';
import { msg, type Message } from '../message';
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
      explain: msg('conntrack.invalidCannotStart', { flow: endpoints(ps.pkt), reason: found.invalid }),
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
      ? msg('conntrack.newConnection', { flow: endpoints(ps.pkt) })
      : ref.dir === 'reply'
        ? msg(nat ? 'conntrack.replyEstablishedNat' : 'conntrack.replyEstablished')
        : msg('conntrack.knownConnection', { state }),
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
      explain: q ? msg('conntrack.errorQuotesNoConnection', { flow: endpoints(q) }) : msg('conntrack.rstNoConnection', { proto: ps.pkt.ip.proto.toUpperCase() }),
    });
    return;
  }
  ps.ct = ref;
  sim.emit({
    ...base,
    conntrack: { state: ctState(ref), entry: formatEntry(ref.entry), direction: ref.dir },
    explain: q
      ? msg(isDnat(ref.entry) || isSnat(ref.entry) ? 'conntrack.errorRelatedNat' : 'conntrack.errorRelated', { flow: endpoints(q) })
      : msg('conntrack.replyKnownConnection', { state: ctState(ref) }),
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
    explain: icmpError ? explainRelated(before, after, manip) : explainBinding(ct.dir, manip, before, after),
  });
  return false;
}

/** The rewrite of a packet of a known connection (the nat table is not consulted for it). */
function explainBinding(dir: 'original' | 'reply', manip: Manip, before: Pkt, after: Pkt): Message {
  const dst = { from: `${before.ip.dst}${portOf(before, 'd')}`, to: `${after.ip.dst}${portOf(after, 'd')}` };
  const src = { from: `${before.ip.src}${portOf(before, 's')}`, to: `${after.ip.src}${portOf(after, 's')}` };
  if (dir === 'reply') return manip === 'dst' ? msg('nat.replyUndoesSnat', dst) : msg('nat.replyUndoesDnat', src);
  return manip === 'dst' ? msg('nat.appliesDnat', { to: dst.to }) : msg('nat.appliesSnat', { to: src.to });
}

function explainRelated(before: Pkt, after: Pkt, manip: Manip): Message {
  const qb = before.embedded!;
  const qa = after.embedded!;
  return manip === 'src'
    ? msg('nat.icmpErrorUndoesDnat', { from: `${qb.ip.dst}${portOf(qb, 'd')}`, to: `${qa.ip.dst}${portOf(qa, 'd')}`, errorFrom: before.ip.src, errorTo: after.ip.src })
    : msg('nat.icmpErrorUndoesSnat', { from: `${qb.ip.src}${portOf(qb, 's')}`, to: `${qa.ip.src}${portOf(qa, 's')}`, errorFrom: before.ip.dst, errorTo: after.ip.dst });
}

/** `:port` of a packet with ports, else ''. */
export function portOf(p: Pkt, which: 's' | 'd'): string {
  if (!hasPorts(p.ip.proto)) return '';
  return `:${which === 's' ? p.l4.sport : p.l4.dport}`;
}
