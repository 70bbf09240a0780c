/**
 * Compares an engine Trace with a recording of what the Linux kernel did on the same topology
 * (the format of `../shared/golden/*.kernel.json`): the netfilter decisions per netns and role
 * (table, chain, verdict, rule text, in kernel TRACE order) and the headers seen on every
 * interface crossed (addresses, ports, TTL, MACs, VXLAN outer header). Returns readable
 * disagreements; an empty list means the engine agrees with the kernel.
 */
import type { PacketView, Trace, TraceStep } from '../engine/trace';

/** A packet's role in a recording: the flow's request, its reply, the error sent back about the request, a VXLAN outer packet. */
export type KernelRole = 'request' | 'reply' | 'error' | 'encap';

/**
 * One netfilter row of a kernel recording (the kernel's nftables trace): a rule's or a policy's
 * verdict, or (`return`, not in the golden recordings) the end of a user chain reached without one.
 */
export interface KernelTraceRow {
  readonly ns: string;
  readonly role: KernelRole;
  readonly table: string;
  readonly chain: string;
  readonly kind: 'rule' | 'policy' | 'return';
  readonly verdict: string;
  readonly rule: string | null;
}

/** One IP frame of a kernel recording (tcpdump on an interface). */
export interface KernelWireRow {
  readonly ns: string;
  readonly iface: string;
  readonly role?: 'request' | 'reply' | 'error';
  readonly proto: string;
  readonly ethSrc?: string;
  readonly ethDst?: string;
  readonly ipSrc?: string;
  readonly ipDst?: string;
  readonly ttl?: number;
  readonly sport?: number | null;
  readonly dport?: number | null;
  readonly outer?: { ipSrc: string; ipDst: string; udpDport?: number; vni?: number; ttl?: number } | null;
  /** ICMP type and code (an error's, or echo 8/0). */
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** For an ICMP error: the header it quotes (after any NAT reversal on the way). */
  readonly quoted?: { ipSrc: string; ipDst: string; sport?: number | null; dport?: number | null };
}

/** The parts of a kernel recording the comparison reads. */
export interface KernelRecording {
  readonly trace: readonly KernelTraceRow[];
  readonly wire: readonly KernelWireRow[];
  /**
   * The interfaces captured (`netns/interface`): where a frame the engine puts on the wire must
   * have been seen. Absent in the golden recordings (then that check is not made).
   */
  readonly captured?: readonly string[];
}

/** Options for mapping a lab onto a scenario. */
export interface CompareOptions {
  /** Namespaces of the lab that the scenario models differently (e.g. the LAN bridge netns `lan`). */
  readonly ignoreNetns?: readonly string[];
  /** Tables per netns that exist only in the lab (e.g. `raw`, added to carry the TRACE rules). */
  readonly labOnlyTables?: (ns: string) => readonly string[];
  /**
   * Whether the recording has the kernel's implicit-return events (default true). The golden
   * recordings were made with xtables-monitor, which does not print them: pass false for those,
   * and the engine's implicit returns are left out of the comparison.
   */
  readonly implicitReturns?: boolean;
}

interface Decision {
  table: string;
  chain: string;
  verdict: string;
  rule: string | null;
}

const fmt = (d: Decision) => `${d.table}:${d.chain} ${d.verdict}${d.rule ? ` ${d.rule}` : d.verdict === 'RETURN' ? ' (end of chain)' : ' (policy)'}`;

/** Strips the `-t table ` prefix xtables-monitor puts before a rule. */
function normRule(r: string | null): string | null {
  return r ? r.replace(/^-t \S+ /, '').trim() : null;
}

/** A step's role: its direction, or `encap` while the packet is inside a tunnel's outer header. */
export function roleOf(s: TraceStep): KernelRole {
  return s.packet.outer.length ? 'encap' : s.direction;
}

/**
 * Whether a step is a netfilter decision the kernel's trace shows: a rule's verdict, a policy, or
 * an implicit return (stage `rule` without a rule, verdict RETURN: the end of a user chain, which
 * nf_tables traces as an event without rule handle; see kernel/nftrace.ts).
 */
export function isDecision(s: TraceStep, implicitReturns = true): boolean {
  if (s.stage === 'policy') return true;
  if (s.stage !== 'rule') return false;
  return s.rule ? true : implicitReturns && s.verdict === 'RETURN';
}

/**
 * Netfilter decisions: for each (netns, role), the kernel's sequence of rule/policy verdicts and
 * implicit returns must equal the engine's.
 */
