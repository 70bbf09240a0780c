/**
 * One embedded PacketWalk, framework-free: its own store (several embeds on a page never share
 * one), the scenario named by `src` loaded through the normal loader, the commands of the host API
 * (goto, play, pause, select-flow) and notifications of readiness, errors and every step change.
 * The iframe page and the custom element both drive the same controller.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ScenarioError } from '../scenario';
import { createPacketWalkStore, type PacketWalkState, type PacketWalkStore } from '../store';
import type { StepInfo } from './messages';
import type { EmbedOptions } from './options';
import { classifySource, readSource } from './source';
import { stepInfoOf, stepKey } from './step-info';

/** What the embed shows besides the store: load phase, errors, notices, the scenario's text. */
export interface EmbedStatus {
  readonly options: EmbedOptions;
  readonly phase: 'loading' | 'ready' | 'error';
  /** Errors of the last load (fetch, fragment, or the loader's own with file/line/column). */
  readonly errors: readonly ScenarioError[];
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
}

/** Listeners of an embed. */
export interface EmbedListeners {
  step?(info: StepInfo): void;
  ready?(flows: readonly string[]): void;
  error?(errors: readonly ScenarioError[]): void;
}

/** The handle of one embed. */
export interface EmbedController {
  readonly store: PacketWalkStore;
  readonly status: StoreApi<EmbedStatus>;
  /** Loads (or reloads) the scenario named by the options; resolves when shown or failed. */
  load(options?: EmbedOptions): Promise<void>;
  /** Moves to step `n` (0-based, clamped). */
  goto(n: number): void;
  play(): void;
  pause(): void;
  /** Selects a flow by name. @returns false when the scenario has no such flow. */
  selectFlow(name: string): boolean;
  /** Changes options that need no reload (controls, lang, allowed origins, id). */
  setOptions(options: EmbedOptions): void;
  stepInfo(): StepInfo | null;
  flows(): string[];
  /** Stops notifying; the store stays usable. */
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
  const store = createPacketWalkStore({ bundled: [], reducedMotion: env.reducedMotion ?? false });
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

  const fail = (errors: readonly ScenarioError[]) => {
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
    const s = store.getState();
    quiet = true;
    try {
      if (!s.loadScenarioText(got.text, got.file)) return fail(store.getState().loadErrors);
    } finally {
      quiet = false;
    }
    quiet = true;
    let notice: string | null = null;
    const flow = pending.flow ?? next.flow;
    if (flow && flows().includes(flow)) s.selectFlow(flow);
    else if (flow) notice = `No flow "${flow}" in this scenario: showing "${store.getState().flowName ?? ''}".`;
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
      return store.getState().selectFlow(name);
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
    },
  };
}
