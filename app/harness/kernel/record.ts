/**
 * Turns what the kernel harness recorded inside each network namespace (trace events of
 * `nftrace.ts`/`xtmonitor.ts`, frames of `tcpdump.ts`) into a {@link KernelRecording} (the format
 * of `../shared/golden/*.kernel.json`): every packet classified by its role in the probe's flow
 * (request, reply, the error sent back about the request, VXLAN encap), retransmissions left out.
 *
 * Everything here is pure, so it is unit-tested on sample outputs without root.
 */
import type { KernelTraceRow, KernelWireRow } from '../compare';
import type { WireFrame } from './tcpdump';
import type { XtEvent, XtPacket } from './xtmonitor';

/** What identifies the probe's packets: its protocol, client port and the VXLAN ports in use. */
export interface FlowKey {
  readonly proto: 'tcp' | 'udp' | 'icmp';
  /** The client's source port (TCP/UDP). */
  readonly sport?: number;
  /** UDP destination ports of VXLAN devices: such packets are the `encap` role. */
  readonly vxlanPorts: readonly number[];
  /** ICMP: IPv4 total length of the echo request (84 for `ping` defaults). */
  readonly icmpLen?: number;
  /** ICMP: IP identification values of the echo request (see {@link icmpRequestIds}). */
  readonly icmpRequestIds?: ReadonlySet<number>;
  /**
   * IP identification of the probe's first request (see {@link firstRequestIds}): an ICMP error
   * quoting it is the `error` role (the quoted IP id survives NAT). Without it, an error quoting
   * any packet of the flow's protocol from the client's port is.
   */
  readonly requestIds?: ReadonlySet<number>;
}

/** A packet's role in the probe's flow (see {@link roleOfXtPacket}). */
export type Role = 'request' | 'reply' | 'error' | 'encap';

/** ICMP error types (RFC 792): destination unreachable, source quench, time exceeded, parameter problem. */
const ICMP_ERRORS = new Set([3, 4, 11, 12]);
const PROTO_NUMBER: Record<FlowKey['proto'], number> = { icmp: 1, tcp: 6, udp: 17 };

/**
 * The harness's readiness markers (an ICMP echo of this IPv4 total length to 127.0.0.1, sent until
 * xtables-monitor shows it) are never classified. `ping -s 20`: 20 + 8 + 20 = 48 bytes.
 */
export const MARKER_LEN = 48;

function isMarker(dst: string | undefined, len: number | undefined, hasPorts: boolean): boolean {
  return !hasPorts && dst === '127.0.0.1' && len === MARKER_LEN;
}

/**
 * The role of a packet seen by a netfilter hook: `request` (the probe's first packet), `reply`
 * (the first answer), `error` (what the kernel sent back about the request: an ICMP error quoting
 * it, RFC 792 / net/ipv4/icmp.c, or a TCP RST to the client's port, net/ipv4/tcp_ipv4.c
 * tcp_v4_send_reset and nf_reject_ipv4.c), `encap` (a VXLAN outer packet), or null for anything
 * else (ACKs, FINs, other ICMP errors, IGMP, ARP, the harness's markers).
 */
export function roleOfXtPacket(p: XtPacket, key: FlowKey): Role | null {
  const hasPorts = p.sport !== undefined && p.dport !== undefined;
  if (isMarker(p.dst, p.len, hasPorts)) return null;
  if (hasPorts && !p.tcpFlags.length && key.vxlanPorts.includes(p.dport!)) return 'encap';
  if (p.icmpType !== undefined && ICMP_ERRORS.has(p.icmpType)) {
    if (!p.quoted || p.quoted.proto !== PROTO_NUMBER[key.proto]) return null;
    // Known ids but none (no request left the client): no error is about the flow; the harness's
    // own marker pings can draw errors (an OUTPUT REJECT of ICMP).
    if (key.requestIds) return key.requestIds.has(p.quoted.id) ? 'error' : null;
    return 'error';
  }
  if (key.proto === 'tcp') {
    if (hasPorts && p.tcpFlags.includes('RST') && !p.tcpFlags.includes('SYN')) return p.dport === key.sport ? 'error' : null;
    if (!hasPorts || !p.tcpFlags.includes('SYN') || p.tcpFlags.includes('RST')) return null;
    return p.tcpFlags.includes('ACK') ? 'reply' : 'request';
  }
  if (key.proto === 'udp') {
    if (!hasPorts || p.tcpFlags.length) return null;
    if (p.sport === key.sport) return 'request';
    if (p.dport === key.sport) return 'reply';
    return null;
  }
  if (hasPorts || (key.icmpLen !== undefined && p.len !== key.icmpLen)) return null;
  if (p.icmpType !== undefined && p.icmpType !== 0 && p.icmpType !== 8) return null;
  if (!key.icmpRequestIds) return null;
  // The ICMP type tells an echo reply from the request when the trace shows it (nft trace does):
  // the reply's IP id can equal the request's (seen once in 300 generated worlds under load).
  if (p.icmpType === 0) return 'reply';
  if (p.icmpType === 8) return key.icmpRequestIds.has(p.id) ? 'request' : null;
  return key.icmpRequestIds.has(p.id) ? 'request' : 'reply';
}

