/**
 * The checks the kernel harness runs on top of `../compare.ts`, and readable output for them:
 * the probe's outcome (did the answer come back, where was the request delivered), a kernel
 * recording against another kernel recording (reproducing `../shared/golden`), and a side-by-side
 * listing of the kernel's and the engine's netfilter decisions for one netns and role.
 */
import { englishOf } from '../../i18n/message-renderer';
import type { Trace } from '../../engine/trace';
import { isDecision, roleOf, type KernelTraceRow, type KernelWireRow } from '../compare';
import type { Delivery } from './probe';

/** One netfilter decision as a line of text (`nat:DOCKER ACCEPT -A DOCKER …`). */
function line(d: { table: string; chain: string; verdict: string; rule: string | null }): string {
  return `${d.table}:${d.chain} ${d.verdict}${d.rule ? ` ${d.rule.replace(/^-t \S+ /, '')}` : d.verdict === 'RETURN' ? ' (end of chain)' : ' (policy)'}`;
}

/** The engine's netfilter decisions (implicit returns included) for one netns and role, as text lines. */
export function engineDecisions(trace: Trace, ns: string, role: string, skipTables: readonly string[] = []): string[] {
  return trace.steps
    .filter((s) => s.netns === ns && roleOf(s) === role && isDecision(s) && !skipTables.includes(s.table!))
    .map((s) => line({ table: s.table!, chain: s.chain!, verdict: s.verdict!, rule: s.rule ? s.rule.text : null }));
}

/** The kernel's netfilter decisions for one netns and role, as text lines. */
export function kernelDecisions(rows: readonly KernelTraceRow[], ns: string, role: string, skipTables: readonly string[] = []): string[] {
  return rows.filter((r) => r.ns === ns && r.role === role && !skipTables.includes(r.table)).map(line);
}

/** Two columns, kernel | engine, with `≠` on the first differing line. */
export function sideBySide(kernel: readonly string[], engine: readonly string[], indent = '      '): string {
  const n = Math.max(kernel.length, engine.length);
  const out: string[] = [`${indent}kernel | engine`];
  let marked = false;
  for (let i = 0; i < n; i++) {
    const k = kernel[i] ?? '(nothing)';
    const e = engine[i] ?? '(nothing)';
    const same = kernel[i] === engine[i];
    const mark = !same && !marked ? '≠' : same ? ' ' : '·';
    if (!same) marked = true;
    out.push(`${indent}${mark} ${i + 1}. ${same ? k : `${k}\n${indent}       | ${e}`}`);
  }
  return out.join('\n');
}

/** The (netns, role) pairs a problem of compareNetfilter names (`<ns> <role>: …` or `<ns> <role> #n: …`). */
export function problemKey(problem: string): { ns: string; role: string } | null {
  const m = /^(\S+) (request|reply|error|encap)\b/.exec(problem);
  return m ? { ns: m[1], role: m[2] } : null;
}

/**
 * The errno the engine says the client's socket sees first: the request drop's, when the sending
 * call itself fails (EPERM from its own OUTPUT: the send returns it before any error packet can
 * arrive); else the error packet's, when it is delivered to the socket; none otherwise.
 */
export function engineErrno(trace: Trace): string | undefined {
  const req = trace.outcome.request;
  if (req.result === 'dropped' && req.errno) return req.errno;
  const e = trace.outcome.error;
  return e?.result === 'delivered' ? e.errno : undefined;
}

/**
 * The probe's outcome against the engine's: whether the answer reached the client, where the
 * request was delivered (when a listener saw it), and the errno the client saw (connect(), a
 * connected UDP socket, ping's error report) against the engine's (see {@link engineErrno}).
 */
export function compareOutcome(trace: Trace, kernel: { probeResult: { ok: boolean; detail: string; errno?: string }; delivered: readonly Delivery[] }): string[] {
  const problems: string[] = [];
  const ke = kernel.probeResult.errno;
  const ee = engineErrno(trace);
  if (ke !== ee) {
    const err = trace.outcome.error;
    const what = err
      ? `the error ${err.result === 'delivered' ? `is delivered in ${err.netns}` : `is ${err.result} in ${err.netns}${err.result === 'dropped' ? ` at ${err.stage}: ${englishOf(err.reason)}` : ''}`}`
      : 'no error is sent';
    problems.push(`errno: the kernel's client saw ${ke ?? 'no error'} (${kernel.probeResult.detail}); the engine says ${ee ?? 'no error'} (${what})`);
  }
  const engineOk = trace.outcome.reply?.result === 'delivered';
  const req = trace.outcome.request;
  const reply = trace.outcome.reply;
  const engineSays = engineOk
    ? 'the answer reaches the client'
    : req.result === 'dropped'
      ? `the request is dropped in ${req.netns}${req.interface ? `/${req.interface}` : ''} at ${req.stage}: ${englishOf(req.reason)}`
      : reply && reply.result === 'dropped'
        ? `the reply is dropped in ${reply.netns}${reply.interface ? `/${reply.interface}` : ''} at ${reply.stage}: ${englishOf(reply.reason)}`
        : req.result === 'engine-limit' || reply?.result === 'engine-limit'
          ? `the engine stopped at one of its own limits: ${req.result === 'engine-limit' ? englishOf(req.reason) : reply?.result === 'engine-limit' ? englishOf(reply.reason) : ''}`
          : 'no answer';
  if (engineOk !== kernel.probeResult.ok)
    problems.push(`outcome: the kernel's probe ${kernel.probeResult.ok ? 'got its answer' : `got no answer (${kernel.probeResult.detail})`}; the engine says ${engineSays}`);
  const d = kernel.delivered[0];
  if (d) {
    if (req.result !== 'delivered') problems.push(`delivery: a socket in ${d.ns} received the request (${d.remote}:${d.remotePort} → ${d.local}:${d.localPort}); the engine says ${engineSays}`);
    else {
      const p = req.packet;
      const same =
        req.netns === d.ns && p.ip.src === d.remote && p.ip.dst === d.local && (p.l4.sport === undefined || p.l4.sport === d.remotePort) && (p.l4.dport === undefined || p.l4.dport === d.localPort);
      if (!same)
        problems.push(
          `delivery: the kernel delivered ${d.remote}:${d.remotePort} → ${d.local}:${d.localPort} in ${d.ns}; the engine delivers ${p.ip.src}:${p.l4.sport ?? ''} → ${p.ip.dst}:${p.l4.dport ?? ''} in ${req.netns}`,
        );
    }
  }
  return problems;
}

