/**
 * The closed loop of issue 13: a scenario is built in real namespaces, `public/capture.sh` records
 * them, the importer (app/import) turns the capture back into a scenario, and every flow must trace
 * exactly as on the scenario as built. Also proves the capture read-only: the namespaces' state
 * (devices, addresses, routes, rules, neighbours, FDB, iptables, nftables, sysctls) is the same
 * before and after it runs.
 *
 * What the lab adds is the lab's, not the scenario's, and is taken out of the capture before the
 * import: the raw-table TRACE rules (and the raw table they made, when the scenario has none). The
 * scenario is compared as the lab builds it: NAT without `--random`/`--random-fully` (netns.ts
 * pinIptablesNatPorts, nft-pin.ts pinNatPorts). Kinds, titles and listening sockets come from the
 * scenario: a lab's sockets only exist while a probe runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate, type Trace } from '../../engine';
import { captureSchema } from '../../import/capture';
import { importCaptures } from '../../import/import';
import type { LeftOut } from '../../import/devices';
import { importedText } from '../../import/text';
import { flowInput, formatError, loadScenario, type LoadedScenario } from '../../scenario';
import type { HostFile, ScenarioFile } from '../../scenario/schema';
import { applyPlan, destroy } from './lab';
import { newPrefix, pinIptablesNatPorts, planBuild, type BuildPlan } from './netns';
import { pinNatPorts } from './nft-pin';
import { run, sleep, spawnBounded, type Background } from './proc';
import type { Outcome } from './runone';

const here = fileURLToPath(new URL('.', import.meta.url));
const CAPTURE = resolve(here, '../../../public/capture.sh');
const AGENT = resolve(here, 'agent.mjs');

/** What the read-only check compares, per namespace, as text. */
// Timers and counters move by themselves (a bridge's gc_timer, a rule's packet count): left out.
const SNAPSHOT = [
  "ip -d link show | sed -E 's/[a-z_]+_timer +[0-9.]+//g'",
  'ip addr show',
  'ip route show table all',
  'ip rule show',
  "ip neigh show | awk '{print $1, $2, $3, $4, $5}'",
  'bridge fdb show',
  "iptables-save 2>/dev/null | grep -v '^#' | sed 's/\\[[0-9]*:[0-9]*\\]//'",
  "nft list ruleset 2>/dev/null | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/'",
  "sysctl -a 2>/dev/null | grep -E '^net\\.(ipv4\\.(ip_forward|conf|neigh)|bridge)'",
].join('; echo @@; ');

async function snapshot(plan: BuildPlan): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const n of plan.namespaces) out[n.logical] = (await run(['ip', 'netns', 'exec', n.real, 'sh', '-c', SNAPSHOT], { timeoutMs: 60_000 })).stdout;
  return out;
}

/** The first line that differs between two snapshots of a namespace, or undefined. */
export function firstDifference(a: string, b: string): string | undefined {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return `line ${i + 1}: "${x[i] ?? ''}" → "${y[i] ?? ''}"`;
  return undefined;
}

