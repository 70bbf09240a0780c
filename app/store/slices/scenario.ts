/**
 * Scenario slice: the catalog, the loaded scenario, load errors, and going to a URL location. The
 * loader runs in the engine (a Web Worker in the browser): loading and the first trace of a
 * scenario are one engine task, shown as `busy` and applied only if no newer task started.
 */
import type { StateCreator } from 'zustand';
import { buildCatalog, defaultScenarioId, type Catalog } from '../catalog';
import { andThen, type MaybePromise } from '../engine-bridge';
import type { BundledFile, PacketWalkState, ScenarioSlice } from '../types';
import type { EngineRunner } from './engine-task';
import { retrace, targetOf, type Retraced, type TraceTarget } from './retrace';

/** The state of a freshly opened scenario, traced at `traced` (or without a flow). */
function opened(target: TraceTarget, scenarioId: string | null, traced: Retraced | null): Partial<PacketWalkState> {
  const flow = traced ?? { flowName: null, choices: {}, breakages: [], trace: null, world: null, baseTrace: null };
  return { scenario: target.scenario, scenarioKey: target.key, scenarioId, loadErrors: [], notice: null, playing: false, autoAdvance: false, step: 0, ...flow };
}

/** Traces `flow` of a target (or nothing when the scenario has no flows). */
function traceOpened(runner: EngineRunner, target: TraceTarget, flow: string | undefined, choices: Readonly<Record<string, number>> = {}): MaybePromise<Retraced | null> {
  const name = flow && target.scenario.flows.some((f) => f.name === flow) ? flow : target.scenario.flows[0]?.name;
  return name ? retrace(runner.engine, target, name, choices, []) : null;
}

/**
 * Creates the scenario slice.
 * @param bundled the bundled scenario files (Vite's glob in the app, files read with fs in tests).
 * @param runner runs loads and traces; the bundled files are loaded through it at once.
 */
export function createScenarioSlice(bundled: readonly BundledFile[], runner: EngineRunner): StateCreator<PacketWalkState, [], [], ScenarioSlice> {
  return (set, get) => {
    const empty: Catalog = { summaries: [], loaded: new Map() };
    let ready: MaybePromise<Catalog>;
    try {
      ready = buildCatalog(runner.engine, bundled);
    } catch {
      ready = empty;
    }
    if (ready instanceof Promise) {
      ready = ready.then(
        (c) => (set({ catalog: c.summaries }), c),
        () => empty,
      );
    }
    /** Lets the engine forget the scenario on screen when it is a user's file about to be replaced. */
    const releaseUserFile = () => {
      const { scenarioKey, scenarioId } = get();
      if (scenarioKey && scenarioId === null) runner.engine.release(scenarioKey);
    };
    const bundledFile = (id: string) => bundled.find((b) => b.id === id)?.file ?? id;

    return {
      catalog: ready instanceof Promise ? [] : ready.summaries,
      scenario: null,
      scenarioKey: null,
      scenarioId: null,
      loadErrors: [],
      notice: null,
      busy: null,

      loadBundledScenario(id) {
        const work = () =>
          andThen(ready, (cat) => {
            const target = cat.loaded.get(id);
            return target ? andThen(traceOpened(runner, target, undefined), (traced) => ({ target, traced })) : null;
          });
        return runner.run('loading', bundledFile(id), work, (r) => {
          if (!r) return false;
          releaseUserFile();
          set(opened(r.target, id, r.traced));
        });
      },

      loadScenarioText(text, file, flow) {
        const work = () =>
          andThen(runner.engine.load(text, file), (r) => {
            if (!r.ok) return { errors: r.errors };
            const target = { scenario: r.scenario, key: r.key };
            return andThen(traceOpened(runner, target, flow), (traced) => ({ target, traced }));
          });
        return runner.run('loading', file, work, (r) => {
          if ('errors' in r) {
            set({ loadErrors: r.errors, notice: null });
            return false;
          }
          releaseUserFile();
          set(opened(r.target, null, r.traced));
        });
      },

      restoreLocation(loc) {
        if (loc.lang !== undefined) get().setLanguage(loc.lang);
        if (loc.present !== undefined && loc.present !== get().presenting) get().setPresenting(loc.present);
        const notices: string[] = [];
        const work = () =>
          andThen(ready, (cat) => {
            const cur = get();
            let id = loc.scenario;
            if (id !== undefined && !cat.loaded.has(id)) {
              notices.push(`No bundled scenario "${id}"`);
              id = undefined;
            }
            id ??= cur.scenarioId ?? defaultScenarioId(cat.summaries);
            const same = id !== undefined && id === cur.scenarioId;
            const target = id === undefined ? null : same ? targetOf(cur) : (cat.loaded.get(id) ?? null);
            if (!id || !target) return null;
            let flow = same ? (cur.flowName ?? undefined) : undefined;
            if (loc.flow !== undefined) {
              if (target.scenario.flows.some((f) => f.name === loc.flow)) flow = loc.flow;
              else notices.push(`no flow "${loc.flow}" in ${id}`);
            }
            if (same && flow === cur.flowName && !loc.choices) return { id, target, traced: undefined };
            return andThen(traceOpened(runner, target, flow, loc.choices), (traced) => ({ id, target, traced }));
          });
        return runner
          .run('loading', bundledFile(loc.scenario ?? get().scenarioId ?? ''), work, (r) => {
            if (!r) return false;
            if (r.traced !== undefined) {
              if (r.id !== get().scenarioId) releaseUserFile();
              set(opened(r.target, r.id, r.traced));
            }
            if (loc.step !== undefined) get().jumpTo(loc.step);
            const flowName = get().flowName;
            set({ notice: notices.length ? `${notices.join('; ')}: showing ${r.id}${flowName ? ` / ${flowName}` : ''}.` : null });
          })
          .then(() => undefined);
      },

      showLoadErrors(errors) {
        set({ loadErrors: [...errors], notice: null });
      },

      dismissErrors() {
        set({ loadErrors: [], notice: null });
      },
    };
  };
}
