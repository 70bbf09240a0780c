/**
 * Sends one flow's probe through a built world and records what the kernel did: the kernel's
 * nftables trace (`nftrace.py`, a netlink listener) in every scenario netns, a `tcpdump` on every interface, listeners
 * that answer (TCP and UDP, via `agent.mjs`), one probe from the flow's netns (TCP connect with the
 * flow's source port, one UDP datagram, or `ping -c1`), then `conntrack -L` per netns. Every
 * background process is bounded by `timeout` and stopped by PID; probes only go to addresses
 * inside the namespaces.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SPORT } from '../../engine';
import type { Rule } from '../../engine/netfilter/types';
import type { World } from '../../engine/world';
import type { FlowFile } from '../../scenario';
import type { KernelRecording } from '../compare';
import { agentErrno, pingErrno } from './errno';
import type { Built } from './lab';
import { listenPorts } from './listen-ports';
import { ruleTextMap } from './netns';
import { handleMap, parseNfTrace } from './nftrace';
import { parseNftJson } from './nft-ruleset';
import { run, sleep, spawnBounded, type Background } from './proc';
import { firstOfEachRole, firstRequestIds, icmpRequestIds, parseConntrack, traceRows, wireRows, type FlowKey, type RecordedTraceRow, type RecordedWireRow, MARKER_LEN } from './record';
import { parseTcpdump } from './tcpdump';

const here = dirname(fileURLToPath(import.meta.url));
const AGENT = resolve(here, 'agent.mjs');
const NFTRACE = resolve(here, 'nftrace.py');
/** A trace event of the readiness marker: IPv4 total length MARKER_LEN (0x0030) to 127.0.0.1. */
const MARKER_EVENT = /"net": "45[0-9a-f]{2}0030[0-9a-f]{24}7f000001/;
/** Reply rows this long after a netns's first reply row are retransmissions (TCP resends after 1 s). */
const REPLY_WINDOW_MS = 700;
/** IPv4 total length of `ping`'s default echo request (20 + 8 + 56). */
export const PING_LEN = 84;

/** Timing of one probe run. */
export interface ProbeOptions {
  /**
   * How long the probe waits for an answer, per protocol. TCP stays under the kernel's initial SYN
   * retransmission timeout (1 s) where it can; UDP waits for a user-space responder, which a busy
   * machine can delay.
   */
  readonly probeTimeoutMs: { readonly tcp: number; readonly udp: number; readonly icmp: number };
  /** How long captures keep running after the probe returns. */
  readonly settleMs: number;
  /** Whether to read `conntrack -L` in every netns afterwards. */
  readonly conntrack: boolean;
  /** Upper bound (seconds) on the life of every background process. */
  readonly limitSec: number;
}

/** A socket event seen by a listener: where the request was delivered. */
export interface Delivery {
  readonly ns: string;
  readonly proto: string;
  readonly local: string;
  readonly localPort: number;
  readonly remote: string;
  readonly remotePort: number;
}

/** What the kernel did with one flow. */
export interface KernelRun extends KernelRecording {
  readonly trace: readonly RecordedTraceRow[];
  readonly wire: readonly RecordedWireRow[];
  readonly conntrack: Readonly<Record<string, string[]>>;
  /** The probe's own view: did the answer come back, and the errno its socket saw (none on a timeout). */
  readonly probeResult: { readonly ok: boolean; readonly detail: string; readonly errno?: string };
  readonly delivered: readonly Delivery[];
  /** Random choices the kernel made (`netns/table/chain` → rule number), read from its trace. */
  readonly choices: Readonly<Record<string, number>>;
  /** Harness problems (a capture that did not start…): the run is not trustworthy when non-empty. */
  readonly errors: readonly string[];
}

/** The flow key for classifying packets of `flow` (see `record.ts`). */
export function flowKey(flow: Pick<FlowFile, 'protocol' | 'sport' | 'size'>, vxlanPorts: readonly number[]): FlowKey {
  const proto = flow.protocol === 'icmp' ? 'icmp' : flow.protocol === 'udp' ? 'udp' : 'tcp';
  return { proto, sport: proto === 'icmp' ? undefined : (flow.sport ?? DEFAULT_SPORT), vxlanPorts, icmpLen: proto === 'icmp' ? (flow.size ?? PING_LEN) : undefined };
}