/** Distinct per-packet walks (split where a raw-table chain starts a new one), raw-only walks left out. */
function encapWalks(lines: readonly string[]): Set<string> {
  const walks: string[][] = [];
  for (const l of lines) {
    if (/^raw:(PREROUTING|OUTPUT) /.test(l) && (!walks.length || walks[walks.length - 1].some((x) => !x.startsWith('raw:')) || walks[walks.length - 1].length)) walks.push([]);
    if (!walks.length) walks.push([]);
    walks[walks.length - 1].push(l);
  }
  return new Set(walks.filter((w) => w.some((x) => !x.startsWith('raw:'))).map((w) => w.join(' ; ')));
}

function wireKey(w: KernelWireRow): string {
  const o = w.outer ? ` outer ${w.outer.ipSrc}>${w.outer.ipDst} vni ${w.outer.vni ?? ''} ttl ${w.outer.ttl ?? ''}` : '';
  return `${w.ns}/${w.iface} ${w.role} ${w.proto} ${w.ethSrc}>${w.ethDst} ${w.ipSrc}:${w.sport ?? ''}>${w.ipDst}:${w.dport ?? ''} ttl ${w.ttl}${o}`;
}

/**
 * A kernel recording against another (ours against `../shared/golden`): the same netfilter
 * decisions per netns and role (request and reply exactly, up to retransmissions; for VXLAN outer
 * packets, every distinct golden walk that goes beyond raw, as later packets differ by timing), and the same first
 * request and reply frames on every interface.
 */
export function compareRecordings(
  mine: { trace: readonly KernelTraceRow[]; wire: readonly KernelWireRow[] },
  golden: { trace: readonly KernelTraceRow[]; wire: readonly KernelWireRow[] },
  ignoreNetns: readonly string[],
): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  // The golden recordings (xtables-monitor) have no implicit returns: ours are left out here.
  mine = { ...mine, trace: mine.trace.filter((r) => r.kind !== 'return') };
  for (const r of [...mine.trace, ...golden.trace]) if (!ignoreNetns.includes(r.ns)) keys.add(`${r.ns} ${r.role}`);
  for (const key of [...keys].sort()) {
    const [ns, role] = key.split(' ');
    if (role === 'error') continue;
    const a = kernelDecisions(mine.trace, ns, role);
    const b = kernelDecisions(golden.trace, ns, role);
    if (role === 'encap') {
      // Outer packets of later segments (ACK, FIN…) depend on timing and on the VXLAN source port
      // the kernel hashes for them (a new port is a new outer connection that walks nat again):
      // every distinct golden walk that does more than pass raw must be seen here too.
      const wa = encapWalks(a);
      for (const w of encapWalks(b)) if (!wa.has(w)) problems.push(`${key}: golden walk [${w}] not seen here`);
      continue;
    }
    const n = Math.min(a.length, b.length);
    let i = 0;
    while (i < n && a[i] === b[i]) i++;
    if (i < n) {
      problems.push(`${key} #${i + 1}: golden ${b[i]} | here ${a[i]}`);
      continue;
    }
    if (a.length === b.length) continue;
    const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
    const rest = longer.slice(shorter.length);
    const repeats = rest.length <= shorter.length && rest.every((x, j) => x === shorter[j]);
    if (!repeats) problems.push(`${key} #${n + 1}: golden ${b[n] ?? '(nothing)'} | here ${a[n] ?? '(nothing)'}`);
  }
  const first = (rows: readonly KernelWireRow[]) => {
    const seen = new Set<string>();
    const out = new Set<string>();
    for (const w of rows) {
      // The golden recordings classify no error frames.
      if (!w.role || w.role === 'error' || w.proto === 'arp' || ignoreNetns.includes(w.ns)) continue;
      const k = `${w.ns}/${w.iface}/${w.role}/${w.outer ? 'o' : 'i'}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.add(wireKey(w));
    }
    return out;
  };
  const wm = first(mine.wire);
  const wg = first(golden.wire);
  for (const k of wg) if (!wm.has(k)) problems.push(`wire: golden saw ${k}; not seen here`);
  for (const k of wm) if (!wg.has(k)) problems.push(`wire: seen here ${k}; not in golden`);
  return problems;
}