/**
 * The IP ids of an ICMP probe's echo request: xtables-monitor prints no ICMP type, so the request
 * is recognised by the id of the first echo-sized packet the client netns sent (raw OUTPUT).
 */
export function icmpRequestIds(fromNsEvents: readonly XtEvent[], icmpLen: number): Set<number> {
  const ids = new Set<number>();
  const first = fromNsEvents.find((e) => e.chain === 'OUTPUT' && e.packet && e.packet.sport === undefined && e.packet.len === icmpLen && (e.packet.icmpType ?? 8) === 8);
  if (first?.packet) ids.add(first.packet.id);
  return ids;
}

/** A kernel trace row with the devices the hook saw (as in the golden recordings). */
export interface RecordedTraceRow extends KernelTraceRow {
  readonly in: string | null;
  readonly out: string | null;
}

/**
 * The IP identification of the probe's first request packet: the first request the client netns
 * sent. Retransmissions (a TCP SYN sent again after 1 s) carry other ids, so rows of later request
 * packets can be told apart from the first one.
 */
export function firstRequestIds(fromNsEvents: readonly XtEvent[], key: FlowKey): Set<number> {
  const first = fromNsEvents.find((e) => e.packet && e.chain === 'OUTPUT' && roleOfXtPacket(e.packet, key) === 'request');
  return new Set(first?.packet ? [first.packet.id] : []);
}

/**
 * The recording's netfilter rows of one netns: classified events, without the harness's own
 * TRACE rules; implicit returns from user chains are rows of kind `return` (the golden
 * recordings, made with xtables-monitor, have none).
 * @param ruleText maps the kernel's rule text to the scenario's text (see `netns.ts`), when known.
 * @param requestIds when given, request rows of other packets (retransmissions) are left out.
 * @param replyWindowMs when given (and events carry times), reply rows later than this after the
 *   netns's first reply row are left out: they belong to retransmitted replies.
 */
export function traceRows(
  ns: string,
  events: readonly XtEvent[],
  key: FlowKey,
  ruleText?: (kernelText: string) => string | undefined,
  requestIds?: ReadonlySet<number>,
  replyWindowMs?: number,
): RecordedTraceRow[] {
  const rows: RecordedTraceRow[] = [];
  let firstReply: number | undefined;
  for (const e of events) {
    if (!e.packet) continue;
    if (e.rule && /(^| )-j TRACE$/.test(e.rule)) continue;
    const role = roleOfXtPacket(e.packet, key);
    if (!role) continue;
    if (role === 'request' && requestIds?.size && !requestIds.has(e.packet.id)) continue;
    if (role === 'error' && requestIds?.size && e.packet.quoted && !requestIds.has(e.packet.quoted.id)) continue;
    if (role === 'reply' && replyWindowMs !== undefined && e.t !== undefined) {
      // A reply sent again (a SYN-ACK retransmitted after 1 s) comes long after the first one.
      firstReply ??= e.t;
      if (e.t - firstReply > replyWindowMs) continue;
    }
    let rule = e.rule;
    if (rule && ruleText) {
      const mapped = ruleText(rule);
      if (mapped !== undefined) rule = `-t ${e.table} ${mapped}`;
    }
    rows.push({ ns, role, table: e.table, chain: e.chain, kind: e.kind, verdict: e.verdict, rule, in: e.packet.in ?? null, out: e.packet.out ?? null });
  }
  const same = (a: RecordedTraceRow, b: RecordedTraceRow) => a.table === b.table && a.chain === b.chain && a.verdict === b.verdict && a.rule === b.rule && a.in === b.in && a.out === b.out;
  const byRole = (role: string) => rows.filter((r) => r.role === role);
  const keep = new Set([...dropRepeatedWalks(byRole('request'), same), ...dropRepeatedWalks(byRole('reply'), same), ...dropRepeatedWalks(byRole('error'), same), ...byRole('encap')]);
  return rows.filter((r) => keep.has(r));
}