/**
 * The random choices the kernel made, as the engine's `choices` (`netns/table/chain` → the 1-based
 * number of the rule taken): for every chain with `statistic --mode random` rules, the first rule
 * of the request's walk through it from the first random rule on.
 */
export function kernelChoices(world: World, rows: readonly RecordedTraceRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const ns of Object.values(world.netns))
    for (const [tname, table] of Object.entries(ns.ruleset.tables))
      for (const chain of Object.values(table?.chains ?? {})) {
        const firstRandom = chain.rules.find((r: Rule) => r.matches.some((m) => m.kind === 'statistic-random'));
        if (!firstRandom) continue;
        for (const row of rows) {
          if (row.ns !== ns.name || row.role !== 'request' || row.table !== tname || row.chain !== chain.name || row.kind !== 'rule' || !row.rule) continue;
          const text = row.rule.replace(/^-t \S+ /, '');
          const rule = chain.rules.find((r) => r.text === text);
          if (rule && rule.index >= firstRandom.index) {
            out[`${ns.name}/${tname}/${chain.name}`] = rule.index;
            break;
          }
        }
      }
  return out;
}

/**
 * Runs `flow` once in the built world and records the kernel's view of it.
 * @param prior the connections the flow runs `after`, oldest first: sent before it, unrecorded
 *   (captures, traces and listener output are read from where they stood once those settled).
 */
