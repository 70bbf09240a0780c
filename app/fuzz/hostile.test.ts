/**
 * The hostile-input fuzz target (issue 8): 2,100 generated cases with a fixed seed (mutated
 * bundled scenarios, Object.prototype names in every name position, hostile iptables, and
 * self-referencing topologies) plus the saved reproducers in `repro/`. Every case must end in
 * less than 2 s with positioned errors or Traces that end delivered, dropped or at an engine limit
 * (never an exception), load the same way twice, and, where the generator knows the answer (the
 * kernel's jump limit, the INPUT policy, a consistent renaming), give that answer. Cases run in
 * worker threads (pool.ts), so a hang is stopped and reported instead of blocking the suite.
 * `npm run fuzz -- --runs 100000 --seed N` explores further.
 */
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILIES, makeCases } from './cases';
import { runPool, type CaseResult } from './pool';
import { describeGroup, groupFailures, summaryLines } from './report';
import { reproCases } from './reproducers';

/** The seed of `npm test`'s cases. */
const SEED = 8;
/** A red run stops dispatching after this many hangs (each costs the full 2 s). */
const MAX_TIMEOUTS = 10;

const cases = [...makeCases(SEED), ...reproCases()];
let results: CaseResult[] = [];
let wallMs = 0;

beforeAll(async () => {
  const t0 = performance.now();
  results = await runPool(cases, { workers: Math.max(2, Math.min(4, availableParallelism())), limitMs: 2000, maxTimeouts: MAX_TIMEOUTS });
  wallMs = performance.now() - t0;
}, 600_000);

afterAll(() => {
  console.log(summaryLines(results, wallMs).join('\n'));
});

describe('hostile input fuzz', () => {
  it('draws at least 2,000 cases', () => {
    expect(cases.filter((c) => c.family !== 'repro').length).toBeGreaterThanOrEqual(2000);
  });

  it('ran every case (a red run stops after repeated hangs)', () => {
    expect(results.length, `${cases.length - results.length} cases not run after ${MAX_TIMEOUTS} hangs`).toBe(cases.length);
  });

  for (const family of [...FAMILIES, 'repro'])
    it(`${family}: every case ends in < 2 s with positioned errors or a Trace, never an exception`, () => {
      const failures = groupFailures(results.filter((r) => r.case.family === family)).map(describeGroup);
      expect(failures).toEqual([]);
    });
});
