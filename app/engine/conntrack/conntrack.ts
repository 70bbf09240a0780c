/**
 * Connection tracking with NAT bindings, per network namespace (net/netfilter/nf_conntrack_core.c,
 * nf_nat_core.c; linux-packet-path.md §3). An entry has an ORIGINAL and a REPLY tuple; NAT is
 * decided on the first packet (`nf_nat_setup_info`) by rewriting the REPLY tuple, and every later
 * packet in either direction is translated from the entry without walking the nat table.
 */
import { msg, type Message } from '../message';
import type { Pkt } from '../packet';

/** A conntrack tuple: addresses plus ports (TCP/UDP) or the echo id (ICMP). */
export interface Tuple {
  readonly proto: 'tcp' | 'udp' | 'sctp' | 'icmp' | 'ipip';
  readonly src: string;
  readonly dst: string;
  /** Source port, or the ICMP echo id. */
  readonly sport: number;
  /** Destination port, or the ICMP echo id. */
  readonly dport: number;
}

/** One conntrack entry. Mutable: NAT bindings and status are filled in as hooks run. */
export interface CtEntry {
  readonly id: number;
  readonly orig: Tuple;
  /** Reply tuple; a NAT binding rewrites it (DNAT changes its src, SNAT its dst). */
  reply: Tuple;
  /** Which manip types have been decided (nat table walked or identity bound). */
  natInit: { dst: boolean; src: boolean };
  /** True once a packet was seen in the reply direction. */
  seenReply: boolean;
  /** True once inserted into the table (at the last hook, `__nf_conntrack_confirm`). */
  confirmed: boolean;
  /** The connection mark (`ct mark`, CONNMARK), 0 until a rule sets it. */
  mark?: number;
  /**
   * IPVS changed the expected reply to come from its real server (`ip_vs_update_conntrack` →
   * `nf_conntrack_alter_reply`) without setting IPS_DST_NAT: conntrack NAT leaves the reply alone.
   */
  ipvs?: boolean;
}

/** The packet's conntrack reference (`skb->_nfct`): the entry and the packet's direction in it. */
export interface CtRef {
  readonly entry: CtEntry;
  readonly dir: 'original' | 'reply';
  /**
   * The packet is RELATED to the entry rather than part of it: an ICMP error quoting one of the
   * connection's packets (ctinfo IP_CT_RELATED / IP_CT_RELATED_REPLY), or an error packet the
   * kernel attached to the offending packet's entry (`nf_ct_attach`).
   */
  readonly related?: boolean;
}

/** Builds the tuple of a packet layer (the outermost one). */
export function tupleOf(p: Pkt): Tuple {
  if (p.ip.proto === 'icmp') {
    const id = p.l4.icmpId ?? 0;
    return { proto: 'icmp', src: p.ip.src, dst: p.ip.dst, sport: id, dport: id };
  }
  return { proto: p.ip.proto, src: p.ip.src, dst: p.ip.dst, sport: p.l4.sport ?? 0, dport: p.l4.dport ?? 0 };
}

/** The tuple a reply to `t` carries before any NAT (addresses and ports swapped). */
export function invert(t: Tuple): Tuple {
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

function same(a: Tuple, b: Tuple): boolean {
  return a.proto === b.proto && a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;
}

/** A netns's conntrack table. */
export class ConntrackTable {
  private readonly entries: CtEntry[] = [];
  private nextId = 1;

  /**
   * `nf_conntrack_in`: finds the entry a packet belongs to (either direction) or creates a new,
   * unconfirmed one in the ORIGINAL direction.
   */
  lookupOrCreate(p: Pkt): { ref: CtRef; created: boolean } | { invalid: Message } {
    const t = tupleOf(p);
    const ref = this.find(t, false);
    if (ref) return { ref, created: false };
    const why = cannotStart(p);
    if (why) return { invalid: why };
    const entry: CtEntry = { id: this.nextId++, orig: t, reply: invert(t), natInit: { dst: false, src: false }, seenReply: false, confirmed: false };
    this.entries.push(entry);
    return { ref: { entry, dir: 'original' }, created: true };
  }

  /**
   * Finds the connection an ICMP error belongs to (`nf_conntrack_inet_error`): the quoted packet's
   * tuple inverted is the tuple the error travels in. Never creates an entry: an error that matches
   * none has no conntrack (ctstate INVALID).
   * @param quoted the offending packet the error quotes.
   * @returns a RELATED reference in the error's direction, or undefined.
   */
  lookupRelated(quoted: Pkt): CtRef | undefined {
    const ref = this.find(invert(tupleOf(quoted)), true);
    return ref && { ...ref, related: true };
  }

  /**
   * Finds the entry of a packet in either direction without creating one (for error packets such as
   * a TCP RST: conntrack tracks no new connection from an RST, it is INVALID).
   */
  lookup(p: Pkt): CtRef | undefined {
    return this.find(tupleOf(p), true);
  }

  /** The entry with tuple `t` in either direction (only confirmed ones when `confirmedOnly`). */
  private find(t: Tuple, confirmedOnly: boolean): CtRef | undefined {
    for (const e of this.entries) {
      if (confirmedOnly && !e.confirmed) continue;
      if (same(e.orig, t)) return { entry: e, dir: 'original' };
      if (same(e.reply, t)) return { entry: e, dir: 'reply' };
    }
    return undefined;
  }

  /** Removes an unconfirmed entry whose packet was dropped before the last hook. */
  discard(e: CtEntry): void {
    if (e.confirmed) return;
    const i = this.entries.indexOf(e);
    if (i >= 0) this.entries.splice(i, 1);
  }

  /** Entries as `conntrack -L` prints them (without timeouts and TCP state). */
  list(): string[] {
    return this.entries.filter((e) => e.confirmed).map(formatEntry);
  }
}

/**
 * `ctstate` of a packet with this reference (`-m conntrack --ctstate`, xt_conntrack.c): a packet
 * without an entry is INVALID, which is what every packet is in the raw table (it runs before
 * conntrack) — the kernel harness confirmed it. An ICMP error of a known connection is RELATED.
 */
export function ctState(ref: CtRef | undefined): 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' {
  if (!ref) return 'INVALID';
  if (ref.related) return 'RELATED';
  if (ref.dir === 'reply' || ref.entry.seenReply) return 'ESTABLISHED';
  return 'NEW';
}

