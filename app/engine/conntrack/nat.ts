/**
 * Applying NAT bindings to packets (net/netfilter/nf_nat_core.c `nf_nat_packet`): the DST manip runs
 * at PREROUTING/OUTPUT, the SRC manip at POSTROUTING/INPUT. In the ORIGINAL direction a manip
 * rewrites towards the REPLY tuple (DNAT, SNAT); in the REPLY direction it undoes the other side
 * (un-SNAT at PREROUTING restores the client as destination, un-DNAT at POSTROUTING restores the
 * service address as source).
 */
import { hasPorts as portsOf, type Pkt } from '../packet';
import { isDnat, isSnat, type CtEntry, type CtRef } from './conntrack';

/** Which half of NAT a hook performs. */
export type Manip = 'dst' | 'src';

function rewrite(p: Pkt, field: Manip, addr: string, port: number): Pkt {
  const hasPorts = portsOf(p.ip.proto);
  if (field === 'dst') return { ...p, ip: { ...p.ip, dst: addr }, l4: hasPorts ? { ...p.l4, dport: port } : p.l4 };
  return { ...p, ip: { ...p.ip, src: addr }, l4: hasPorts ? { ...p.l4, sport: port } : p.l4 };
}

/**
 * Translates a packet of a connection whose `manip` binding is already decided.
 * @returns the rewritten packet, or the same object when this manip changes nothing.
 */
export function applyBinding(ref: CtRef, p: Pkt, manip: Manip): Pkt {
  const e = ref.entry;
  if (ref.dir === 'original') {
    if (manip === 'dst' && isDnat(e)) return rewrite(p, 'dst', e.reply.src, e.reply.sport);
    if (manip === 'src' && isSnat(e)) return rewrite(p, 'src', e.reply.dst, e.reply.dport);
  } else {
    if (manip === 'dst' && isSnat(e)) return rewrite(p, 'dst', e.orig.src, e.orig.sport);
    if (manip === 'src' && isDnat(e)) return rewrite(p, 'src', e.orig.dst, e.orig.dport);
  }
  return p;
}

/** Records a DNAT binding (`--to-destination addr[:port]`) on a new connection. */
export function bindDnat(e: CtEntry, addr: string, port: number | undefined): void {
  e.reply = { ...e.reply, src: addr, sport: port ?? e.reply.sport };
  e.natInit.dst = true;
}

/** Records an SNAT/MASQUERADE binding (`--to-source addr[:port]`) on a new connection. */
export function bindSnat(e: CtEntry, addr: string, port: number | undefined): void {
  e.reply = { ...e.reply, dst: addr, dport: port ?? e.reply.dport };
  e.natInit.src = true;
}

/**
 * NAT of an ICMP error RELATED to a connection (`nf_nat_icmp_reply_translation`, nf_nat_proto.c):
 * when the connection has the binding this hook undoes for the error's direction, the quoted packet
 * gets the opposite manip from the other direction's tuple ("change inner back to look like the
 * incoming packet") and the outer header is rewritten to look like the reply to it: at the SRC hook
 * the outer source becomes the address the sender originally talked to, whoever generated the error
 * (measured on kernel 6.18: a router's "port unreachable" after a DNAT leaves with the ClusterIP as
 * source and quoting the ClusterIP).
 * @returns the rewritten error, or the same object when this hook changes nothing.
 */
export function applyRelatedIcmp(ref: CtRef, p: Pkt, manip: Manip): Pkt {
  const e = ref.entry;
  const q = p.embedded;
  if (!q) return p;
  const needs = ref.dir === 'original' ? (manip === 'src' ? isSnat(e) : isDnat(e)) : manip === 'src' ? isDnat(e) : isSnat(e);
  if (!needs) return p;
  const other = ref.dir === 'reply' ? e.orig : e.reply;
  if (manip === 'src') {
    const inner = rewrite(q, 'dst', other.dst, other.dport);
    return { ...p, ip: { ...p.ip, src: other.dst }, embedded: inner };
  }
  const inner = rewrite(q, 'src', other.src, other.sport);
  return { ...p, ip: { ...p.ip, dst: other.src }, embedded: inner };
}
