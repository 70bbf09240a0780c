/**
 * Parser for `xtables-monitor --trace` (iptables-nft 1.8): `PACKET:` lines with the packet as a
 * hook saw it and `TRACE:` lines with each rule or policy verdict. The golden recordings
 * (../shared/golden) were made with it; the harness itself now records with `nftrace.py`
 * (see `nftrace.ts`), which also sees the events xtables-monitor leaves out. Both produce
 * {@link XtEvent}s. Pure text processing, unit-tested without root.
 */
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
  /** IP protocol number (nftrace.ts only: xtables-monitor does not print it). */
  readonly proto?: number;
  /** ICMP type, code and echo id (nftrace.ts only). */
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly icmpId?: number;
  /**
   * For an ICMP error: the first 12 bytes of the IPv4 header it quotes, as far as the kernel's
   * trace shows them (NFT_TRACETYPE_TRANSPORT_HSIZE, 20 bytes after the transport offset): the
   * offending packet's IP id and protocol (nftrace.ts only).
   */
  readonly quoted?: { readonly id: number; readonly proto: number };
}

/** One `TRACE:` line, with the packet of the latest `PACKET:` line of the same trace id. */
export interface XtEvent {
  readonly traceId: string;
  readonly table: string;
  readonly chain: string;
  /**
   * `return` is the end of a user chain reached without a verdict (the kernel's trace event with
   * no rule handle and verdict CONTINUE; only nftrace.ts sees it).
   */
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
