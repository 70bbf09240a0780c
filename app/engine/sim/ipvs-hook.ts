/**
 * IPVS at its netfilter hooks (net/netfilter/ipvs/ip_vs_core.c `ip_vs_ops4`, hooks in
 * ../ipvs/hooks.ts): `ip_vs_in_hook` (INPUT 99, OUTPUT −98) finds the virtual service, lets the
 * scheduler pick a real server (a decision point with every real server as an alternative), makes
 * the connection entry, rewrites the destination (VS/NAT, `ip_vs_nat_xmit`), updates conntrack
 * when `net.ipv4.vs.conntrack=1` (`ip_vs_update_conntrack`) or marks the packet untracked, and
 * steals the packet to send it through LOCAL_OUT again; `ip_vs_out_hook` (INPUT 98, OUTPUT −99,
 * FORWARD 100) rewrites a reply's source back to the virtual address (`handle_response`).
 * Not verified against the kernel: the ip_vs module cannot be loaded on the project's machines.
 */
import { connIn, connOut, connText, natReply, natRequest, newConn, conntrackReplyTuple, persistKey, templateDest } from '../ipvs/conn';
import type { IpvsHookOp } from '../ipvs/hooks';
import { findService, notSchedulable, type IpvsPacket } from '../ipvs/service';
import { ipvsChoiceKey, runScheduler, schedAlternatives, serviceName } from '../ipvs/sched/schedule';
import type { IpvsDest, IpvsService } from '../ipvs/types';
import type { SchedResult } from '../ipvs/sched/types';
import { msg, type Message } from '../message';
import type { HookName } from '../netfilter/types';
import { own } from '../own';
import { isLocalAddress } from '../route/fib';
import type { Pkt } from '../packet';
import type { Sim } from './context';
import type { HookIO, HookResult, PathState } from './contracts';
import { ICMP, unreachable } from './icmp-error';
import { errorRefusal } from './error-refusal';
import { recordAlternatives } from './random';

function ipvsPacket(p: Pkt): IpvsPacket {
  return { src: p.ip.src, dst: p.ip.dst, proto: p.ip.proto, sport: p.l4.sport, dport: p.l4.dport, mark: p.mark, tcpFlags: p.l4.flags, sctpInit: p.l4.flags === 'INIT' };
}

function rewrite(p: Pkt, r: { src: string; sport: number; dst: string; dport: number }): Pkt {
  return { ...p, ip: { ...p.ip, src: r.src, dst: r.dst }, l4: { ...p.l4, sport: r.sport, dport: r.dport } };
}

/** Runs one IPVS hook function on `ps`. */
export function runIpvs(sim: Sim, nsName: string, hook: HookName, op: IpvsHookOp, ps: PathState, io: HookIO, iface: string | undefined): HookResult {
  if (ps.ipvsProperty) return 'accept';
  if (op.fn === 'ip_vs_out_hook') return ipvsOut(sim, nsName, hook, op, ps, io, iface);
  if (op.fn === 'ip_vs_in_hook') return ipvsIn(sim, nsName, hook, op, ps, io, iface);
  // ip_vs_forward_icmp: ICMP errors about IPVS connections (ip_vs_in_icmp) are not modelled.
  const q = ps.pkt.embedded;
  if (q && ps.pkt.ip.proto === 'icmp') {
    const quoted: IpvsPacket = { src: q.ip.src, dst: q.ip.dst, proto: q.ip.proto, sport: q.l4.sport, dport: q.l4.dport, mark: 0 };
    const conns = sim.st(nsName).ipvsConns;
    if (connIn(conns, quoted) || connOut(conns, quoted)) sim.stop('cannot-evaluate', nsName, iface, msg('ipvs.icmpErrorNotModelled'), ps.pkt);
  }
  return 'accept';
}

/** `ip_vs_out_hook`: a reply of a VS/NAT connection gets the virtual address back as source. */
function ipvsOut(sim: Sim, nsName: string, hook: HookName, op: IpvsHookOp, ps: PathState, io: HookIO, iface: string | undefined): HookResult {
  const c = connOut(sim.st(nsName).ipvsConns, ipvsPacket(ps.pkt));
  if (!c || c.forward !== 'masq') return 'accept';
  const before = ps.pkt;
  ps.pkt = rewrite(before, natReply(c));
  ps.ipvsProperty = true;
  sim.emit({
    ...ipvsStep(nsName, hook, ps, io, iface),
    ipvs: { fn: op.fn, priority: op.priority, conn: connText(c) },
    explain: msg('ipvs.replySource', { fn: op.fn, hook, priority: op.priority, conn: connText(c), from: `${before.ip.src}:${before.l4.sport}`, to: `${c.vaddr}:${c.vport}` }),
  });
  return 'accept';
}

