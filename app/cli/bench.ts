/**
 * `npm run bench`: loads every bundled scenario and traces every flow repeatedly, printing the
 * time per load and per trace (median of the runs) and the heap growth. Targets: a trace of a
 * bundled flow under 20 ms and a scenario load under 50 ms on the CI machine (2 cores).
 * Then the cluster-scale figures (../bench/scale.ts: kube-proxy nodes of 100 to 5,000 Services,
 * load time beside `iptables-restore --test`, growth, trace time, peak RSS), each with its target.
 * Then the app is built (`npm run build`, so the browser figures measure this source), and the bench
 * prints the gzip size of what a documentation page downloads for an embed (the `<packet-walk>`
 * script with its styles, and the `embed.html` iframe page) against the 250 kB budget, the first
 * meaningful paint of the app and of the embed (target ≤ 1 s), and the topology's frame rate at
 * 50 nodes / 600 pods while zooming and panning during playback (target ≥ 50 fps).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { simulate } from '../engine';
import { flowInput, loadScenario } from '../scenario';
import { over, runScaleBench } from '../bench/scale';
import { buildOnce } from '../bench/preview-server';
import { EMBED_BUDGET_BYTES, measureEmbeds } from './embed-size';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const dir = resolve('scenarios');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const heap0 = process.memoryUsage().heapUsed;
let worstTrace = 0;
let worstLoad = 0;
for (const f of readdirSync(dir)
  .filter((x) => x.endsWith('.yaml'))
  .sort()) {
  const text = readFileSync(resolve(dir, f), 'utf8');
  const loads: number[] = [];
  let scenario;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = loadScenario(text, f);
    loads.push(performance.now() - t0);
    if (!r.ok) throw new Error(`${f} does not load`);
    scenario = r.scenario;
  }
  worstLoad = Math.max(worstLoad, median(loads));
  for (const flow of scenario!.flows) {
    const times: number[] = [];
    let steps = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      steps = simulate(scenario!.world, flowInput(flow, undefined, scenario!.flows)).steps.length;
      times.push(performance.now() - t0);
    }
    worstTrace = Math.max(worstTrace, median(times));
    console.log(`${f.padEnd(42)} ${flow.name.padEnd(36)} load ${median(loads).toFixed(2).padStart(7)} ms  trace ${median(times).toFixed(2).padStart(7)} ms  ${steps} steps`);
  }
}
const heapMb = (process.memoryUsage().heapUsed - heap0) / 1048576;
console.log(`worst median load ${worstLoad.toFixed(2)} ms (target < 50), worst median trace ${worstTrace.toFixed(2)} ms (target < 20), heap growth ${heapMb.toFixed(1)} MiB`);
if (worstLoad > 50 || worstTrace > 20) {
  console.log('BENCH OVER TARGET');
  process.exitCode = 1;
}

// Cluster scale (issue 11): kube-proxy nodes of 100 to 5,000 Services beside the kernel's parser.
if (runScaleBench((line) => console.log(line)).some(over)) {
  console.log('SCALE OVER TARGET');
  process.exitCode = 1;
}

// Cluster files (issue 12): 3 nodes, 20 pods, 10 Services expand and load in ≤ 200 ms.
if (!(await import('../bench/cluster-expand')).runClusterExpandBench((line) => console.log(line))) process.exitCode = 1;

const dist = resolve('dist');
const ids = readdirSync(dir)
  .filter((x) => x.endsWith('.yaml'))
  .map((x) => x.replace(/\.yaml$/, ''));
if (!buildOnce((line) => console.log(line))) console.log('the build failed (`npm run build`): the browser figures below are NOT MEASURED.');
const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const sizes = measureEmbeds(dist, ids);
if (!sizes) {
  console.log('embed size: NOT MEASURED: dist/packet-walk.js or dist/embed.html is missing after the build.');
  process.exitCode = 1;
} else {
  for (const s of sizes) {
    console.log(`embed size: ${s.form}: ${kb(s.total)} gzip (budget < ${kb(EMBED_BUDGET_BYTES)})`);
    for (const f of s.files) console.log(`  ${f.file.padEnd(60)} ${kb(f.gzip).padStart(9)}`);
  }
  if (sizes.some((s) => s.total >= EMBED_BUDGET_BYTES)) {
    console.log('EMBED OVER BUDGET');
    process.exitCode = 1;
  }
}

// First meaningful paint of the built app and embed (issue 11): topology on screen ≤ 1 s (../bench/first-paint.ts).
if (!(await (await import('../bench/first-paint')).runFirstPaintBench((line) => console.log(line)))) process.exitCode = 1;

// Topology at 50 nodes and 600 pods (issue 11): frames per second of zoom/pan while the packet
// plays, in headless Chromium against the built app (../bench/topology-fps.ts).
if (!(await (await import('../bench/topology-fps')).runTopologyFpsBench((line) => console.log(line)))) process.exitCode = 1;
