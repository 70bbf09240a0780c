/**
 * Starting the engine worker for the app and the embed page (same origin as the built files): Vite
 * bundles `engine.worker.ts` and its imports into a worker script of its own.
 */
import type { EngineBridge } from '../store/engine-bridge';
import { createWorkerBridge } from './worker-bridge';

/** An engine bridge backed by a module worker running `engine.worker.ts`. */
export function createEngineWorkerBridge(): EngineBridge {
  return createWorkerBridge({ spawn: () => new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'packetwalk-engine' }) });
}