/** `ip_vs_in_hook`: schedule a new connection to a virtual service and send it to the real server. */
function ipvsIn(sim: Sim, nsName: string, hook: HookName, op: IpvsHookOp, ps: PathState, io: HookIO, iface: string | undefined): HookResult {
  const ns = sim.ns(nsName);
  const st = sim.st(nsName);
  const pkt = ipvsPacket(ps.pkt);
  const svc = findService(ns.ipvs!, pkt);
  if (!svc) return 'accept';
  const existing = connIn(st.ipvsConns, pkt);
  if (!existing && notSchedulable(pkt)) return 'accept';
  const c = existing ?? schedule(sim, nsName, hook, op, svc, ps, io, iface);
  if (c.forward !== 'masq')
    sim.stop('cannot-evaluate', nsName, iface, msg(c.forward === 'droute' ? 'ipvs.directRoutingNotModelled' : 'ipvs.tunnellingNotModelled', { service: serviceName(svc) }), ps.pkt);
  const before = ps.pkt;
  ps.pkt = rewrite(before, natRequest(c));
  ps.ipvsProperty = true;
  const altered = ps.ct && ps.ct.dir === 'original' && !ps.ct.entry.confirmed ? conntrackReplyTuple(c, svc.onePacket) : undefined;
  if (altered && ps.ct) ps.ct.entry.reply = { ...ps.ct.entry.reply, ...altered, proto: ps.ct.entry.reply.proto };
  if (altered && ps.ct) ps.ct.entry.ipvs = true;
  const untracked = !c.nfct;
  const local = isLocalAddress(ns, c.daddr);
  if (untracked) {
    ps.ct = undefined;
    ps.untracked = true;
  }
  sim.emit({
    ...ipvsStep(nsName, hook, ps, io, iface),
    ipvs: { fn: op.fn, priority: op.priority, service: svc.text, serviceSource: svc.source, conn: connText(c) },
    explain: ipvsNatXmit(
      { from: `${before.ip.dst}:${before.l4.dport}`, to: `${c.daddr}:${c.dport}` },
      untracked ? msg('ipvs.notrack') : altered ? msg('ipvs.conntrackUpdated', { server: `${c.daddr}:${c.dport}` }) : undefined,
      msg(local ? 'ipvs.localServer' : 'ipvs.stolen', { hook }),
    ),
  });
  return local ? 'accept' : 'ipvs-stolen';
}

/**
 * The scheduler's decision, recorded as a step with every real server as an alternative. For a
 * persistent service (`-p`), ip_vs_sched_persist first looks for the client's template: one that
 * names a real server still in the service decides without running the scheduler; otherwise the
 * scheduler's (or the flow's pinned) choice makes a new template.
 */
function schedule(sim: Sim, nsName: string, hook: HookName, op: IpvsHookOp, svc: IpvsService, ps: PathState, io: HookIO, iface: string | undefined) {
  const st = sim.st(nsName);
  const key = ipvsChoiceKey(nsName, svc);
  const pkt = ipvsPacket(ps.pkt);
  const template = templateDest(svc, st.ipvsTemplates, pkt.src);
  if (template) return persisted(sim, nsName, hook, op, svc, ps, io, iface, template);
  const res = runScheduler(svc, pkt, st.ipvsSched.get(key) ?? {});
  if ('unsupported' in res) {
    const service = serviceName(svc);
    const reason = svc.source
      ? msg('ipvs.serviceNotEvaluatedAt', { service, source: `${svc.source.file}:${svc.source.line}`, reason: res.unsupported })
      : msg('ipvs.serviceNotEvaluated', { service, reason: res.unsupported });
    return sim.stop('cannot-evaluate', nsName, iface, reason, ps.pkt);
  }
  const { alternatives, option } = schedAlternatives(key, svc, res, own(sim.choices, key));
  const dest = option !== undefined ? svc.dests[option - 1] : undefined;
  if (!dest) {
    // ip_vs_leave: no real server can take it: ICMP port unreachable, drop.
    return sim.dropAnswering(
      { netns: nsName, inDev: hook === 'OUTPUT' ? undefined : io.in, pkt: ps.pkt, ct: ps.ct, local: true, answer: unreachable(ICMP.PORT_UNREACH) },
      iface,
      'ipvs',
      msg('ipvs.noRealServer', { service: serviceName(svc) }),
      msg('ipvs.leave', { summary: res.summary }),
      errorRefusal(sim, nsName, ps.pkt),
      { hook },
    );
  }
  st.ipvsSched.set(key, res.state);
  if (alternatives.length > 1) recordAlternatives(sim, alternatives);
  const c = newConn({ ...pkt, proto: svc.key.kind === 'addr' ? svc.key.protocol : (pkt.proto as 'tcp') }, dest, (sim.ns(nsName).sysctls['net.ipv4.vs.conntrack'] ?? 0) === 1);
  st.ipvsConns.push(c);
  const persist = persistKey(svc, pkt.src);
  if (persist !== undefined) st.ipvsTemplates.push({ key: persist, daddr: dest.addr, dport: dest.port, timeout: svc.persistent!.timeout });
  sim.emit({
    ...ipvsStep(nsName, hook, ps, io, iface),
    alternatives: alternatives.length > 1 ? alternatives : undefined,
    ipvs: { fn: op.fn, priority: op.priority, service: svc.text, serviceSource: svc.source, scheduler: svc.scheduler, dest: dest.text, destSource: dest.source, conn: connText(c) },
    explain: scheduledExplain(op, hook, svc, res, dest, connText(c), persist),
  });
  return c;
}

