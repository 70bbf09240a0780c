/**
 * One embedded PacketWalk, framework-free: its own store (several embeds on a page never share
 * one), the scenario named by `src` loaded through the normal loader, the commands of the host API
 * (goto, play, pause, select-flow) and notifications of readiness, errors and every step change.
 * The iframe page and the custom element both drive the same controller.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createPacketWalkStore, type EngineBridge, type PacketWalkState, type PacketWalkStore } from '../store';
import type { EmbedError } from './error-codes';
import type { StepInfo } from './messages';
import type { EmbedOptions } from './options';
import { classifySource, readSource } from './source';
import { stepInfoOf, stepKey } from './step-info';

/** What the embed shows besides the store: load phase, errors, notices, the scenario's text. */
export interface EmbedStatus {
  readonly options: EmbedOptions;
  readonly phase: 'loading' | 'ready' | 'error';
  /** Errors of the last load (fetch, fragment, the loader's own with file/line/column, the engine's). */
  readonly errors: readonly EmbedError[];
  /** A part of the options that could not be honoured (e.g. an unknown flow). */
  readonly notice: string | null;
  /** Source text of the scenario on screen (for share links). */
  readonly text: string | null;
  /** Bundled name of the scenario on screen, or null. */
  readonly bundledId: string | null;
}

/** Where the embed lives. */
export interface EmbedEnvironment {
  /** The URL relative `src` values resolve against (`document.baseURI`). */
  readonly base: string;
  /** The embed page's fragment (`#s=…` when `src` is empty); empty for the custom element. */
  readonly hash?: string;
  readonly reducedMotion?: boolean;
  /** Where the loader and engine run (a Web Worker in the browser; `createInProcessBridge()` in Node). */
  readonly engine: EngineBridge;
}

/** Listeners of an embed. */
export interface EmbedListeners {
  step?(info: StepInfo): void;
  ready?(flows: readonly string[]): void;
  error?(errors: readonly EmbedError[]): void;
}

/** The handle of one embed. */
export interface EmbedController {
  readonly store: PacketWalkStore;
  readonly status: StoreApi<EmbedStatus>;
  /** Loads (or reloads) the scenario named by the options; resolves when shown or failed. */
  load(options?: EmbedOptions): Promise<void>;
  /** Moves to the step at index `n` (0-based, clamped; the public API's numbers are converted by the caller). */
  goto(n: number): void;
  play(): void;
  pause(): void;
  /** Selects a flow by name. @returns false when the scenario has no such flow. */
  selectFlow(name: string): boolean;
  /** Changes options that need no reload (controls, lang, allowed origins, id). */
  setOptions(options: EmbedOptions): void;
  stepInfo(): StepInfo | null;
  flows(): string[];
  /** Stops notifying and stops the engine. */
  destroy(): void;
}

/** Asks the store to switch language when it can (the `setLanguage` action, when present). */
function applyLanguage(store: PacketWalkStore, lang: string): void {
  const s = store.getState() as PacketWalkState & { setLanguage?: (lang: string) => void };
  if (typeof s.setLanguage === 'function') s.setLanguage(lang);
}

/**
 * Creates an embed controller. Nothing loads until `load()`.
 * @param listeners called on readiness, errors and step changes (after the scenario is shown).
 */
export function createEmbedController(options: EmbedOptions, env: EmbedEnvironment, listeners: EmbedListeners = {}): EmbedController {
  const store = createPacketWalkStore({ bundled: [], reducedMotion: env.reducedMotion ?? false, engine: env.engine });
  const status = createStore<EmbedStatus>()(() => ({ options, phase: 'loading', errors: [], notice: null, text: null, bundledId: null }));
  let generation = 0;
  let lastKey = '';
  let live = true;
  let quiet = false;
  /** Commands received before the scenario was shown, applied once it is. */
  let pending: { step?: number; flow?: string; play?: boolean } = {};
  const waiting = () => status.getState().phase === 'loading';

  const unsubscribe = store.subscribe((s) => {
    const key = stepKey(s);
    if (!live || quiet || key === lastKey || status.getState().phase !== 'ready') return;
    lastKey = key;
    const info = stepInfoOf(s);
    if (info) listeners.step?.(info);
  });

  const fail = (errors: readonly EmbedError[]) => {
    status.setState({ phase: store.getState().scenario ? 'ready' : 'error', errors });
    if (live) listeners.error?.(errors);
  };

  async function load(next: EmbedOptions = status.getState().options): Promise<void> {
    const mine = ++generation;
    status.setState({ options: next, phase: store.getState().scenario ? 'ready' : 'loading', errors: [], notice: null });
    applyLanguage(store, next.lang);
    const got = await readSource(classifySource(next.src, env.base, env.hash ?? ''));
    if (mine !== generation) return;
    if (!got.ok) return fail(got.errors);
    const flow = pending.flow ?? next.flow;
    quiet = true;
    let loaded: boolean;
    try {
      // Loading and the first trace run in the engine (off the main thread in the browser).
      loaded = await store.getState().loadScenarioText(got.text, got.file, flow);
    } finally {
      quiet = false;
    }
    if (mine !== generation) return;
    if (!loaded) return fail(store.getState().loadErrors);
    const late = pending.flow;
    if (late && late !== flow && late !== store.getState().flowName && flows().includes(late)) {
      // A flow asked for while the engine was loading: trace it now.
      quiet = true;
      try {
        await store.getState().selectFlow(late);
      } finally {
        quiet = false;
      }
      if (mine !== generation) return;
    }
    const s = store.getState();
    quiet = true;
    let notice: string | null = null;
    const wanted = late ?? flow;
    if (wanted && !flows().includes(wanted)) notice = `No flow "${wanted}" in this scenario: showing "${s.flowName ?? ''}".`;
    const step = pending.step ?? next.step;
    if (step !== undefined) s.jumpTo(step);
    const autoplay = pending.play ?? next.autoplay;
    pending = {};
    quiet = false;
    status.setState({ phase: 'ready', errors: [], notice, text: got.text, bundledId: got.bundledId });
    if (live) listeners.ready?.(flows());
    const info = stepInfoOf(store.getState());
    lastKey = stepKey(store.getState());
    if (info && live) listeners.step?.(info);
    if (autoplay) store.getState().play();
  }

  function flows(): string[] {
    return store.getState().scenario?.flows.map((f) => f.name) ?? [];
  }

  return {
    store,
    status,
    load,
    goto(n) {
      if (waiting()) pending = { ...pending, step: n, play: false };
      else store.getState().jumpTo(n);
    },
    play() {
      if (waiting()) pending = { ...pending, play: true };
      else store.getState().play();
    },
    pause() {
      if (waiting()) pending = { ...pending, play: false };
      else store.getState().pause();
    },
    selectFlow(name) {
      if (waiting()) {
        pending = { ...pending, flow: name, step: 0 };
        return true;
      }
      if (!flows().includes(name)) return false;
      void store
        .getState()
        .selectFlow(name)
        .then((ok) => {
          const errors = store.getState().loadErrors;
          if (!ok && errors.length && live) fail(errors);
        });
      return true;
    },
    setOptions(o) {
      status.setState({ options: o });
      applyLanguage(store, o.lang);
    },
    stepInfo: () => stepInfoOf(store.getState()),
    flows,
    destroy() {
      live = false;
      generation++;
      store.getState().pause();
      unsubscribe();
      env.engine.dispose();
    },
  };
}
