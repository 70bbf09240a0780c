/**
 * One flow through the kernel and the engine: build the scenario in namespaces, probe it, record
 * the kernel, simulate the same flow, and list every disagreement (netfilter decisions per netns
 * and role, frames per interface, outcome and errno; against a golden recording too when there is
 * one); and how a result is printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { simulate } from '../../engine';
import type { Trace } from '../../engine/trace';
import { flowInput, type FlowFile, type LoadedScenario } from '../../scenario';
import { compareNetfilter, compareWire, type CompareOptions, type KernelRecording } from '../compare';
import { compareOutcome, compareRecordings, engineDecisions, kernelDecisions, problemKey, sideBySide } from './diff';
import { restoreFromFiles } from './deep';
import { nftComparable } from './nft-compare';
import { applyPlan, destroy } from './lab';
import { newPrefix, planBuild } from './netns';
import { kernelChoices, probeFlow, type KernelRun, type ProbeOptions } from './probe';
import type { RecordedTraceRow } from './record';

/** The golden recordings of ../shared/golden and the scenario flow each one is. */
export const GOLDEN_CASES: readonly { seed: string; scenario: string; flow: string }[] = [
  { seed: 'seed003-canal-nodeport', scenario: 'canal-nodeport', flow: 'client-to-nodeport' },
  { seed: 'seed003-canal-pod-to-pod', scenario: 'canal-pod-to-pod', flow: 'ghost-ep1-to-ghost-ep2' },
  { seed: 'seed001-docker-port-mapping', scenario: 'docker-bridge-port-mapping', flow: 'client-to-published-port' },
  { seed: 'seed000-crosshost-masq', scenario: 'docker-cross-host-routing', flow: 'ctr2-ping-ctr111' },
  { seed: 'seed000-crosshost-return-no-route', scenario: 'docker-cross-host-return-no-route', flow: 'ctr2-ping-ctr111' },
  { seed: 'seed000-crosshost-fixed', scenario: 'docker-cross-host-fixed', flow: 'ctr2-ping-ctr111' },
];

/**
 * Disagreements of bundled flows that are known and reported to the engine's maintainers: such a
 * problem is printed as known, not counted as a failure; any other problem of the flow still fails.
 */
export const KNOWN_PROBLEMS: readonly { flow: string; problem: RegExp; why: string }[] = [];

/** The result of one flow (or one chain world). */
export interface Outcome {
  readonly label: string;
  readonly ok: boolean;
  /** A known disagreement (a `known-*.yaml` case) that is still there: reported, not a failure. */
  known?: boolean;
  readonly skipped?: string;
  readonly lines: string[];
  readonly run?: KernelRun;
}

function compareOptions(sc: LoadedScenario): CompareOptions {
  return {
    ignoreNetns: Object.keys(sc.world.segments).map((s) => `~${s}`),
    labOnlyTables: (ns: string) => (sc.world.netns[ns]?.ruleset.tables.raw ? [] : ['raw']),
  };
}

/** Netfilter problems with the two decision lists side by side for each (netns, role) named. */
function explainNetfilter(problems: string[], kernel: readonly RecordedTraceRow[], trace: Trace, sc: LoadedScenario): string[] {
  const out: string[] = [];
  for (const p of problems) {
    out.push(`    netfilter: ${p}`);
    const k = problemKey(p);
    if (!k) continue;
    const skip = sc.world.netns[k.ns]?.ruleset.tables.raw ? [] : ['raw'];
    out.push(sideBySide(kernelDecisions(kernel, k.ns, k.role, skip), engineDecisions(trace, k.ns, k.role, skip)));
  }
  return out;
}

/** Interfaces (netns left out) and directions where a kernel frame met no engine step with a `wire` marker. */
export const markerFallbacks = new Map<string, number>();

/** Builds, probes and compares one flow of a scenario. */
/**
 * The kernel gives up on a neighbour after mcast_solicit (3) ARP probes retrans_time (1 s) apart,
 * and only then sends the queued packet's ICMP host unreachable: about 3 s after the probe's first
 * packet. When the engine expects such a failure, the captures keep running at least this long
 * after the probe starts (the usual window, probe timeout + settle, is shorter on busy machines).
 */
const ARP_FAILURE_WINDOW_MS = 4500;

/** `timing` with the captures running ARP_FAILURE_WINDOW_MS after the probe starts. */
function withArpFailure(timing: ProbeOptions, flow: FlowFile): ProbeOptions {
  const waited = timing.probeTimeoutMs[flow.protocol === 'icmp' ? 'icmp' : flow.protocol === 'udp' ? 'udp' : 'tcp'];
  return { ...timing, settleMs: Math.max(timing.settleMs, ARP_FAILURE_WINDOW_MS - waited) };
}