/** A persistent service's client with a live template: its real server, without the scheduler (ip_vs_sched_persist). */
function persisted(sim: Sim, nsName: string, hook: HookName, op: IpvsHookOp, svc: IpvsService, ps: PathState, io: HookIO, iface: string | undefined, dest: IpvsDest) {
  const pkt = ipvsPacket(ps.pkt);
  const c = newConn({ ...pkt, proto: svc.key.kind === 'addr' ? svc.key.protocol : (pkt.proto as 'tcp') }, dest, (sim.ns(nsName).sysctls['net.ipv4.vs.conntrack'] ?? 0) === 1);
  sim.st(nsName).ipvsConns.push(c);
  sim.emit({
    ...ipvsStep(nsName, hook, ps, io, iface),
    ipvs: { fn: op.fn, priority: op.priority, service: svc.text, serviceSource: svc.source, scheduler: svc.scheduler, dest: dest.text, destSource: dest.source, conn: connText(c) },
    explain: msg('ipvs.persisted', {
      fn: op.fn,
      hook,
      priority: op.priority,
      service: serviceName(svc),
      timeout: svc.persistent!.timeout,
      template: `${persistKey(svc, pkt.src)}`,
      server: `${dest.addr}:${dest.port}`,
      conn: connText(c),
    }),
  });
  return c;
}

/** VS/NAT's rewrite of a request, what conntrack makes of it (`ct`) and where the packet goes next. */
function ipvsNatXmit(addrs: { from: string; to: string }, ct: Message | undefined, next: Message): Message {
  return ct ? msg('ipvs.natXmit', { ...addrs, ct, next }) : msg('ipvs.natXmitNoConntrack', { ...addrs, next });
}

/** The scheduling step: the service, the scheduler's pick (or the flow's pinned one), the new entry and a persistence template. */
function scheduledExplain(op: IpvsHookOp, hook: HookName, svc: IpvsService, res: SchedResult, dest: IpvsDest, conn: string, persist: string | undefined): Message {
  const server = `${dest.addr}:${dest.port}`;
  const choice =
    res.dest === dest
      ? msg('ipvs.schedulerPicks', { scheduler: svc.scheduler, server, summary: res.summary })
      : res.dest
        ? msg('ipvs.schedulerPinned', { scheduler: svc.scheduler, pick: `${res.dest.addr}:${res.dest.port}`, summary: res.summary, server })
        : msg('ipvs.schedulerPinnedNone', { scheduler: svc.scheduler, summary: res.summary, server });
  const params = { fn: op.fn, hook, priority: op.priority, service: serviceName(svc), choice, conn };
  return persist !== undefined ? msg('ipvs.scheduledPersistent', { ...params, timeout: svc.persistent!.timeout, template: persist, server }) : msg('ipvs.scheduled', params);
}

/** The fields every IPVS step shares: where it is and the packet as IPVS left it. */
function ipvsStep(netns: string, hook: HookName, ps: PathState, io: HookIO, iface: string | undefined) {
  return { netns, interface: iface, stage: 'ipvs' as const, hook, pkt: ps.pkt, iif: io.in, oif: io.out };
}