export function compareNetfilter(trace: Trace, kernel: KernelRecording, opt: CompareOptions = {}): string[] {
  const problems: string[] = [];
  const ignore = new Set(opt.ignoreNetns ?? []);
  const group = new Map<string, { k: Decision[]; e: Decision[] }>();
  const get = (key: string) => {
    let g = group.get(key);
    if (!g) group.set(key, (g = { k: [], e: [] }));
    return g;
  };
  const returns = opt.implicitReturns ?? true;
  for (const r of kernel.trace) {
    if (ignore.has(r.ns)) continue;
    if (r.kind === 'return' && !returns) continue;
    if ((opt.labOnlyTables?.(r.ns) ?? []).includes(r.table)) continue;
    get(`${r.ns} ${r.role}`).k.push({ table: r.table, chain: r.chain, verdict: r.verdict, rule: normRule(r.rule) });
  }
  // Engine decisions, split into walks: one walk per packet (a new walk starts when the packet's
  // direction or outer header changes).
  const walks = new Map<string, Decision[][]>();
  let lastKey = '';
  for (const s of trace.steps) {
    const key = `${s.netns} ${roleOf(s)}`;
    const pktKey = `${key}|${s.direction}|${s.packet.outer.map((o) => `${o.ip.src}>${o.ip.dst}`).join()}`;
    if (s.stage === 'send' || s.stage === 'recv' || s.stage === 'encap' || s.stage === 'decap') lastKey = '';
    if (!isDecision(s, returns)) continue;
    const d = { table: s.table!, chain: s.chain!, verdict: s.verdict!, rule: s.rule ? s.rule.text : null };
    get(key).e.push(d);
    let list = walks.get(key);
    if (!list) walks.set(key, (list = []));
    if (pktKey !== lastKey || !list.length) list.push([]);
    list[list.length - 1].push(d);
    lastKey = pktKey;
  }
  for (const [key, g] of group) {
    if (key.endsWith('encap')) {
      // Outer packets: kernel recordings also hold retransmissions and later packets of the
      // connection, so each engine walk must appear, in order, as a contiguous run of kernel rows.
      let from = 0;
      for (const walk of walks.get(key) ?? []) {
        const at = findRun(g.k, walk, from);
        if (at < 0) {
          problems.push(`${key}: the engine's walk [${walk.map(fmt).join(' ; ')}] is not in the kernel trace (after row ${from + 1})`);
          break;
        }
        from = at + walk.length;
      }
      continue;
    }
    // First packet each way: the engine's decisions must be the kernel's, from the start.
    const n = Math.max(g.e.length, g.k.length);
    for (let i = 0; i < n; i++) {
      const k = g.k[i];
      const e = g.e[i];
      if (!k && e === undefined) break;
      if (!k || !e || fmt(k) !== fmt(e)) {
        if (!e && k && i >= g.e.length && isLaterPacketRow(g.k, i)) break;
        problems.push(`${key} #${i + 1}: kernel ${k ? fmt(k) : '(nothing)'} | engine ${e ? fmt(e) : '(nothing)'}`);
        break;
      }
    }
  }
  return problems;
}

/** Index of the first contiguous run of `walk` in `rows` at or after `from`, or -1. */
function findRun(rows: Decision[], walk: Decision[], from: number): number {
  for (let i = from; i + walk.length <= rows.length; i++) if (walk.every((d, j) => fmt(d) === fmt(rows[i + j]))) return i;
  return -1;
}

/**
 * True when the kernel rows from `i` on belong to later packets of the connection: a new walk
 * starting at a built-in chain (a retransmitted first packet repeats the same decisions).
 */
function isLaterPacketRow(rows: Decision[], i: number): boolean {
  const first = rows.slice(0, i);
  const rest = rows.slice(i);
  return rest.length <= first.length && rest.every((d, j) => fmt(d) === fmt(first[j]));
}

