/**
 * Parsers for what the kernel harness records inside each network namespace, and the step that
 * turns those raw outputs into a {@link KernelRecording} (the format of
 * `../shared/golden/*.kernel.json`):
 *
 * - `xtables-monitor --trace` (iptables-nft): `PACKET:` lines with the packet as a hook saw it and
 *   `TRACE:` lines with each rule or policy verdict;
 * - `tcpdump -tt -e -n -v -l` on one interface: every frame with MACs, IPv4 header, ports or ICMP
 *   type, ARP, and VXLAN outer headers (tcpdump prints port 8472 as OTV, 4789 as VXLAN).
 *
 * Everything here is pure text processing, so it is unit-tested on sample outputs without root.
 */
import type { KernelTraceRow, KernelWireRow } from '../compare';

/** A packet as xtables-monitor prints it on a `PACKET:` line (the headers at that hook). */
export interface XtPacket {
  readonly in?: string;
  readonly out?: string;
  readonly physIn?: string;
  readonly physOut?: string;
  readonly macSrc?: string;
  readonly macDst?: string;
  readonly src: string;
  readonly dst: string;
  readonly len: number;
  readonly ttl: number;
  /** IPv4 identification field. */
  readonly id: number;
  readonly df: boolean;
  readonly sport?: number;
  readonly dport?: number;
  /** TCP flags as xtables-monitor names them (`SYN`, `ACK`, `FIN`, `RST`, `PSH`, `URG`). */
  readonly tcpFlags: readonly string[];
  readonly mark?: number;
}

/** One `TRACE:` line, with the packet of the latest `PACKET:` line of the same trace id. */
export interface XtEvent {
  readonly traceId: string;
  readonly table: string;
  readonly chain: string;
  /** `return` is the end of a user chain reached without a verdict. */
  readonly kind: 'rule' | 'policy' | 'return';
  /** `ACCEPT`, `DROP`, `CONTINUE`, `RETURN`, `JUMP:<chain>`, `GOTO:<chain>`… */
  readonly verdict: string;
  /** The rule as `-t <table> -A <chain> …` (the `-4 ` family prefix removed); null for policies. */
  readonly rule: string | null;
  readonly packet: XtPacket | null;
  /** When the line arrived (ms), if the output was read with arrival times. */
  readonly t?: number;
}

/** Expands a MAC printed without leading zeros (`a:0:0:0:0:1`) to `0a:00:00:00:00:01`. */
export function normMac(m: string): string {
  return m
    .toLowerCase()
    .split(':')
    .map((b) => b.padStart(2, '0'))
    .join(':');
}

const TCP_FLAG_WORDS = new Set(['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR']);

/** Parses the part of a `PACKET:` line after the trace id. Returns null when it has no IPv4 header. */
export function parseXtPacket(body: string): XtPacket | null {
  const kv = new Map<string, string>();
  const words = new Set<string>();
  for (const tok of body.trim().split(/\s+/)) {
    const eq = tok.indexOf('=');
    if (eq > 0) kv.set(tok.slice(0, eq), tok.slice(eq + 1));
    else if (tok) words.add(tok);
  }
  const src = kv.get('SRC');
  const dst = kv.get('DST');
  if (!src || !dst) return null;
  const num = (k: string) => (kv.has(k) ? Number(kv.get(k)) : undefined);
  const mark = kv.get('MARK');
  return {
    in: kv.get('IN') || undefined,
    out: kv.get('OUT') || undefined,
    physIn: kv.get('PHYSIN') || undefined,
    physOut: kv.get('PHYSOUT') || undefined,
    macSrc: kv.has('MACSRC') ? normMac(kv.get('MACSRC')!) : undefined,
    macDst: kv.has('MACDST') ? normMac(kv.get('MACDST')!) : undefined,
    src,
    dst,
    len: num('LEN') ?? 0,
    ttl: num('TTL') ?? 0,
    id: num('ID') ?? 0,
    df: words.has('DF'),
    sport: num('SPORT'),
    dport: num('DPORT'),
    tcpFlags: [...words].filter((w) => TCP_FLAG_WORDS.has(w)),
    mark: mark ? Number(mark) : undefined,
  };
}

