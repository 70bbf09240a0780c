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