/**
 * Why a packet that matches no entry cannot start a connection, or undefined when it can. TCP
 * (nf_conntrack_proto_tcp.c `tcp_new`, tcp_conntracks[][][sNO]): only a SYN, or with
 * nf_conntrack_tcp_loose=1 (the default) a bare ACK that picks a connection up; a SYN-ACK, FIN or
 * RST is invalid. ICMP (nf_conntrack_proto_icmp.c `icmp_new`): only a request type (echo,
 * timestamp, info, address mask). SCTP (`sctp_new`): only an INIT. Such a packet gets no entry:
 * ctstate INVALID, and NAT never sees it.
 */
export function cannotStart(p: Pkt): Message | undefined {
  const f = p.l4.flags ?? '';
  if (p.ip.proto === 'tcp') {
    if (f.includes('S') && !f.includes('A')) return undefined;
    if (f.includes('A') && !f.includes('S') && !f.includes('F') && !f.includes('R')) return undefined;
    const flag = f.includes('S') ? 'SYN-ACK' : f.includes('R') ? 'RST' : f.includes('F') ? 'FIN' : undefined;
    return flag ? msg('conntrack.tcpCannotOpen', { flag }) : msg('conntrack.tcpNoSynAckCannotOpen');
  }
  if (p.ip.proto === 'icmp') {
    const t = p.l4.icmpType;
    return t === 8 || t === 13 || t === 15 || t === 17 ? undefined : msg('conntrack.icmpCannotOpen', { type: String(t) });
  }
  if (p.ip.proto === 'sctp') return f === 'INIT' ? undefined : msg('conntrack.sctpCannotOpen');
  return undefined;
}

/** True when the entry has a destination NAT (its reply source differs from the original destination). */
export function isDnat(e: CtEntry): boolean {
  if (e.ipvs) return false;
  return e.reply.src !== e.orig.dst || e.reply.sport !== e.orig.dport;
}

/** True when the entry has a source NAT (its reply destination differs from the original source). */
export function isSnat(e: CtEntry): boolean {
  return e.reply.dst !== e.orig.src || e.reply.dport !== e.orig.sport;
}

/** Formats an entry like `conntrack -L`. */
export function formatEntry(e: CtEntry): string {
  const ports = (t: Tuple) => (t.proto === 'icmp' ? `type=8 code=0 id=${t.sport}` : `sport=${t.sport} dport=${t.dport}`);
  const rports = (t: Tuple) => (t.proto === 'icmp' ? `type=0 code=0 id=${t.sport}` : `sport=${t.sport} dport=${t.dport}`);
  const num = { tcp: 6, udp: 17, sctp: 132, icmp: 1, ipip: 4 }[e.orig.proto];
  return (
    `${e.orig.proto.padEnd(8)} ${num} src=${e.orig.src} dst=${e.orig.dst} ${ports(e.orig)}` +
    `${e.seenReply ? '' : ' [UNREPLIED]'} src=${e.reply.src} dst=${e.reply.dst} ${rports(e.reply)}` +
    `${e.seenReply ? ' [ASSURED]' : ''}`
  );
}
