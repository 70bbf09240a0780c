/**
 * Worker thread of the fuzz pool: receives cases, runs the oracle ({@link checkCase}) and posts the
 * verdict (with the case's wall time). A case that never ends is ended by the pool terminating this
 * thread.
 */
import { parentPort } from 'node:worker_threads';
import { checkCase, type Expectation } from './check';

/** A case sent to the worker. */
export interface WorkerJob {
  readonly n: number;
  readonly text: string;
  readonly file: string;
  readonly expect?: Expectation;
}

parentPort?.on('message', (job: WorkerJob) => {
  const r = checkCase(job.text, job.file, job.expect, (ms) => parentPort!.postMessage({ n: job.n, timed: ms }));
  parentPort!.postMessage({ n: job.n, ...r });
});
parentPort?.postMessage({ ready: true });
