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
    if (connIn(conns, quoted) || connOut(conns, quoted))
      sim.stop('cannot-evaluate', nsName, iface, 'the engine cannot evaluate IPVS for an ICMP error about an IPVS connection (ip_vs_forward_icmp → ip_vs_in_icmp is not modelled)', ps.pkt);
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
    explain: `IPVS (${op.fn}, ${hook} priority ${op.priority}) finds the reply's connection entry ${connText(c)} and rewrites its source ${before.ip.src}:${before.l4.sport} → ${c.vaddr}:${c.vport}, the virtual service the client talked to (handle_response).`,
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
    sim.stop('cannot-evaluate', nsName, iface, `the engine cannot evaluate IPVS ${c.forward === 'droute' ? 'direct routing (-g)' : 'tunnelling (-i)'} for ${serviceName(svc)}: only NAT (masquerading, -m) is modelled`, ps.pkt);
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
    explain: `IPVS (VS/NAT) rewrites the destination ${before.ip.dst}:${before.l4.dport} → ${c.daddr}:${c.dport} (ip_vs_nat_xmit). ${
      untracked
        ? 'net.ipv4.vs.conntrack is 0, so IPVS marks the packet untracked (ip_vs_notrack): no NAT rule will see it.'
        : altered
          ? `net.ipv4.vs.conntrack=1: conntrack now expects the reply from ${c.daddr}:${c.dport} (ip_vs_update_conntrack); no DNAT status is set, IPVS itself un-NATs the reply.`
          : ''
    } ${local ? `The real server is on this host, so the packet goes on through ${hook} (NF_ACCEPT).` : `IPVS steals the packet (NF_STOLEN) and sends it through the OUTPUT hook again to the real server: the rest of ${hook} is not run for it.`}`,
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
  if ('unsupported' in res) return sim.stop('cannot-evaluate', nsName, iface, `the engine cannot evaluate IPVS service ${serviceName(svc)}${svc.source ? ` (${svc.source.file}:${svc.source.line})` : ''}: ${res.unsupported}`, ps.pkt);
  const { alternatives, option } = schedAlternatives(key, svc, res, own(sim.choices, key));
  const dest = option !== undefined ? svc.dests[option - 1] : undefined;
  if (!dest) {
    // ip_vs_leave: no real server can take it: ICMP port unreachable, drop.
    return sim.dropAnswering(
      { netns: nsName, inDev: hook === 'OUTPUT' ? undefined : io.in, pkt: ps.pkt, ct: ps.ct, local: true, answer: unreachable(ICMP.PORT_UNREACH) },
      iface,
      'ipvs',
      `IPVS service ${serviceName(svc)} has no real server available`,
      `${res.summary} IPVS drops the packet and answers with ICMP port unreachable (ip_vs_leave).`,
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
    explain: `IPVS (${op.fn}, ${hook} priority ${op.priority}) finds virtual service ${serviceName(svc)}; ${
      res.dest === dest
        ? `scheduler ${svc.scheduler} picks real server ${dest.addr}:${dest.port}. ${sentence(res.summary)}`
        : `scheduler ${svc.scheduler} would pick ${res.dest ? `${res.dest.addr}:${res.dest.port}` : 'no server'} (${res.summary.replace(/\.$/, '')}); the flow's choices pin real server ${dest.addr}:${dest.port} instead.`
    } New connection entry: ${connText(c)}.${persist !== undefined ? ` The service is persistent (-p ${svc.persistent!.timeout}): a template ${persist} → ${dest.addr}:${dest.port} now sends this client's next connections to the same real server (ip_vs_sched_persist).` : ''}`,
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
    explain: `IPVS (${op.fn}, ${hook} priority ${op.priority}) finds virtual service ${serviceName(svc)}, which is persistent (-p ${svc.persistent!.timeout}): the client's template ${persistKey(svc, pkt.src)} → ${dest.addr}:${dest.port} is still alive, so the connection goes to that real server and the scheduler does not run (ip_vs_sched_persist). New connection entry: ${connText(c)}.`,
  });
  return c;
}

/** `text` as a sentence ending in a full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The fields every IPVS step shares: where it is and the packet as IPVS left it. */
function ipvsStep(netns: string, hook: HookName, ps: PathState, io: HookIO, iface: string | undefined) {
  return { netns, interface: iface, stage: 'ipvs' as const, hook, pkt: ps.pkt, iif: io.in, oif: io.out };
}