export async function runOne(sc: LoadedScenario, flow: FlowFile, label: string, timing: ProbeOptions, golden?: KernelRecording & { trace: RecordedTraceRow[] }, record?: string): Promise<Outcome> {
  if (flow.protocol === 'sctp') return { label, ok: true, skipped: 'SCTP probes are not supported by the harness', lines: [] };
  // A TCP probe is a connect(): the harness cannot set its SYN's TTL (Node has no IP_TTL for TCP)
  // nor make its first packet a full-size segment.
  if (flow.protocol === 'tcp' && (flow.ttl !== undefined || flow.size !== undefined))
    return { label, ok: true, skipped: 'a TCP probe with a set TTL or size is not supported by the harness', lines: [] };
  // Random rules take the engine's branch (its default, or the flow's pinned choice, or the golden
  // run's), pinned in the kernel's rules too: the comparison is the same on every run.
  // The connections the flow runs `after` pin the kernel's rules as the engine took them too.
  const input = flowInput(flow, undefined, sc.flows);
  const prior = (input.after ?? []).map((p) => sc.flows.find((f) => f.name === p.name)!);
  const choices: Record<string, number> = {};
  let arpFails = false;
  for (const f of [...prior, flow]) {
    const t = simulate(sc.world, flowInput(f, undefined, sc.flows));
    for (const a of t.alternatives) if (a.chosen) choices[a.choice] = a.option;
    Object.assign(choices, f.choices ?? {});
    if (f === flow) arpFails = [t.outcome.request, t.outcome.reply].some((o) => o?.result === 'dropped' && o.stage === 'neigh');
  }
  if (golden) Object.assign(choices, kernelChoices(sc.world, golden.trace));
  const { plan, cleanup } = restoreFromFiles(planBuild(sc, newPrefix(), { choices, fromNs: flow.from }));
  if (plan.unsupported.length) return { label, ok: true, skipped: plan.unsupported.join('; '), lines: [] };
  let kr: KernelRun;
  try {
    const built = await applyPlan(plan);
    try {
      kr = await probeFlow(sc.world, flow, built, arpFails ? withArpFailure(timing, flow) : timing, prior);
    } finally {
      await destroy(plan);
    }
  } finally {
    cleanup();
  }
  if (record) {
    mkdirSync(record, { recursive: true });
    writeFileSync(
      resolve(record, `${label.replace(/[^A-Za-z0-9._-]+/g, '--')}.kernel.json`),
      `${JSON.stringify({ lab: label, probe: { from: flow.from, proto: flow.protocol, dst: flow.dst, dport: flow.dport }, ...kr }, null, 1)}\n`,
    );
  }
  const lines: string[] = [];
  // The probe's UDP socket (Node's dgram) cannot set IP_RECVERR: a flow that sets `recverr` is
  // checked as the plain connected socket the probe is (same packets and captures; only which
  // ICMP errors the socket reports differs, which the engine's unit tests cover).
  // nft steps under the kernel rows' names (`inet t`, rule `#<position>`): nft-compare.ts.
  const trace = nftComparable(simulate(sc.world, { ...flowInput(flow, { ...choices, ...kr.choices }, sc.flows), recverr: false }));
  const opt = compareOptions(sc);
  for (const e of kr.errors) lines.push(`    harness: ${e}`);
  if (golden) for (const p of compareRecordings(kr, golden, ['lan', ...(opt.ignoreNetns ?? [])])) lines.push(`    golden: ${p}`);
  lines.push(...explainNetfilter(compareNetfilter(trace, kr, opt), kr.trace, trace, sc));
  const fallback: string[] = [];
  for (const p of compareWire(trace, kr, { ...opt, onFallback: (w) => fallback.push(w) })) lines.push(`    wire: ${p}`);
  for (const w of fallback) markerFallbacks.set(w.replace(/^\S+?\//, '…/'), (markerFallbacks.get(w.replace(/^\S+?\//, '…/')) ?? 0) + 1);
  if (fallback.length && lines.length) lines.push(`    (no wire marker in the engine's steps at ${fallback.join(', ')}: compared with any step there)`);
  for (const p of compareOutcome(trace, kr)) lines.push(`    ${p}`);
  const knownHere = KNOWN_PROBLEMS.filter((k) => label.startsWith(`${k.flow} `) || label === k.flow);
  const known = lines.filter((l) => knownHere.some((k) => k.problem.test(l)));
  const rest = lines.filter((l) => !known.includes(l));
  if (known.length && !rest.length) return { label, ok: false, known: true, lines: [...known, ...knownHere.map((k) => `    (known: ${k.why})`)], run: kr };
  return { label, ok: lines.length === 0, lines, run: kr };
}

/** Prints one result (a line, and the problems when it failed). */
export function print(o: Outcome, verbose: boolean): void {
  if (o.known) console.log(`known ${o.label}: still disagrees (a known engine disagreement, not a failure)${verbose ? `\n${o.lines.join('\n')}` : ''}`);
  else if (o.skipped) console.log(`skip ${o.label}: ${o.skipped}`);
  else if (o.ok) console.log(`ok   ${o.label}${verbose ? summary(o.run) : ''}`);
  else console.log(`FAIL ${o.label}${summary(o.run)}\n${o.lines.join('\n')}`);
}

/** Runs `f` over `items`, `k` at a time. */
export async function pool<T, R>(items: readonly T[], k: number, f: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(k, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i], i);
      }
    }),
  );
  return out;
}

function summary(kr: KernelRun | undefined): string {
  if (!kr) return '';
  const frames = kr.wire.filter((w) => w.role).length;
  const picked = Object.entries(kr.choices).map(([k, v]) => `${k}=${v}`);
  return ` — kernel: ${kr.probeResult.ok ? 'answered' : 'no answer'}; ${kr.trace.length} netfilter rows, ${frames} frames${picked.length ? `; random: ${picked.join(', ')}` : ''}`;
}
