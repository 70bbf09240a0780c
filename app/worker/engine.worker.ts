/**
 * The engine's Web Worker: loads scenarios and traces flows off the main thread, so that no
 * scenario, however large or crafted, blocks the page. Large results are sent in parts (see
 * `chunked.ts`) so that the main thread never deserialises one huge message. A request that runs
 * too long is not cancelled here: the main thread terminates this worker and starts a new one.
 */
import { encodeChunked } from './chunked';
import { EngineCore } from './engine-core';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { provideClusterLoader } from '../scenario/load-cluster-lazy';
import { provideCaptureLoader } from '../scenario/load-capture-lazy';

const core = new EngineCore();
const post = (msg: WorkerResponse) => (self as unknown as { postMessage(m: WorkerResponse): void }).postMessage(msg);

/** Runs one request and returns its result (plain data). */
function run(req: Exclude<WorkerRequest, { op: 'release' }>): unknown {
  if (req.op === 'load') {
    const r = core.load(req.key, req.text, req.file, req.files);
    return req.quiet ? { ok: r.ok } : r;
  }
  return core.trace(req.key, req.flow, req.choices, req.breakages);
}

/**
 * A cluster file (`kind: Cluster`) needs the cluster builder, fetched once. Any text naming
 * `Cluster` fetches it (whatever YAML style the file uses); a scenario that does is none the worse.
 */
let builder: Promise<void> | undefined;
let importer: Promise<void> | undefined;

/** Runs one request and posts its answer (in parts, then done, or the error). */
async function handle(req: WorkerRequest): Promise<void> {
  if (req.op === 'release') return core.release(req.key);
  try {
    // The builder (and its hashes and kube-proxy generators) is its own chunk: the worker a visitor
    // downloads before the first picture does not carry it.
    if (req.op === 'load' && req.text.includes('Cluster')) await (builder ??= import('../scenario/load-cluster.ts').then(provideClusterLoader));
    // The same for a capture of real nodes (public/capture.sh) and the importer.
    if (req.op === 'load' && req.text.includes('packetwalk-capture')) await (importer ??= import('../scenario/load-capture.ts').then(provideCaptureLoader));
    const result = run(req);
    const done = encodeChunked(result, (part) => post({ id: req.id, part }));
    post({ id: req.id, done });
  } catch (err) {
    post({ id: req.id, error: err instanceof Error ? err.message : String(err) });
  }
}

// Requests are answered in the order they arrive, also while the builder is being fetched.
let queue: Promise<void> = Promise.resolve();
self.addEventListener('message', (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  queue = queue.then(() => handle(req));
});