/** nf_tables verdict codes some xtables-monitor versions print as numbers (`0xfffffffb`). */
const VERDICT_CODES: Record<number, string> = {
  0: 'DROP',
  1: 'ACCEPT',
  2: 'STOLEN',
  3: 'QUEUE',
  4: 'REPEAT',
  [-1 >>> 0]: 'CONTINUE',
  [-2 >>> 0]: 'BREAK',
  [-3 >>> 0]: 'JUMP',
  [-4 >>> 0]: 'GOTO',
  [-5 >>> 0]: 'RETURN',
};

/** A verdict as a name: `0xfffffffb` → `RETURN`; names pass through. */
export function verdictName(v: string): string {
  if (!/^0x[0-9a-f]+$/i.test(v)) return v;
  return VERDICT_CODES[Number(v)] ?? v;
}

/**
 * Parses the body of a `TRACE:` line after the trace id, e.g.
 * `nat:DOCKER:rule:0x5:JUMP:DOCKER-USER  -4 -t nat -A …` or `raw:PREROUTING:policy:ACCEPT`.
 */
export function parseXtTrace(body: string): Omit<XtEvent, 'traceId' | 'packet'> | null {
  const s = body.trim();
  const colon = s.indexOf(':');
  if (colon < 0) return null;
  const table = s.slice(0, colon);
  const rest = s.slice(colon + 1);
  const m = /^(.+?):(rule|policy|return):(.*)$/.exec(rest);
  if (!m) return null;
  const [, chain, type, tail] = m;
  if (type === 'rule') {
    const r = /^0x[0-9a-f]+:(\S+)(?:\s+(.*))?$/.exec(tail);
    if (!r) return null;
    const text = (r[2] ?? '').replace(/^-[46] /, '').trim();
    return { table, chain, kind: 'rule', verdict: verdictName(r[1]), rule: text || null };
  }
  if (type === 'policy') return { table, chain, kind: 'policy', verdict: verdictName(tail.trim().split(/\s+/)[0] ?? ''), rule: null };
  return { table, chain, kind: 'return', verdict: verdictName(tail.trim().split(/\s+/)[0] || 'RETURN'), rule: null };
}

/**
 * Parses the whole output of `xtables-monitor --trace` into verdict events, in order: the text, or
 * its lines with arrival times (then every event carries its time).
 */
export function parseXtablesMonitor(input: string | readonly { readonly t: number; readonly line: string }[]): XtEvent[] {
  const out: XtEvent[] = [];
  const last = new Map<string, XtPacket | null>();
  const lines = typeof input === 'string' ? input.split('\n').map((line) => ({ t: undefined as number | undefined, line })) : input;
  for (const { t: time, line } of lines) {
    const p = /^\s*PACKET: \d+ ([0-9a-f]+) (.*)$/.exec(line);
    if (p) {
      last.set(p[1], parseXtPacket(p[2]));
      continue;
    }
    const t = /^\s*TRACE: \d+ ([0-9a-f]+) (.*)$/.exec(line);
    if (!t) continue;
    const ev = parseXtTrace(t[2]);
    if (ev) out.push({ ...ev, traceId: t[1], packet: last.get(t[1]) ?? null, ...(time !== undefined ? { t: time } : {}) });
  }
  return out;
}

/** An IPv4 header plus transport fields, as tcpdump printed them. */
export interface WireIp {
  readonly ethSrc?: string;
  readonly ethDst?: string;
  readonly ipSrc: string;
  readonly ipDst: string;
  readonly ttl: number;
  readonly ipId: number;
  readonly df: boolean;
  readonly proto: string;
  readonly len: number;
  readonly sport?: number;
  readonly dport?: number;
  /** TCP flags as tcpdump prints them: `S`, `S.`, `.`, `F.`, `R.`… */
  readonly flags?: string;
  /** ICMP message as tcpdump names it: `echo request`, `echo reply`, `udp port 53 unreachable`… */
  readonly icmp?: string;
}

/** One frame captured on an interface. Inner fields for VXLAN frames, with the outer header apart. */
export interface WireFrame extends Partial<WireIp> {
  /** Capture time (seconds, as `tcpdump -tt` prints it). */
  readonly t: number;
  readonly ethSrc?: string;
  readonly ethDst?: string;
  /** `arp`, `tcp`, `udp`, `icmp`, `igmp`, or the ethertype/protocol name for others. */
  readonly proto: string;
  readonly arp?: { readonly op: 'request' | 'reply'; readonly senderIP: string; readonly targetIP: string; readonly senderMac?: string };
  readonly outer?: {
    readonly ethSrc?: string;
    readonly ethDst?: string;
    readonly ipSrc: string;
    readonly ipDst: string;
    readonly ttl: number;
    readonly udpSport: number;
    readonly udpDport: number;
    readonly vni: number;
  };
}