export async function probeFlow(world: World, flow: FlowFile, built: Built, opt: ProbeOptions, prior: readonly FlowFile[] = []): Promise<KernelRun> {
  const plan = built.plan;
  const errors: string[] = [];
  const hosts = plan.namespaces.filter((n) => n.kind === 'host');
  const bg: Background[] = [];
  const key0 = flowKey(flow, plan.vxlanPorts);
  const realOf = (ns: string) => {
    const real = hosts.find((n) => n.logical === ns)?.real;
    if (!real) throw new Error(`flow ${flow.name}: unknown netns ${ns}`);
    return real;
  };
  const fromReal = realOf(flow.from);
  try {
    const monitors = hosts.map((n) => ({ n, p: spawnBounded(['ip', 'netns', 'exec', n.real, 'python3', NFTRACE, String(opt.limitSec)], opt.limitSec + 1) }));
    // tcpdump -p: a capture must not change the path. A promiscuous bridge passes a copy of every
    // frame it forwards up to its own IP stack (br_handle_frame_finish: local_rcv), where the copy
    // walks FORWARD a second time (and kube-proxy's INVALID rule drops it).
    const dumps = plan.captures.map((c) => ({
      c,
      p: spawnBounded(['ip', 'netns', 'exec', c.real, 'tcpdump', '-p', '-tt', '-e', '-n', '-v', '-l', '--immediate-mode', '-s', '512', '-i', c.iface], opt.limitSec),
    }));
    const ports = mergePorts([flow, ...prior].map((f) => listenPorts(world, f)));
    const listeners = Object.entries(ports).map(([ns, l]) => ({
      ns,
      p: spawnBounded(['ip', 'netns', 'exec', realOf(ns), process.execPath, AGENT, 'listen', l.tcp.join(','), l.udp.join(','), String(opt.limitSec)], opt.limitSec + 1),
    }));
    bg.push(...monitors.map((m) => m.p), ...dumps.map((d) => d.p), ...listeners.map((l) => l.p));

    const ready = await Promise.all([
      ...dumps.map(async (d) => ((await d.p.waitFor(/listening on/, 15_000, 'stderr')) ? null : `tcpdump on ${d.c.ns}/${d.c.iface} did not start: ${d.p.stderr().trim()}`)),
      ...listeners.map(async (l) => ((await l.p.waitFor(/^ready$/m, 15_000, 'stdout')) ? null : `listener in ${l.ns} did not start: ${l.p.stderr().trim()}`)),
      ...monitors.map(async (m) => {
        // Subscribed is not yet seen end to end: send marker packets until the listener prints one
        // (a loaded machine can take seconds to start it).
        if (!(await m.p.waitFor(/^ready$/m, 15_000, 'stdout'))) return `nftrace.py in ${m.n.logical} did not start: ${m.p.stderr().trim()}`;
        for (let i = 0; i < 12; i++) {
          await run(['ip', 'netns', 'exec', m.n.real, 'ping', '-n', '-q', '-c1', '-W1', '-s', String(MARKER_LEN - 28), '127.0.0.1'], { timeoutMs: 10_000 });
          if (await m.p.waitFor(MARKER_EVENT, 1000, 'stdout')) return null;
        }
        return `nftrace.py in ${m.n.logical} traced no marker: ${m.p.stderr().trim()}`;
      }),
    ]);
    errors.push(...ready.filter((x): x is string => x !== null));

    // Earlier connections (the flow's `after` chain) first, then the probe: exactly one per flow.
    for (const p of prior) {
      const r = await sendProbe(realOf(p.from), p, opt, errors);
      if (!r.ok && p.protocol === 'tcp') errors.push(`the earlier connection ${p.name} was not answered (${r.detail}): the probe does not start from the state the engine assumes`);
    }
    // What the earlier connections left in the captures is not the flow's: read only what follows.
    if (prior.length) await sleep(opt.settleMs);
    const from = {
      trace: new Map(monitors.map((m) => [m, m.p.stdoutLines().length])),
      dump: new Map(dumps.map((d) => [d, d.p.stdout().length])),
      listen: new Map(listeners.map((l) => [l, l.p.stdout().length])),
    };
    const probeResult = await sendProbe(fromReal, flow, opt, errors);
    await sleep(opt.settleMs);
    await Promise.all([...dumps.map((d) => d.p.stop('SIGINT')), ...monitors.map((m) => m.p.stop('SIGTERM')), ...listeners.map((l) => l.p.stop('SIGTERM'))]);

    const conntrack: Record<string, string[]> = {};
    if (opt.conntrack)
      await Promise.all(
        hosts.map(async (n) => {
          const r = await run(['ip', 'netns', 'exec', n.real, 'conntrack', '-L'], { timeoutMs: 10_000 });
          conntrack[n.logical] = parseConntrack(r.stdout);
        }),
      );

    // Classify and assemble.
    const traces = new Map(
      monitors.map((m) => {
        const owned = new Set(plan.nftOwned[m.n.logical] ?? []);
        const nft = parseNftJson(built.nftJson[m.n.logical] ?? '', owned);
        return [m.n.logical, parseNfTrace(m.p.stdoutLines().slice(from.trace.get(m)), handleMap(built.nftList[m.n.logical] ?? '', built.saved[m.n.logical] ?? '', owned), nft)];
      }),
    );
    for (const [ns, t] of traces) if (t.lost) errors.push(`the trace listener in ${ns} lost events (netlink socket overflow)`);
    const events = new Map([...traces].map(([ns, t]) => [ns, t.events]));
    const key1: FlowKey = key0.proto === 'icmp' ? { ...key0, icmpRequestIds: icmpRequestIds(events.get(flow.from) ?? [], key0.icmpLen ?? PING_LEN) } : key0;
    const requestIds = firstRequestIds(events.get(flow.from) ?? [], key1);
    const key: FlowKey = { ...key1, requestIds };
    const trace: RecordedTraceRow[] = [];
    for (const m of monitors) {
      const original = plan.iptables[m.n.logical];
      const saved = built.saved[m.n.logical];
      const map = original && saved ? ruleTextMap(original, saved) : undefined;
      const mapper = map
        ? (t: string) => {
            const mm = /^-t (\S+) (.*)$/.exec(t);
            return mm ? map.get(`${mm[1]} ${mm[2]}`) : undefined;
          }
        : undefined;
      trace.push(...traceRows(m.n.logical, events.get(m.n.logical) ?? [], key, mapper, requestIds, REPLY_WINDOW_MS));
    }
    const wireAll: RecordedWireRow[] = [];
    for (const d of dumps) wireAll.push(...wireRows(d.c.ns, d.c.iface, parseTcpdump(d.p.stdout().slice(from.dump.get(d))), key));
    wireAll.sort((a, b) => a.t - b.t);
    const t0 = wireAll.length ? wireAll[0].t : 0;
    const wire = firstOfEachRole(wireAll).map((w) => ({ ...w, t: Number((w.t - t0).toFixed(6)) }));
    const delivered: Delivery[] = [];
    for (const l of listeners)
      for (const line of l.p.stdout().slice(from.listen.get(l)).split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const j = JSON.parse(line) as { event: string; proto: string; local: string; localPort: number; remote: string; remotePort: number; error?: string };
          if (j.event === 'accept' || j.event === 'datagram')
            delivered.push({ ns: l.ns, proto: j.proto, local: j.local.replace(/^::ffff:/, ''), localPort: j.localPort, remote: j.remote.replace(/^::ffff:/, ''), remotePort: j.remotePort });
        } catch {
          /* not JSON */
        }
      }
    const captured = plan.captures.map((c) => `${c.ns}/${c.iface}`);
    return { trace, wire, captured, conntrack, probeResult, delivered, choices: kernelChoices(world, trace), errors };
  } finally {
    await Promise.all(bg.map((p) => p.stop('SIGKILL', 500)));
  }
}

