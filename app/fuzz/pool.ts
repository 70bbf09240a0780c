/**
 * Runs fuzz cases in worker threads with a wall-time limit: a case that does not answer within
 * the limit (a hang, an endless loop) or that runs its thread out of memory is recorded as failed
 * and its thread is replaced. Workers load TypeScript through tsx, so the pool works the same
 * under vitest and under `tsx`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CheckResult, Expectation } from './check';

/** One case to run. */
export interface FuzzCase {
  readonly family: string;
  /** `family:seed:index`: regenerates the case (cases.ts makeCase). */
  readonly id: string;
  /** What the generator drew, in a few words. */
  readonly label: string;
  readonly text: string;
  readonly file: string;
  readonly expect?: Expectation;
}

/** A case's verdict: the oracle's, or 'timeout' / 'crash' from the pool. */
export interface CaseResult extends Omit<CheckResult, 'kind'> {
  readonly kind: CheckResult['kind'] | 'timeout' | 'crash';
  readonly case: FuzzCase;
  /** Wall time of the case (see checkCase), or until it was given up, in ms. */
  readonly ms: number;
}

/** Pool options. */
export interface PoolOptions {
  readonly workers: number;
  /** A case taking longer than this fails. */
  readonly limitMs: number;
  /**
   * A worker still in the timed part after limitMs + 250 ms is ended; the oracle's second load
   * and trace that follow get this long (default 2 × limitMs + 250 ms).
   */
  readonly killAfterMs?: number;
  /** Heap limit of each worker thread, in MB. */
  readonly heapMb?: number;
  /** Called after each case. */
  readonly onResult?: (r: CaseResult) => void;
  /** Stop dispatching new cases once this many have timed out (bounds a red run's time). */
  readonly maxTimeouts?: number;
}

const require = createRequire(import.meta.url);
// tsx's ES-module API (its CommonJS build cannot register hooks from an eval'd worker).
const TSX_API = pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
const WORKER = new URL('./worker.ts', import.meta.url).href;
const BOOT = `import(${JSON.stringify(TSX_API)}).then((m) => m.tsImport(${JSON.stringify(WORKER)}, ${JSON.stringify(WORKER)}));`;

/** How long past the limit a case may run before its worker is ended. */
const GRACE_MS = 250;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
}

function spawn(heapMb: number): Slot {
  const worker = new Worker(BOOT, { eval: true, resourceLimits: { maxOldGenerationSizeMb: heapMb }, stdout: true, stderr: true });
  // The engine or the YAML library may print; the pool's caller does not want it.
  worker.stdout.resume();
  worker.stderr.resume();
  const ready = new Promise<void>((res, rej) => {
    const onMsg = (m: { ready?: boolean }) => {
      if (m.ready) {
        worker.off('message', onMsg);
        res();
      }
    };
    worker.on('message', onMsg);
    worker.once('error', rej);
  });
  return { worker, ready };
}

function runIn(slot: Slot, c: FuzzCase, n: number, limitMs: number, killAfterMs: number): Promise<CaseResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const done = (r: Omit<CaseResult, 'case'>) => {
      clearTimeout(timer);
      slot.worker.off('message', onMsg);
      slot.worker.off('error', onErr);
      slot.worker.off('exit', onExit);
      const slow = r.ms >= limitMs && r.kind !== 'timeout' ? [`took ${Math.round(r.ms)} ms (limit ${limitMs} ms)`] : [];
      resolve({ ...r, problems: [...slow, ...r.problems], case: c });
    };
    const wall = () => performance.now() - t0;
    const onMsg = (m: CheckResult & { n: number; timed?: number }) => {
      if (m.n !== n) return;
      if (m.timed !== undefined) {
        clearTimeout(timer);
        timer = setTimeout(() => done({ problems: [`the oracle's second load did not end within ${killAfterMs} ms`], kind: 'timeout', flows: 0, ms: m.timed! }), killAfterMs);
      } else done({ problems: m.problems, kind: m.kind, flows: m.flows, stack: m.stack, ms: m.ms });
    };
    const onErr = (e: Error) => done({ problems: [`worker died: ${e.message}`], kind: 'crash', flows: 0, ms: wall(), stack: e.stack?.split('\n').slice(0, 4).join('\n') });
    const onExit = (code: number) => done({ problems: [`worker exited with code ${code}`], kind: 'crash', flows: 0, ms: wall() });
    let timer = setTimeout(() => done({ problems: [`not done after ${limitMs + GRACE_MS} ms (hang or runaway): stopped`], kind: 'timeout', flows: 0, ms: wall() }), limitMs + GRACE_MS);
    slot.worker.on('message', onMsg);
    slot.worker.on('error', onErr);
    slot.worker.on('exit', onExit);
    slot.worker.postMessage({ n, text: c.text, file: c.file, expect: c.expect });
  });
}

/** Runs every case; returns the results in case order (cases not run after `maxTimeouts` are left out). */
export async function runPool(cases: readonly FuzzCase[], opt: PoolOptions): Promise<CaseResult[]> {
  const heap = opt.heapMb ?? 1024;
  const out: CaseResult[] = [];
  let next = 0;
  let timeouts = 0;
  const lane = async () => {
    let slot = spawn(heap);
    await slot.ready;
    while (next < cases.length && timeouts < (opt.maxTimeouts ?? Infinity)) {
      const i = next++;
      const r = await runIn(slot, cases[i], i, opt.limitMs, opt.killAfterMs ?? 2 * opt.limitMs + GRACE_MS);
      out[i] = r;
      opt.onResult?.(r);
      if (r.kind === 'timeout' || r.kind === 'crash') {
        if (r.kind === 'timeout') timeouts++;
        await slot.worker.terminate();
        slot = spawn(heap);
        await slot.ready;
      }
    }
    await slot.worker.terminate();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opt.workers, cases.length)) }, lane));
  return out.filter(Boolean);
}
