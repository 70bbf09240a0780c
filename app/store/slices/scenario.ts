/**
 * Scenario slice: the catalog, the loaded scenario, load errors, and going to a URL location. The
 * loader runs in the engine (a Web Worker in the browser): loading and the first trace of a
 * scenario are one engine task, shown as `busy` and applied only if no newer task started.
 */
import type { StateCreator } from 'zustand';
import { createCatalog, defaultScenarioId } from '../catalog';
import { andThen, type MaybePromise } from '../engine-bridge';
import type { BundledFile, ClusterChange, PacketWalkState, ScenarioSlice, ScenarioSummary } from '../types';
import type { EngineRunner } from './engine-task';
import { retrace, targetOf, type Retraced, type TraceTarget } from './retrace';

/**
 * A cluster file's text with one setting changed, edited as a YAML document (comments and layout
 * kept); the `yaml` library is fetched the first time, so the page does not load it up front.
 */
async function withClusterChange(text: string, change: ClusterChange): Promise<string> {
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text);
  if (change.mode) doc.setIn(['kubeProxy', 'mode'], change.mode);
  if (change.cni) doc.setIn(['network', 'cni'], change.cni);
  return doc.toString();
}

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
 * @param runner runs loads and traces; a bundled file is loaded through it when first opened, the
 *   others for the catalog after the first open (at once with a synchronous engine).
 */
export function createScenarioSlice(bundled: readonly BundledFile[], runner: EngineRunner): StateCreator<PacketWalkState, [], [], ScenarioSlice> {
  return (set, get) => {
    const cat = createCatalog(runner.engine, bundled);
    let filling = false;
    /**
     * Loads the rest of the bundled files for the picker, the first time only: their lines when the
     * engine answered at once, else [] and the lines go to the store when they arrive.
     */
    const fillCatalog = (): ScenarioSummary[] => {
      if (filling) return [];
      filling = true;
      try {
        const lines = cat.summaries();
        if (!(lines instanceof Promise)) return lines;
        lines.then(
          (c) => set({ catalog: c }),
          () => undefined,
        );
      } catch {
        // a bundled file the engine could not load: the picker stays without it
      }
      return [];
    };
    /** Runs the first open of a scenario, then fills the catalog. */
    const thenFill = (p: Promise<boolean>) =>
      p.finally(() => {
        const lines = fillCatalog();
        if (lines.length) set({ catalog: lines });
      });
    /** The files opened with the user's file on screen (a cluster file's `objectsFrom:`), for switchCluster. */
    let openedWith: Readonly<Record<string, string>> | undefined;
    /** Lets the engine forget the scenario on screen when it is a user's file about to be replaced. */
    const releaseUserFile = () => {
      const { scenarioKey, scenarioId } = get();
      if (scenarioKey && scenarioId === null) runner.engine.release(scenarioKey);
    };
    const bundledFile = (id: string) => bundled.find((b) => b.id === id)?.file ?? id;

    // A synchronous engine (Node, tests) lists the catalog at once; a worker after the first open.
    const catalog = runner.engine.synchronous ? fillCatalog() : [];
    return {
      catalog,
      scenario: null,
      scenarioKey: null,
      scenarioId: null,
      loadErrors: [],
      notice: null,
      busy: null,

      loadBundledScenario(id) {
        const work = () => andThen(cat.target(id), (target) => (target ? andThen(traceOpened(runner, target, undefined), (traced) => ({ target, traced })) : null));
        return thenFill(
          runner.run('loading', bundledFile(id), work, (r) => {
            if (!r) return false;
            releaseUserFile();
            set(opened(r.target, id, r.traced));
          }),
        );
      },

      loadScenarioText(text, file, flow, files) {
        const work = () =>
          andThen(runner.engine.load(text, file, files), (r) => {
            if (!r.ok) return { errors: r.errors };
            const target = { scenario: r.scenario, key: r.key };
            return andThen(traceOpened(runner, target, flow), (traced) => ({ target, traced }));
          });
        return thenFill(
          runner.run('loading', file, work, (r) => {
            if ('errors' in r) {
              set({ loadErrors: r.errors, notice: null });
              return false;
            }
            releaseUserFile();
            openedWith = files;
            set(opened(r.target, null, r.traced));
          }),
        );
      },

      async switchCluster(change) {
        const { scenario, flowName } = get();
        const source = scenario?.cluster;
        if (!scenario || !source) return false;
        const text = await withClusterChange(source.text, change);
        const what = [change.mode && `kube-proxy ${change.mode}`, change.cni && `CNI ${change.cni}`].filter(Boolean).join(', ');
        const base = scenario.file.replace(/ \(.*\)$/, '');
        return get().loadScenarioText(text, `${base} (${what})`, flowName ?? undefined, scenario.cluster ? openedWith : undefined);
      },

      restoreLocation(loc) {
        if (loc.lang !== undefined) get().setLanguage(loc.lang);
        if (loc.present !== undefined && loc.present !== get().presenting) get().setPresenting(loc.present);
        const notices: string[] = [];
        const cur = get();
        let id = loc.scenario;
        if (id !== undefined && !cat.ids.includes(id)) {
          notices.push(`No bundled scenario "${id}"`);
          id = undefined;
        }
        id ??= cur.scenarioId ?? defaultScenarioId(cat.ids);
        const same = id !== undefined && id === cur.scenarioId;
        const work = () =>
          andThen(id === undefined ? null : same ? targetOf(cur) : cat.target(id), (target) => {
            if (!id || !target) return null;
            let flow = same ? (cur.flowName ?? undefined) : undefined;
            if (loc.flow !== undefined) {
              if (target.scenario.flows.some((f) => f.name === loc.flow)) flow = loc.flow;
              else notices.push(`no flow "${loc.flow}" in ${id}`);
            }
            if (same && flow === cur.flowName && !loc.choices) return { id, target, traced: undefined };
            return andThen(traceOpened(runner, target, flow, loc.choices), (traced) => ({ id, target, traced }));
          });
        return thenFill(
          runner.run('loading', bundledFile(id ?? ''), work, (r) => {
            if (!r) return false;
            if (r.traced !== undefined) {
              if (r.id !== get().scenarioId) releaseUserFile();
              set(opened(r.target, r.id, r.traced));
            }
            if (loc.step !== undefined) get().jumpTo(loc.step);
            const flowName = get().flowName;
            set({ notice: notices.length ? `${notices.join('; ')}: showing ${r.id}${flowName ? ` / ${flowName}` : ''}.` : null });
          }),
        ).then(() => undefined);
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
