/**
 * `npm run fuzz -- [--runs N] [--seed S] [--family F[,F…]] [--workers K] [--limit MS]
 *   [--long-chain N] [--diamond-paths N] [--save DIR] [--case ID] [--verbose]`
 *
 * Explore mode of the hostile-input fuzz target: draws `--runs` cases (default 100,000) spread
 * over the families (or only `--family`), runs them in worker threads with the 2 s limit, prints
 * progress, every kind of failure with its first case and stack head, and the slowest case.
 * `--save DIR` writes the first case of each failure kind as YAML; `--case family:seed:index`
 * prints one case's text (to reproduce it). Exits 1 when a case failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FAMILIES, makeCase, type Family, type RunSizes } from './cases';
import { runPool, type CaseResult } from './pool';
import { describeGroup, groupFailures, summaryLines } from './report';

/** Share of the runs each family gets in explore mode. */
const SHARE: Record<Family, number> = { mutated: 0.45, 'proto-names': 0.25, iptables: 0.08, topology: 0.22 };

function main(): Promise<number> | number {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      family: { type: 'string' },
      workers: { type: 'string', default: String(Math.max(1, availableParallelism())) },
      limit: { type: 'string', default: '2000' },
      'long-chain': { type: 'string', default: '20000' },
      'diamond-paths': { type: 'string', default: '200000' },
      'max-timeouts': { type: 'string', default: '200' },
      save: { type: 'string' },
      case: { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const int = (k: keyof typeof values) => {
    const n = Number(values[k]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${k} takes a non-negative integer, got ${String(values[k])}`);
    return n;
  };
  if (values.help) {
    console.log(
      'usage: npm run fuzz -- [--runs N] [--seed S] [--family mutated,proto-names,iptables,topology] [--workers K] [--limit MS] [--long-chain N] [--diamond-paths N] [--max-timeouts N] [--save DIR] [--case family:seed:index] [--verbose]',
    );
    return 0;
  }
  const families = (values.family?.split(',') ?? [...FAMILIES]) as Family[];
  const bad = families.filter((f) => !FAMILIES.includes(f));
  if (bad.length) throw new Error(`unknown family ${bad.join(', ')} (families: ${FAMILIES.join(', ')})`);
  const runs = int('runs');
  const seed = int('seed');
  const total = families.reduce((s, f) => s + SHARE[f], 0);
  const counts = Object.fromEntries(FAMILIES.map((f) => [f, families.includes(f) ? Math.round((runs * SHARE[f]) / total) : 0])) as Record<Family, number>;
  const sizes: RunSizes = { counts, longChain: int('long-chain'), diamondPaths: int('diamond-paths') };
  if (values.case) {
    const [f, s, i] = values.case.split(':');
    if (!FAMILIES.includes(f as Family)) throw new Error(`--case takes family:seed:index, got ${values.case}`);
    const c = makeCase(f as Family, Number(s), Number(i), sizes);
    console.log(`# ${c.id}: ${c.label}${c.expect ? `\n# fuzz-expect: ${JSON.stringify(c.expect)}` : ''}\n${c.text}`);
    return 0;
  }
  return explore(sizes, seed, families, { workers: int('workers'), limitMs: int('limit'), maxTimeouts: int('max-timeouts'), save: values.save, verbose: values.verbose });
}

async function explore(sizes: RunSizes, seed: number, families: Family[], o: { workers: number; limitMs: number; maxTimeouts: number; save?: string; verbose: boolean }): Promise<number> {
  const t0 = performance.now();
  // Drawn family by family in chunks, so 100,000 cases never sit in memory at once.
  const all: CaseResult[] = [];
  let done = 0;
  const runsTotal = families.reduce((s, f) => s + sizes.counts[f], 0);
  console.log(`fuzz: ${runsTotal} cases, seed ${seed}, ${o.workers} workers, ${o.limitMs} ms limit (${families.map((f) => `${f} ${sizes.counts[f]}`).join(', ')})`);
  for (const f of families) {
    const n = sizes.counts[f];
    for (let from = 0; from < n; from += 2000) {
      const count = Math.min(2000, n - from);
      const chunk = Array.from({ length: count }, (_, k) => makeCase(f, seed, from + k, sizes));
      const res = await runPool(chunk, {
        workers: o.workers,
        limitMs: o.limitMs,
        maxTimeouts: Math.max(1, o.maxTimeouts - all.filter((r) => r.kind === 'timeout').length),
        onResult: (r) => {
          if (r.problems.length && o.verbose) console.log(`FAIL ${r.case.id} (${r.case.label}): ${r.problems[0].slice(0, 200)}`);
        },
      });
      // Keep only what the summary needs of passing cases.
      for (const r of res) all.push(r.problems.length ? r : { ...r, case: { ...r.case, text: '' } });
      done += res.length;
      console.log(`  ${done}/${runsTotal} done, ${all.filter((r) => r.problems.length).length} failed, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      if (res.length < chunk.length) {
        console.log(`stopped: ${o.maxTimeouts} cases hung`);
        break;
      }
    }
  }
  const groups = groupFailures(all);
  for (const g of groups) console.log(`\n${describeGroup(g)}`);
  if (o.save && groups.length) {
    mkdirSync(o.save, { recursive: true });
    for (const [i, g] of groups.entries()) writeFileSync(resolve(o.save, `${String(i).padStart(3, '0')}-${g.first.case.id.replace(/[^A-Za-z0-9.-]+/g, '_')}.yaml`), g.first.case.text);
    console.log(`\nsaved the first case of each of ${groups.length} failure kinds in ${o.save}`);
  }
  console.log(`\n${summaryLines(all, performance.now() - t0).join('\n')}`);
  return groups.length ? 1 : 0;
}

Promise.resolve()
  .then(main)
  .then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(`fuzz: ${e.message}`);
      process.exit(2);
    },
  );