const MAC = '[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}';
const ETH_RE = new RegExp(`^(${MAC}) > (${MAC}|Broadcast), ethertype (\\S+) \\(0x([0-9a-f]{4})\\), length (\\d+): ?(.*)$`);
const IPHDR_RE = /\(tos (\S+), ttl (\d+), id (\d+), offset (\d+), flags \[([^\]]*)\], proto (\S+) \((\d+)\), length (\d+)/;
const L4_RE = /^\s*(\d+\.\d+\.\d+\.\d+)(?:\.(\d+))? > (\d+\.\d+\.\d+\.\d+)(?:\.(\d+))?: ?(.*)$/;
const TIME_RE = /^(\d+\.\d+|\d\d:\d\d:\d\d\.\d+) (.*)$/;

function timeOf(s: string): number {
  if (/^\d+\.\d+$/.test(s)) return Number(s);
  const [h, m, sec] = s.split(':');
  return Number(h) * 3600 + Number(m) * 60 + Number(sec);
}

/** Splits tcpdump text into records: a timestamped line and its continuation lines. */
function records(text: string): { t: number; lines: string[] }[] {
  const out: { t: number; lines: string[] }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) continue;
    const m = TIME_RE.exec(line);
    if (m && ETH_RE.test(m[2])) out.push({ t: timeOf(m[1]), lines: [m[2]] });
    else if (out.length) out[out.length - 1].lines.push(line);
  }
  return out;
}

interface Cursor {
  lines: string[];
  i: number;
}

/** Parses an Ethernet frame starting at the cursor; the cursor moves past what it used. */
function parseEthFrame(c: Cursor): Omit<WireFrame, 't'> | null {
  const m = ETH_RE.exec(c.lines[c.i] ?? '');
  if (!m) return null;
  c.i++;
  const ethSrc = m[1].toLowerCase();
  const ethDst = m[2] === 'Broadcast' ? 'ff:ff:ff:ff:ff:ff' : m[2].toLowerCase();
  const ethertype = m[4];
  const rest = m[6];
  if (ethertype === '0806') {
    const req = /Request who-has (\S+) (?:\(\S+\) )?tell (\S+?),/.exec(rest);
    if (req) return { ethSrc, ethDst, proto: 'arp', arp: { op: 'request', targetIP: req[1], senderIP: req[2] } };
    const rep = /Reply (\S+) is-at (\S+?),/.exec(rest);
    if (rep) return { ethSrc, ethDst, proto: 'arp', arp: { op: 'reply', senderIP: rep[1], targetIP: '', senderMac: rep[2].toLowerCase() } };
    return { ethSrc, ethDst, proto: 'arp' };
  }
  if (ethertype !== '0800') return { ethSrc, ethDst, proto: m[3].toLowerCase() };
  // The IPv4 header may continue on the next line when it is long (IP options).
  let hdr = rest;
  while (!IPHDR_RE.test(hdr) && c.i < c.lines.length && !L4_RE.test(c.lines[c.i]) && !ETH_RE.test(c.lines[c.i])) hdr += ` ${c.lines[c.i++].trim()}`;
  const h = IPHDR_RE.exec(hdr);
  if (!h) return { ethSrc, ethDst, proto: 'ip' };
  const ip = { ttl: Number(h[2]), ipId: Number(h[3]), df: /DF/.test(h[5]), proto: h[6].toLowerCase(), len: Number(h[8]) };
  const l4 = L4_RE.exec(c.lines[c.i] ?? '');
  if (!l4) return { ethSrc, ethDst, ipSrc: '', ipDst: '', ...ip };
  c.i++;
  const base = { ethSrc, ethDst, ipSrc: l4[1], ipDst: l4[3], ...ip, sport: l4[2] ? Number(l4[2]) : undefined, dport: l4[4] ? Number(l4[4]) : undefined };
  const payload = l4[5];
  if (ip.proto === 'tcp') {
    const f = /Flags \[([^\]]*)\]/.exec(payload);
    return { ...base, flags: f ? f[1] : undefined };
  }
  if (ip.proto === 'icmp') {
    const im = /^ICMP (.*?)(?:, id \d+.*|, length \d+.*)?$/.exec(payload);
    return { ...base, sport: undefined, dport: undefined, icmp: im ? im[1] : payload };
  }
  if (ip.proto === 'udp') {
    const vx = /^(?:OTV, flags \[[^\]]*\] \(0x[0-9a-f]+\), overlay \d+, instance (\d+)|VXLAN, flags \[[^\]]*\] \(0x[0-9a-f]+\), vni (\d+))/.exec(payload);
    if (vx) {
      const inner = parseEthFrame(c);
      const outer = {
        ethSrc,
        ethDst,
        ipSrc: base.ipSrc,
        ipDst: base.ipDst,
        ttl: ip.ttl,
        udpSport: base.sport ?? 0,
        udpDport: base.dport ?? 0,
        vni: Number(vx[1] ?? vx[2]),
      };
      if (inner) return { ...inner, outer };
      return { proto: 'udp', outer };
    }
  }
  return base;
}