/** The union of listener port sets (a flow and the connections before it may need different ones). */
function mergePorts(sets: readonly Record<string, { tcp: number[]; udp: number[] }>[]): Record<string, { tcp: number[]; udp: number[] }> {
  const out: Record<string, { tcp: number[]; udp: number[] }> = {};
  for (const set of sets)
    for (const [ns, l] of Object.entries(set)) {
      const o = (out[ns] ??= { tcp: [], udp: [] });
      for (const p of l.tcp) if (!o.tcp.includes(p)) o.tcp.push(p);
      for (const p of l.udp) if (!o.udp.includes(p)) o.udp.push(p);
    }
  return out;
}

/** Sends one flow's probe from `fromReal` (TCP connect, one UDP datagram or `ping -c1`) and reads what its socket saw. */
async function sendProbe(fromReal: string, flow: FlowFile, opt: ProbeOptions, errors: string[]): Promise<{ ok: boolean; detail: string; errno?: string }> {
  const limit = flow.protocol === 'icmp' ? opt.probeTimeoutMs.icmp : flow.protocol === 'udp' ? opt.probeTimeoutMs.udp : opt.probeTimeoutMs.tcp;
  if (flow.protocol === 'icmp') {
    const secs = Math.max(0.2, limit / 1000).toFixed(1);
    // ping -t sets the TTL; -s the payload (IP total length less 28 bytes), sent with DF (-M do).
    const sized = flow.size !== undefined ? ['-s', String(flow.size - 28), '-M', 'do'] : [];
    const cmd = [
      'ip',
      'netns',
      'exec',
      fromReal,
      'ping',
      '-n',
      '-c1',
      '-W',
      secs,
      ...(flow.ttl !== undefined ? ['-t', String(flow.ttl)] : []),
      ...sized,
      ...(flow.src ? ['-I', flow.src] : []),
      flow.dst,
    ];
    const r = await run(cmd, { timeoutMs: limit + 5000 });
    const said = (
      r.stdout.split('\n').find((l) => /^From |unreachable|exceeded|prohibited|filtered|Frag/i.test(l)) ??
      r.stderr.split('\n').find((l) => l.trim()) ??
      r.stdout.split('\n').find((l) => /received/.test(l)) ??
      ''
    ).trim();
    return { ok: r.code === 0, detail: r.code === 0 ? 'echo reply received' : `ping exit ${r.code}: ${said}`, errno: r.code === 0 ? undefined : pingErrno(`${r.stdout}\n${r.stderr}`) };
  }
  const cmd = [
    'ip',
    'netns',
    'exec',
    fromReal,
    process.execPath,
    AGENT,
    flow.protocol,
    flow.dst,
    String(flow.dport ?? 0),
    String(flow.sport ?? DEFAULT_SPORT),
    flow.src ?? '-',
    String(limit),
    String(flow.ttl ?? '-'),
    String(flow.size ?? '-'),
  ];
  const r = await run(cmd, { timeoutMs: limit + 5000 });
  try {
    const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ok: boolean; error?: string; remote?: string; remotePort?: number };
    return { ok: j.ok, detail: j.ok ? `answered by ${j.remote}:${j.remotePort}` : `no answer (${j.error})`, errno: j.ok ? undefined : agentErrno(j.error) };
  } catch {
    errors.push(`probe agent failed: ${r.stderr.trim()}`);
    return { ok: false, detail: `probe failed: ${r.stderr.trim()}` };
  }
}
