/**
 * Parser for `tcpdump -tt -e -n -v -l` on one interface: every frame with MACs, IPv4 header, ports,
 * TCP flags or ICMP type (an ICMP error with the header it quotes), ARP, and VXLAN outer headers
 * (tcpdump prints port 8472 as OTV, 4789 as VXLAN). Pure text processing, unit-tested without root.
 */

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
  /** ICMP type and code, from tcpdump's message text (see {@link icmpTypeCode}). */
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** For an ICMP error: the header it quotes (tcpdump -v prints it on the following lines). */
  readonly quoted?: QuotedIp;
}

/** The offending packet's header as an ICMP error quotes it. */
export interface QuotedIp {
  readonly ipSrc: string;
  readonly ipDst: string;
  readonly id: number;
  readonly proto: string;
  readonly sport?: number;
  readonly dport?: number;
  /** For a quoted ICMP packet: its message (`echo request`). */
  readonly icmp?: string;
}

/**
 * ICMP type and code from tcpdump's text (print-icmp.c): `echo request` 8/0, `echo reply` 0/0,
 * `net X unreachable` 3/0, `host X unreachable` 3/1, `X protocol N unreachable` 3/2,
 * `X udp port N unreachable` 3/3, `X unreachable - need to frag (mtu N)` 3/4,
 * `net|host X unreachable - admin prohibited` 3/9|10, `X unreachable - admin prohibited filter`
 * 3/13, `time exceeded in-transit` 11/0; undefined for others.
 */
export function icmpTypeCode(text: string): { type: number; code: number } | undefined {
  const table: readonly [RegExp, number, number][] = [
    [/^echo request/, 8, 0],
    [/^echo reply/, 0, 0],
    [/unreachable - admin prohibited filter/, 3, 13],
    [/^net \S+ unreachable - admin prohibited/, 3, 9],
    [/^host \S+ unreachable - admin prohibited/, 3, 10],
    [/unreachable - need to frag/, 3, 4],
    [/unreachable - source route failed/, 3, 5],
    [/^net \S+ unreachable - unknown/, 3, 6],
    [/^host \S+ unreachable - unknown/, 3, 7],
    [/^net \S+ unreachable - tos prohibited/, 3, 11],
    [/^host \S+ unreachable - tos prohibited/, 3, 12],
    [/unreachable - host precedence violation/, 3, 14],
    [/unreachable - precedence cutoff/, 3, 15],
    [/^net \S+ unreachable$/, 3, 0],
    [/^host \S+ unreachable$/, 3, 1],
    [/ protocol \d+ unreachable$/, 3, 2],
    [/ port \S+ unreachable$/, 3, 3],
    [/^time exceeded in-transit/, 11, 0],
    [/^ip reassembly time exceeded/, 11, 1],
  ];
  const hit = table.find(([re]) => re.test(text));
  return hit ? { type: hit[1], code: hit[2] } : undefined;
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
    const icmp = im ? im[1] : payload;
    const tc = icmpTypeCode(icmp);
    return { ...base, sport: undefined, dport: undefined, icmp, icmpType: tc?.type, icmpCode: tc?.code, quoted: tc && tc.type !== 0 && tc.type !== 8 ? parseQuoted(c) : undefined };
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

/** The quoted header of an ICMP error at the cursor (its IPv4 header line, then its ports line). */
function parseQuoted(c: Cursor): QuotedIp | undefined {
  const h = IPHDR_RE.exec(c.lines[c.i] ?? '');
  if (!h) return undefined;
  const l4 = L4_RE.exec(c.lines[c.i + 1] ?? '');
  if (!l4) return undefined;
  c.i += 2;
  const proto = h[6].toLowerCase();
  const icmp = proto === 'icmp' ? /^ICMP (.*?)(?:, id \d+.*|, length \d+.*)?$/.exec(l4[5])?.[1] : undefined;
  return { ipSrc: l4[1], ipDst: l4[3], id: Number(h[3]), proto, sport: l4[2] ? Number(l4[2]) : undefined, dport: l4[4] ? Number(l4[4]) : undefined, icmp };
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
