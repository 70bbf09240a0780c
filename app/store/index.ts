/**
 * The PacketWalk store: factory, state types, selectors and playback constants. The bundled scenario
 * registry (`./bundled`, Vite-only) is imported by the app entry, not from here, so this module runs
 * in Node. The in-process engine bridge (Node, tests) is imported from `./in-process-bridge`
 * directly, so that no browser bundle carries the loader on the main thread.
 */
export { createPacketWalkStore, type PacketWalkStore, type StoreOptions } from './store';
export type * from './types';
export { EngineFailure, type EngineBridge, type BridgeLoadResult, type TracedFlow } from './engine-bridge';
export * from './selectors';
export { PLAYBACK_SPEEDS, STEP_MS } from './slices/playback';
export { PRESENTER_PACES } from './slices/presenter';
export { DEFAULT_PREFERENCES, sanitizePreferences } from './slices/preferences';
/** Largest scenario text the loader accepts (file readers read at most one byte more). */
export { MAX_SCENARIO_BYTES } from '../scenario/limits';
