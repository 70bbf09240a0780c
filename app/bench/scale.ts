/**
 * The scale benchmark of issue 11, printed by `npm run bench`: kube-proxy nodes of 100, 1,000 and
 * 5,000 Services × 3 endpoints, generated deterministically in iptables mode
 * (kube-proxy-iptables.ts) and nftables mode (kube-proxy-nftables.ts), each loaded (YAML + parse +
 * validate + World + indexes) beside the kernel's own parser on the same rules
 * (`iptables-restore --test`, `nft -c -f`, in a fresh netns), then one flow traced to the last
 * Service, and the peak memory of a 5,000-Service load measured in a child process of its own.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { simulate } from '../engine';
import { flowInput, loadScenario, type LoadedScenario } from '../scenario';
import { iptablesRestoreTest, nftCheck, type ToolTiming } from './kernel-tools';
import { kubeProxyDump } from './kube-proxy-iptables';
import { kubeProxyNftDump } from './kube-proxy-nftables';

/** One figure with its target: `value <= target` passes. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: number;
  /** Said when the figure could not be measured (value is then NaN and the figure is not a miss). */
  readonly why?: string;
}

/** Whether a figure misses its target (an unmeasured figure does not). */
export const over = (f: Figure): boolean => !Number.isNaN(f.value) && f.value > f.target;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Loads `d`'s scenario `runs` times; the median time in ms and the scenario. */
function timeLoad(d: { readonly yaml: string; readonly services: number }, runs: number): { ms: number; scenario: LoadedScenario } {
  const times: number[] = [];
  let scenario: LoadedScenario | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = loadScenario(d.yaml, `kube-proxy-${d.services}.yaml`, { maxBytes: Infinity });
    times.push(performance.now() - t0);
    if (!r.ok) throw new Error(`the generated ${d.services}-Service scenario does not load: ${r.errors[0]?.message}`);
    scenario = r.scenario;
  }
  return { ms: median(times), scenario: scenario! };
}

/**
 * Traces `flow` of `scenario` `runs` times (request, reply and every step): the median in ms, and
 * the first trace alone (cold: it builds what the walk reads first, such as the chains' indexes and
 * the iptables rules kept as their lines until then).
 */
function timeTrace(scenario: LoadedScenario, flow: string, runs: number): { ms: number; first: number; steps: number } {
  const f = scenario.flows.find((x) => x.name === flow);
  if (!f) throw new Error(`no flow ${flow}`);
  const times: number[] = [];
  let steps = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const trace = simulate(scenario.world, flowInput(f));
    times.push(performance.now() - t0);
    steps = trace.steps.length;
  }
  return { ms: median(times), first: times[0], steps };
}

/**
 * The peak resident set of a fresh Node process that loads the `services`-Service scenario, in MB
 * (its `process.resourceUsage().maxRSS`, the runtime's own baseline included).
 */
function peakRss(services: number): { mb: number } | { why: string } {
  const r = spawnSync(process.execPath, [...process.execArgv, new URL('./load-rss.ts', import.meta.url).pathname, String(services)], { encoding: 'utf8' });
  const m = /maxRSS (\d+)/.exec(r.stdout ?? '');
  return m ? { mb: Number(m[1]) / 1024 } : { why: `the child process failed: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-1)[0]}` };
}

const kernelText = (k: ToolTiming) => (k.ok ? `${k.ms.toFixed(0)} ms` : `not measured (${k.why})`);

/** One mode of kube-proxy: how to generate a node of n Services, and the kernel tool that parses its rules. */
interface Mode {
  readonly name: string;
  readonly tool: string;
  readonly generate: (n: number) => { readonly yaml: string; readonly lines: number; readonly flow: string; readonly services: number; readonly rules: string };
  readonly kernel: (rules: string) => ToolTiming;
}

const MODES: readonly Mode[] = [
  {
    name: 'iptables',
    tool: 'iptables-restore --test',
    generate: (n) => {
      const d = kubeProxyDump(n);
      return { ...d, rules: d.iptablesSave };
    },
    kernel: (r) => iptablesRestoreTest(r),
  },
  {
    name: 'nftables',
    tool: 'nft -c -f',
    generate: (n) => {
      const d = kubeProxyNftDump(n);
      return { ...d, rules: d.ruleset };
    },
    kernel: (r) => nftCheck(r),
  },
];

/** Loads, times beside the kernel tool and traces one mode at every size; its figures. */
function benchMode(mode: Mode, sizes: readonly number[], log: (line: string) => void): Figure[] {
  const figures: Figure[] = [];
  const loads = new Map<number, number>();
  const largest = sizes[sizes.length - 1];
  for (const n of sizes) {
    const d = mode.generate(n);
    // The same number of runs at 1,000 and 5,000, so the growth figure compares like with like.
    const load = timeLoad(d, n >= 1000 ? 5 : 20);
    loads.set(n, load.ms);
    const kernel = mode.kernel(d.rules);
    const ratio = kernel.ok ? load.ms / kernel.ms : NaN;
    log(
      `scale ${mode.name}: ${String(n).padStart(5)} Services (${d.lines} lines, ${(d.yaml.length / 1e6).toFixed(1)} MB): load ${load.ms.toFixed(0)} ms; ${mode.tool} ${kernelText(kernel)}${kernel.ok ? `; ratio ${ratio.toFixed(2)}` : ''}`,
    );
    if (n !== largest) continue;
    const name = `${mode.name}: load ${n} Services ÷ ${mode.tool}`;
    figures.push(kernel.ok ? { name, value: ratio, unit: '×', target: 0.5 } : { name, value: NaN, unit: '×', target: 0.5, why: kernel.why });
    const t = timeTrace(load.scenario, d.flow, 50);
    log(
      `scale ${mode.name}: ${n} Services: first trace after the load ${t.first.toFixed(1)} ms (cold: it builds what the walk reads first, such as indexes and iptables rules kept as lines), then median ${t.ms.toFixed(2)} ms`,
    );
    figures.push({ name: `${mode.name}: trace ${n} Services, last Service (${t.steps} steps)`, value: t.ms, unit: 'ms', target: 2 });
  }
  if (loads.has(1000) && loads.has(5000)) figures.push({ name: `${mode.name}: load growth 1,000 → 5,000 Services`, value: loads.get(5000)! / loads.get(1000)!, unit: '×', target: 5.5 });
  return figures;
}

/** Runs the scale benchmark, printing each line through `log`; returns the figures with targets. */
export function runScaleBench(log: (line: string) => void, sizes: readonly number[] = [100, 1000, 5000]): Figure[] {
  const figures = MODES.flatMap((m) => benchMode(m, sizes, log));
  const largest = sizes[sizes.length - 1];
  const rss = peakRss(largest);
  figures.push(
    'mb' in rss ? { name: `iptables: peak RSS, loading ${largest} Services`, value: rss.mb, unit: 'MB', target: 250 } : { name: 'peak RSS', value: NaN, unit: 'MB', target: 250, why: rss.why },
  );
  for (const f of figures) {
    const v = Number.isNaN(f.value) ? `not measured (${f.why})` : `${f.value.toFixed(f.unit === 'MB' || (f.unit === 'ms' && f.value > 100) ? 0 : 2)} ${f.unit}`;
    log(`scale: ${f.name}: ${v} (target ≤ ${f.target} ${f.unit})${over(f) ? '  OVER TARGET' : ''}`);
  }
  return figures;
}