/** Parses the output of `tcpdump -tt -e -n -v` (any number of frames) on one interface. */
export function parseTcpdump(text: string): WireFrame[] {
  const out: WireFrame[] = [];
  for (const r of records(text)) {
    const c: Cursor = { lines: r.lines, i: 0 };
    const f = parseEthFrame(c);
    if (f) out.push({ t: r.t, ...f });
  }
  return out;
}

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
}

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
 * (the first answer), `encap` (a VXLAN outer packet), or null for anything else (ACKs, FINs, ICMP
 * errors, IGMP, ARP, the harness's markers).
 */
export function roleOfXtPacket(p: XtPacket, key: FlowKey): 'request' | 'reply' | 'encap' | null {
  const hasPorts = p.sport !== undefined && p.dport !== undefined;
  if (isMarker(p.dst, p.len, hasPorts)) return null;
  if (hasPorts && !p.tcpFlags.length && key.vxlanPorts.includes(p.dport!)) return 'encap';
  if (key.proto === 'tcp') {
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
  if (key.icmpRequestIds?.has(p.id)) return 'request';
  return key.icmpRequestIds ? 'reply' : null;
}

/**
 * The IP ids of an ICMP probe's echo request: xtables-monitor prints no ICMP type, so the request
 * is recognised by the id of the first echo-sized packet the client netns sent (raw OUTPUT).
 */
export function icmpRequestIds(fromNsEvents: readonly XtEvent[], icmpLen: number): Set<number> {
  const ids = new Set<number>();
  const first = fromNsEvents.find((e) => e.chain === 'OUTPUT' && e.packet && e.packet.sport === undefined && e.packet.len === icmpLen);
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
 * TRACE rules and without implicit returns (the golden recordings leave those out too).
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
    if (e.kind === 'return' || !e.packet) continue;
    if (e.rule && /(^| )-j TRACE$/.test(e.rule)) continue;
    const role = roleOfXtPacket(e.packet, key);
    if (!role) continue;
    if (role === 'request' && requestIds?.size && !requestIds.has(e.packet.id)) continue;
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
  const keep = new Set([...dropRepeatedWalks(byRole('request'), same), ...dropRepeatedWalks(byRole('reply'), same), ...byRole('encap')]);
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

/** The role of a captured frame, by the inner packet (VXLAN frames keep the inner packet's role). */
export function roleOfFrame(f: WireFrame, key: FlowKey): 'request' | 'reply' | null {
  if (f.proto === 'arp' || !f.ipSrc) return null;
  if (isMarker(f.ipDst, f.len, f.sport !== undefined)) return null;
  if (key.proto === 'tcp') {
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
    if (f.proto === 'arp')
      return { ns, iface, t: f.t, proto: 'arp', ethSrc: f.ethSrc, ethDst: f.ethDst, op: f.arp?.op, senderIP: f.arp?.senderIP, targetIP: f.arp?.targetIP };
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
      encap: f.outer ? true : undefined,
      outer: f.outer ? { ipSrc: f.outer.ipSrc, ipDst: f.outer.ipDst, udpDport: f.outer.udpDport, vni: f.outer.vni, ttl: f.outer.ttl } : undefined,
    };
  });
}

/**
 * Keeps only the first request and the first reply on each interface (plus their VXLAN copies), as
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