/**
 * Cuts a netns's rows of one role down to the first packet's walk when the rest only repeats it
 * (a TCP SYN-ACK sent again after 1 s, the SYN sent again): the rows are the first `p` rows over
 * and over, for the smallest such `p`, which must start where the first walk starts.
 */
export function dropRepeatedWalks<T>(rows: readonly T[], same: (a: T, b: T) => boolean): T[] {
  for (let p = 1; p < rows.length; p++) {
    if (!same(rows[p], rows[0])) continue;
    if (rows.every((r, i) => same(r, rows[i % p]))) return rows.slice(0, p);
  }
  return [...rows];
}

/**
 * The role of a captured frame, by the inner packet (VXLAN frames keep the inner packet's role); an
 * ICMP error is `error` when the header it quotes is the flow's request (by IP id when known, else
 * by protocol and the client's port or echo request), a RST to the client's port too.
 */
export function roleOfFrame(f: WireFrame, key: FlowKey): Exclude<Role, 'encap'> | null {
  if (f.proto === 'arp' || !f.ipSrc) return null;
  if (isMarker(f.ipDst, f.len, f.sport !== undefined)) return null;
  if (f.proto === 'icmp' && f.icmpType !== undefined && ICMP_ERRORS.has(f.icmpType)) {
    const q = f.quoted;
    if (!q || q.proto !== key.proto) return null;
    if (key.requestIds) return key.requestIds.has(q.id) ? 'error' : null;
    return (key.proto === 'icmp' ? q.icmp === 'echo request' : q.sport === key.sport) ? 'error' : null;
  }
  if (key.proto === 'tcp') {
    if (f.proto === 'tcp' && f.flags?.includes('R') && !f.flags.includes('S')) return f.dport === key.sport ? 'error' : null;
    if (f.proto !== 'tcp' || !f.flags || !f.flags.includes('S') || f.flags.includes('R')) return null;
    return f.flags.includes('.') ? 'reply' : 'request';
  }
  if (key.proto === 'udp') {
    if (f.proto !== 'udp') return null;
    if (f.sport === key.sport) return 'request';
    if (f.dport === key.sport) return 'reply';
    return null;
  }
  if (f.proto !== 'icmp') return null;
  if (f.icmp === 'echo request') return 'request';
  if (f.icmp === 'echo reply') return 'reply';
  return null;
}

/** A wire row of the recording (KernelWireRow plus what the golden files also keep). */
export interface RecordedWireRow extends KernelWireRow {
  readonly t: number;
  readonly flags?: string;
  readonly icmp?: string;
  readonly op?: string;
  readonly senderIP?: string;
  readonly targetIP?: string;
  readonly encap?: boolean;
}

/** Turns the frames captured on one interface into wire rows (ARP frames included, without role). */
export function wireRows(ns: string, iface: string, frames: readonly WireFrame[], key: FlowKey): RecordedWireRow[] {
  return frames.map((f): RecordedWireRow => {
    if (f.proto === 'arp') return { ns, iface, t: f.t, proto: 'arp', ethSrc: f.ethSrc, ethDst: f.ethDst, op: f.arp?.op, senderIP: f.arp?.senderIP, targetIP: f.arp?.targetIP };
    const role = roleOfFrame(f, key) ?? undefined;
    return {
      ns,
      iface,
      t: f.t,
      role,
      proto: f.proto,
      ethSrc: f.ethSrc,
      ethDst: f.ethDst,
      ipSrc: f.ipSrc,
      ipDst: f.ipDst,
      ttl: f.ttl,
      sport: f.sport ?? null,
      dport: f.dport ?? null,
      flags: f.flags,
      icmp: f.icmp,
      icmpType: f.icmpType,
      icmpCode: f.icmpCode,
      quoted: f.quoted ? { ipSrc: f.quoted.ipSrc, ipDst: f.quoted.ipDst, sport: f.quoted.sport ?? null, dport: f.quoted.dport ?? null } : undefined,
      encap: f.outer ? true : undefined,
      outer: f.outer ? { ipSrc: f.outer.ipSrc, ipDst: f.outer.ipDst, udpDport: f.outer.udpDport, vni: f.outer.vni, ttl: f.outer.ttl } : undefined,
    };
  });
}

/**
 * Keeps only the first request, reply and error on each interface (plus their VXLAN copies), as
 * the golden recordings do: retransmissions and later packets of the connection are dropped.
 */
export function firstOfEachRole(rows: readonly RecordedWireRow[]): RecordedWireRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (!r.role) return true;
    const k = `${r.ns}/${r.iface}/${r.role}/${r.outer ? 'outer' : 'inner'}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Lines of `conntrack -L` (the summary line conntrack prints on stderr is not part of it). */
export function parseConntrack(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('conntrack v'));
}
