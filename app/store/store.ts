/**
 * The PacketWalk store: ONE Zustand store built from slices, created by a factory so every test
 * (and every mounted app) gets a fresh one. Framework-free (zustand/vanilla); React binds to it with
 * `useStore` in `app/ui/store-context.tsx`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createBreakageSlice } from './slices/breakage';
import { createChallengeSlice } from './slices/challenge';
import { createCursorSlice } from './slices/cursor';
import { createFlowSlice } from './slices/flow';
import { createPanelSlice } from './slices/panel';
import { createPlaybackSlice } from './slices/playback';
import { createPreferencesSlice } from './slices/preferences';
import { createPresenterSlice } from './slices/presenter';
import { createScenarioSlice } from './slices/scenario';
import { createEngineRunner } from './slices/engine-task';
import type { EngineBridge } from './engine-bridge';
import type { BundledFile, PacketWalkState, StoredPreferences } from './types';

/** What the store is built from. */
export interface StoreOptions {
  /** The bundled scenario files: `bundledScenarios` from `./bundled` in the app, fs reads in tests. */
  readonly bundled: readonly BundledFile[];
  /**
   * Where the loader and the engine run: the app and the embeds pass a Web Worker bridge
   * (`app/worker/spawn.ts`); Node (tests, CLIs) passes `createInProcessBridge()`. No default, so
   * that the browser bundles never carry the engine on the main thread.
   */
  readonly engine: EngineBridge;
  /** Initial reduced-motion preference (the app passes `prefers-reduced-motion`). */
  readonly reducedMotion?: boolean;
  /** Initial language, theme and palette (the app passes stored preferences and the browser's language). */
  readonly preferences?: Partial<StoredPreferences>;
}

/** A PacketWalk store instance. */
export type PacketWalkStore = StoreApi<PacketWalkState>;

/**
 * Creates a fresh store. Nothing is on screen yet: call `restoreLocation` (the app does, from the
 * URL) or `loadBundledScenario`. A synchronous engine loads the bundled files at once for the
 * catalog; with a worker the scenario opened first is loaded alone, and the catalog fills in after.
 */
export function createPacketWalkStore(options: StoreOptions): PacketWalkStore {
  const engine = options.engine;
  return createStore<PacketWalkState>()((...a) => {
    const runner = createEngineRunner(engine, a[0], a[1]);
    return {
      ...createScenarioSlice(options.bundled, runner)(...a),
      ...createFlowSlice(runner)(...a),
      ...createBreakageSlice(runner)(...a),
      ...createCursorSlice(...a),
      ...createPlaybackSlice(...a),
      ...createPreferencesSlice(options.reducedMotion ?? false, options.preferences)(...a),
      ...createChallengeSlice(...a),
      ...createPresenterSlice(...a),
      ...createPanelSlice(...a),
    };
  });
}
