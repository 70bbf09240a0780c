/**
 * IPVS connection entries and what VS/NAT does to packets: `struct ip_vs_conn` (include/net/ip_vs.h;
 * created by ip_vs_conn_new from ip_vs_schedule, ip_vs_core.c), the request's destination rewrite
 * (ip_vs_nat_xmit, ip_vs_xmit.c: `daddr = cp->daddr`, the protocol's dnat_handler sets the port)
 * and the reply's source rewrite (handle_response, ip_vs_core.c: `saddr = cp->vaddr`,
 * snat_handler sets the port), persistence templates (ip_vs_sched_persist) and the conntrack
 * reply-tuple update of `net.ipv4.vs.conntrack=1` (ip_vs_update_conntrack, ip_vs_nfct.c).
 */
import type { IpvsPacket } from './service';
import type { IpvsDest, IpvsForward, IpvsProtocol, IpvsService } from './types';

/** One connection entry, as `ipvsadm -Lcn` lists it (pro, source, virtual, destination). */
export interface IpvsConn {
  readonly protocol: IpvsProtocol;
  readonly caddr: string;
  readonly cport: number;
  readonly vaddr: string;
  readonly vport: number;
  readonly daddr: string;
  readonly dport: number;
  readonly forward: IpvsForward;
  /** IP_VS_CONN_F_NFCT: created while net.ipv4.vs.conntrack was 1 (ip_vs_conn_new). */
  readonly nfct: boolean;
}

/**
 * The entry ip_vs_schedule creates for `pkt` scheduled to `dest`: client = source, virtual =
 * destination, real server port = `dest->port` or, when 0, the packet's (ip_vs_conn_new call).
 */
export function newConn(pkt: IpvsPacket & { proto: IpvsProtocol }, dest: IpvsDest, conntrackSysctl: boolean): IpvsConn {
  return {
    protocol: pkt.proto,
    caddr: pkt.src,
    cport: pkt.sport ?? 0,
    vaddr: pkt.dst,
    vport: pkt.dport ?? 0,
    daddr: dest.addr,
    dport: dest.port || (pkt.dport ?? 0),
    forward: dest.forward,
    nfct: conntrackSysctl,
  };
}

/** The connection entry a packet belongs to in the request direction (ip_vs_conn_in_get: client → virtual). */
export function connIn(conns: readonly IpvsConn[], pkt: IpvsPacket): IpvsConn | undefined {
  return conns.find((c) => c.protocol === pkt.proto && c.caddr === pkt.src && c.cport === (pkt.sport ?? 0) && c.vaddr === pkt.dst && c.vport === (pkt.dport ?? 0));
}

/** The entry a reply belongs to (ip_vs_conn_out_get: real server → client). */
export function connOut(conns: readonly IpvsConn[], pkt: IpvsPacket): IpvsConn | undefined {
  return conns.find((c) => c.protocol === pkt.proto && c.daddr === pkt.src && c.dport === (pkt.sport ?? 0) && c.caddr === pkt.dst && c.cport === (pkt.dport ?? 0));
}

/** A header rewrite: the fields after it. */
export interface NatRewrite {
  readonly src: string;
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
}

/** VS/NAT's request rewrite (ip_vs_nat_xmit + tcp/udp/sctp_dnat_handler): destination → real server. */
export function natRequest(c: IpvsConn): NatRewrite {
  return { src: c.caddr, sport: c.cport, dst: c.daddr, dport: c.dport };
}

/** VS/NAT's reply rewrite (handle_response + *_snat_handler): source → virtual address and port. */
export function natReply(c: IpvsConn): NatRewrite {
  return { src: c.vaddr, sport: c.vport, dst: c.caddr, dport: c.cport };
}

/**
 * ip_vs_update_conntrack(skb, cp, outin=1), called by ip_vs_nat_send_or_cont right after the DNAT
 * when the entry has IP_VS_CONN_F_NFCT: the still unconfirmed conntrack entry of the request
 * (CIP:cport → VIP:vport) gets its expected reply changed to come from the real server
 * (RIP:rport → CIP:cport), via nf_conntrack_alter_reply, so conntrack recognises the reply.
 * Only for VS/NAT, not one-packet entries, original direction, unconfirmed entries.
 * @returns the new reply tuple, or undefined when the kernel leaves conntrack as it is.
 */
export function conntrackReplyTuple(c: IpvsConn, onePacket: boolean): { src: string; sport: number; dst: string; dport: number } | undefined {
  if (!c.nfct || c.forward !== 'masq' || onePacket) return undefined;
  return { src: c.daddr, sport: c.dport, dst: c.caddr, dport: c.cport };
}

/**
 * A persistence template (IP_VS_CONN_F_TEMPLATE) of ip_vs_sched_persist:
 * `<protocol, caddr & netmask, 0, vaddr, vport, daddr, dport>` (fwmark services: `<IPPROTO_IP,
 * caddr & netmask, 0, fwmark, 0, daddr, 0>`), living `-p` seconds.
 */
export interface PersistTemplate {
  readonly key: string;
  readonly daddr: string;
  readonly dport: number;
  /** Seconds it lives after the last connection it controls (svc->timeout). */
  readonly timeout: number;
}

/** The template key for a client of `svc` (the client address masked with `-M`). */
export function persistKey(svc: IpvsService, caddr: string): string | undefined {
  if (!svc.persistent) return undefined;
  const len = svc.persistent.netmaskLen;
  const masked = caddr.split('.').reduce((acc, o) => ((acc << 8) | Number(o)) >>> 0, 0) & (len === 0 ? 0 : (~0 << (32 - len)) >>> 0);
  const net = [24, 16, 8, 0].map((s) => (masked >>> s) & 255).join('.');
  const vs = svc.key.kind === 'fwmark' ? `fwmark ${svc.key.mark}` : `${svc.key.protocol} ${svc.key.addr}:${svc.key.port}`;
  return `${net} → ${vs}`;
}

/**
 * ip_vs_sched_persist's first step: an existing template whose real server is still in the
 * service decides (ip_vs_check_template: the dest is available; a weight of 0 only invalidates it
 * when net.ipv4.vs.expire_quiescent_template is 1, default 0, so a quiesced server keeps its
 * persistent clients); otherwise the scheduler runs and a new template is made.
 * @returns the real server the template pins, or undefined to schedule.
 */
export function templateDest(svc: IpvsService, templates: readonly PersistTemplate[], caddr: string): IpvsDest | undefined {
  const key = persistKey(svc, caddr);
  const t = key === undefined ? undefined : templates.find((x) => x.key === key);
  if (!t) return undefined;
  return svc.dests.find((d) => d.addr === t.daddr && d.port === t.dport);
}

/** `ipvsadm -Lcn`'s line for an entry (pro, state omitted, source, virtual, destination). */
export function connText(c: IpvsConn): string {
  return `${c.protocol.toUpperCase()} ${c.caddr}:${c.cport} ${c.vaddr}:${c.vport} ${c.daddr}:${c.dport}`;
}