function sameHeaders(w: KernelWireRow, p: PacketView): boolean {
  if (w.ipSrc !== p.ip.src || w.ipDst !== p.ip.dst) return false;
  if (w.ttl !== undefined && w.ttl !== p.ip.ttl) return false;
  if (w.sport != null && w.sport !== p.l4.sport) return false;
  if (w.dport != null && w.dport !== p.l4.dport) return false;
  if (w.ethSrc && p.eth && w.ethSrc !== p.eth.src) return false;
  if (w.ethDst && p.eth && w.ethDst !== p.eth.dst) return false;
  if (w.icmpType !== undefined && p.l4.icmpType !== undefined && (w.icmpType !== p.l4.icmpType || (w.icmpCode !== undefined && w.icmpCode !== p.l4.icmpCode))) return false;
  const q = p.embedded;
  if (w.quoted && q) {
    if (w.quoted.ipSrc !== q.ip.src || w.quoted.ipDst !== q.ip.dst) return false;
    if (w.quoted.sport != null && w.quoted.sport !== q.l4.sport) return false;
    if (w.quoted.dport != null && w.quoted.dport !== q.l4.dport) return false;
  }
  const o = p.outer[0];
  if (w.outer) {
    if (!o || o.ip.src !== w.outer.ipSrc || o.ip.dst !== w.outer.ipDst) return false;
    if (w.outer.ttl !== undefined && o.ip.ttl !== w.outer.ttl) return false;
    if (o.kind === 'vxlan' && ((w.outer.udpDport !== undefined && o.udp.dport !== w.outer.udpDport) || (w.outer.vni !== undefined && o.vni !== w.outer.vni))) return false;
  } else if (o) return false;
  return true;
}

/** Where the engine's steps put frames on the wire, and which steps lacked the marker. */
export interface WireOptions extends CompareOptions {
  /** Called with a (netns/interface, direction) where no step carries a `wire` marker, so the old inference was used. */
  readonly onFallback?: (where: string) => void;
}

/**
 * Wire, interface by interface: every IP frame the kernel captured on an interface of a modelled
 * netns (first request, first reply, first error) must be a step of the engine marked as on the
 * wire of that interface (`wire: 'rx'|'tx'`) with the same headers (an ICMP error's quoted header
 * included); and every interface the engine marks a frame on, where the kernel captured, must have
 * seen a frame of that direction. Where the engine has no `wire` marker on that interface and
 * direction, any step there counts (the inference used before the markers), reported through
 * `onFallback`. The VXLAN outer UDP source port is a kernel hash and is not compared.
 */
export function compareWire(trace: Trace, kernel: KernelRecording, opt: WireOptions = {}): string[] {
  const problems: string[] = [];
  const ignore = new Set(opt.ignoreNetns ?? []);
  const marked = new Set(trace.steps.filter((s) => s.wire).map((s) => `${s.netns}/${s.interface} ${s.direction}`));
  for (const w of kernel.wire) {
    if (w.proto === 'arp' || ignore.has(w.ns) || !w.role) continue;
    const where = `${w.ns}/${w.iface} ${w.role}`;
    const useMarkers = marked.has(where);
    if (!useMarkers) opt.onFallback?.(where);
    const ok = trace.steps.some((s) => s.netns === w.ns && s.interface === w.iface && s.direction === w.role && (!useMarkers || s.wire) && sameHeaders(w, s.packet));
    if (!ok) {
      const q = w.quoted ? ` quoting ${w.quoted.ipSrc}:${w.quoted.sport ?? ''} → ${w.quoted.ipDst}:${w.quoted.dport ?? ''}` : '';
      const icmp = w.icmpType !== undefined ? ` icmp ${w.icmpType}/${w.icmpCode ?? ''}` : '';
      problems.push(
        `${w.role} on ${w.ns}/${w.iface}: the kernel saw ${w.ipSrc}:${w.sport ?? ''} → ${w.ipDst}:${w.dport ?? ''} ttl ${w.ttl}${icmp}${q}${w.outer ? ` outer ${w.outer.ipSrc} → ${w.outer.ipDst}` : ''} (eth ${w.ethSrc} → ${w.ethDst}); the engine shows no such step${useMarkers ? ' on the wire' : ''} there`,
      );
    }
  }
  if (kernel.captured) {
    const captured = new Set(kernel.captured);
    const seen = new Set(kernel.wire.filter((w) => w.role && w.proto !== 'arp').map((w) => `${w.ns}/${w.iface} ${w.role}`));
    const reported = new Set<string>();
    for (const s of trace.steps) {
      const where = `${s.netns}/${s.interface} ${s.direction}`;
      if (!s.wire || ignore.has(s.netns) || !captured.has(`${s.netns}/${s.interface}`) || seen.has(where) || reported.has(where)) continue;
      reported.add(where);
      problems.push(
        `${s.direction} on ${s.netns}/${s.interface}: the engine puts ${s.packet.ip.src}:${s.packet.l4.sport ?? ''} → ${s.packet.ip.dst}:${s.packet.l4.dport ?? ''} on the wire (${s.wire}, step ${s.index}); the kernel captured no such frame there`,
      );
    }
  }
  return problems;
}