/** The capture's iptables-save text without the lab's TRACE rules (and their raw table, when the scenario has none). */
export function withoutLabRules(text: string, scenarioHasRaw: boolean): string {
  const t = text.replace(/^-A (PREROUTING|OUTPUT) -j TRACE\n/gm, '');
  return scenarioHasRaw ? t : t.replace(/^(# Generated[^\n]*\n)?\*raw\n(:[^\n]*\n)*COMMIT\n(# Completed[^\n]*\n)?/m, '');
}

/** The scenario as the lab builds it (NAT ports pinned), for the comparison. */
function asBuilt(raw: ScenarioFile): ScenarioFile {
  return {
    ...raw,
    hosts: raw.hosts.map((h) => ({
      ...h,
      ...(h.iptables ? { iptables: pinIptablesNatPorts(h.iptables) } : {}),
      ...(h.nftables ? { nftables: pinNatPorts(h.nftables, false) } : {}),
      ...(h['nftables-json'] ? { 'nftables-json': pinNatPorts(h['nftables-json'], true) } : {}),
    })),
  };
}

/**
 * A step as the comparison sees it: where, what decided, and the headers. An iptables rule by its
 * canonical text (iptables-save's spelling); an nftables rule by table, chain and position (the
 * capture is `nft -j` JSON, whose rules read back in another spelling than the scenario's text).
 */
const stepKey = (s: Trace['steps'][number]) =>
  [
    s.direction,
    s.netns,
    s.interface ?? '',
    s.stage,
    s.table ?? '',
    s.chain ?? '',
    s.nft ? `${s.nft.family} ${s.nft.table} #${s.rule?.index ?? ''}${s.nft.element ? ` ${s.nft.element}` : ''}` : (s.rule?.canonical ?? s.rule?.text ?? ''),
    s.verdict ?? '',
    // `ip route` prints a host route without its /32.
    (s.route?.text ?? '').replace(/^((?:\w+ )?\d+\.\d+\.\d+\.\d+)\/32\b/, '$1'),
    JSON.stringify(s.packet.ip),
    JSON.stringify(s.packet.l4 ?? {}),
  ].join(' | ');

/** The first difference between two traces of the same flow, or undefined. */
export function traceDifference(a: Trace, b: Trace): string | undefined {
  const x = a.steps.map(stepKey);
  const y = b.steps.map(stepKey);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return `step ${i + 1}:\n      scenario: ${x[i] ?? '(none)'}\n      imported: ${y[i] ?? '(none)'}`;
  if (a.outcome.request.result !== b.outcome.request.result) return `request ${a.outcome.request.result} → ${b.outcome.request.result}`;
  return undefined;
}

/** What a lab capture gave: each run's capture (parsed JSON text), the lab's names, and what changed. */
export interface LabCapture {
  readonly captures: readonly string[];
  /** Real netns name → the scenario's netns (or `~segment`). */
  readonly logical: Readonly<Record<string, string>>;
  /** Lines saying what a capture run changed in a namespace (none when read-only). */
  readonly changed: readonly string[];
}

/**
 * Builds `sc` in namespaces, runs capture.sh once per entry of `runs` (its extra arguments), checks
 * the namespaces' state is the same before and after, and tears the lab down.
 * @returns the captures, or a sentence saying why there are none (`skipped` when the lab cannot build it).
 */
export async function captureLab(sc: LoadedScenario, runs: readonly (readonly string[])[], opt: { listen?: boolean } = {}): Promise<LabCapture | { skipped: string } | { failed: string }> {
  const prefix = newPrefix();
  const plan = planBuild(sc, prefix);
  if (plan.unsupported.length) return { skipped: plan.unsupported.join('; ') };
  const dir = mkdtempSync(join(tmpdir(), 'pw-capture-'));
  const changed: string[] = [];
  const captures: string[] = [];
  const servers: Background[] = [];
  try {
    await applyPlan(plan);
    // `listen`: the scenario's listening sockets are opened for real (agent.mjs), so `ss` sees them.
    if (opt.listen)
      for (const n of plan.namespaces) {
        const l = sc.world.netns[n.logical]?.listeners ?? [];
        const ports = (proto: string) =>
          l
            .filter((x) => x.protocol === proto)
            .map((x) => x.port)
            .join(',');
        if (!l.length) continue;
        const p = spawnBounded(['ip', 'netns', 'exec', n.real, process.execPath, AGENT, 'listen', ports('tcp'), ports('udp'), '120'], 121);
        servers.push(p);
        if (!(await p.waitFor(/^ready$/m, 15_000, 'stdout'))) return { failed: `listener in ${n.logical} did not start: ${p.stderr().trim()}` };
      }
    // The lab's own set-up traffic may still teach a neighbour or a bridge an address: wait until
    // the state holds still, so a difference after the capture is the capture's.
    let before = await snapshot(plan);
    for (let settle = 0; settle < 6; settle++) {
      await sleep(500);
      const again = await snapshot(plan);
      const still = Object.keys(before).every((n) => before[n] === again[n]);
      before = again;
      if (still) break;
    }
    for (const [k, extra] of runs.entries()) {
      const file = join(dir, `capture${k}.json`);
      const r = await run(['bash', CAPTURE, '--netns', `^${prefix}`, ...extra, '-o', file], { timeoutMs: 120_000 });
      if (r.code !== 0) return { failed: `capture.sh ${extra.join(' ')} failed (exit ${r.code}): ${r.stderr.trim()}` };
      captures.push(readFileSync(file, 'utf8'));
    }
    const after = await snapshot(plan);
    for (const n of Object.keys(before)) {
      const d = firstDifference(before[n], after[n]);
      if (d) changed.push(`    capture changed ${n}: ${d}`);
    }
  } finally {
    await Promise.all(servers.map((p) => p.stop()));
    await destroy(plan);
    rmSync(dir, { recursive: true, force: true });
  }
  return { captures, logical: Object.fromEntries(plan.namespaces.map((n) => [n.real, n.logical])), changed };
}

/** Builds `sc`, captures it, checks the capture changed nothing, imports it and compares every flow. */
export async function captureRoundTrip(sc: LoadedScenario, label: string): Promise<Outcome> {
  const lab = await captureLab(sc, [[]]);
  if ('skipped' in lab) return { label, ok: true, skipped: lab.skipped, lines: [] };
  if ('failed' in lab) return { label, ok: false, lines: [`    ${lab.failed}`] };
  const lines = [...lab.changed];
  const imported = importLab(sc, lab.captures[0], lab.logical);
  if ('error' in imported) return { label, ok: false, lines: [...lines, `    ${imported.error}`] };
  for (const l of imported.leftOut) lines.push(`    left out: ${l.where}: ${l.what}`);
  const back = loadScenario(imported.text, `${label} (imported)`, { maxBytes: Infinity });
  if (!back.ok) return { label, ok: false, lines: [...lines, ...back.errors.slice(0, 5).map((e) => `    import: ${formatError(e)}`)] };
  const raw = sc.raw as ScenarioFile;
  const built = loadScenario(JSON.stringify(asBuilt(raw)), `${label} (as built)`, { maxBytes: Infinity });
  if (!built.ok) return { label, ok: false, lines: [...lines, `    harness: the scenario as built does not load: ${formatError(built.errors[0])}`] };
  for (const f of built.scenario.flows) {
    const g = back.scenario.flows.find((x) => x.name === f.name);
    if (!g) continue;
    const d = traceDifference(simulate(built.scenario.world, flowInput(f, undefined, built.scenario.flows)), simulate(back.scenario.world, flowInput(g, undefined, back.scenario.flows)));
    if (d) lines.push(`    flow ${f.name} traces differently after capture and import, at ${d}`);
  }
  return { label, ok: !lines.some((l) => !l.startsWith('    left out')), lines };
}

/**
 * Imports a lab capture as the scenario `sc` it was built from: the lab's names, the scenario's
 * kinds, titles, listeners and flows, without the lab's TRACE rules.
 */
export function importLab(sc: LoadedScenario, json: string, logical: Readonly<Record<string, string>>): { text: string; leftOut: readonly LeftOut[] } | { error: string } {
  const parsed = captureSchema.safeParse(JSON.parse(json));
  if (!parsed.success) return { error: `the capture does not read: ${parsed.error.issues[0]?.message}` };
  const raw = sc.raw as ScenarioFile;
  const hasRaw = (host: string) => /^\*raw\b/m.test(raw.hosts.find((h) => h.name === host)?.iptables ?? '');
  for (const ns of parsed.data.namespaces) if (ns.iptables) ns.iptables = withoutLabRules(ns.iptables, hasRaw(logical[ns.ref.slice(5)] ?? ''));
  const overrides: Record<string, Partial<HostFile>> = Object.fromEntries(
    raw.hosts.map((h) => [h.name, { kind: h.kind, ...(h.title ? { title: h.title } : {}), ...(h.node ? { node: h.node } : {}), ...(h.listeners ? { listeners: h.listeners } : {}) }]),
  );
  const imported = importCaptures([{ file: 'capture.json', capture: parsed.data }], { names: logical, overrides, title: raw.metadata.title });
  return { text: importedText({ ...imported, scenario: { ...imported.scenario, ...(raw.flows ? { flows: raw.flows } : {}) } }, ['capture.json']), leftOut: imported.leftOut };
}
