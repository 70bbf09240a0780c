/**
 * The scenario picker's catalog of the bundled files. Each file is loaded through the engine at most
 * once, when it is first needed: the scenario a visitor opens is loaded alone and first, so the page
 * shows it without waiting for the other files; the picker's list fills in afterwards.
 */
import type { LoadedScenario } from '../scenario';
import { andThen, type EngineBridge, type MaybePromise } from './engine-bridge';
import type { TraceTarget } from './slices/retrace';
import type { BundledFile, ScenarioSummary } from './types';

/** The bundled files, each loaded once on demand. */
export interface Catalog {
  /** The ids of the bundled files, sorted. */
  readonly ids: readonly string[];
  /**
   * Loads bundled file `id` (the first call only) and gives its scenario with its engine key.
   * @returns null when no bundled file has that id or it does not load (never expected); a promise
   *   when the bridge answers later.
   */
  target(id: string): MaybePromise<TraceTarget | null>;
  /** Loads every file not loaded yet and gives the picker's lines, sorted by id (errors for a file that fails). */
  summaries(): MaybePromise<ScenarioSummary[]>;
}

/** The picker's line for a scenario that loaded. */
function summaryOf(f: BundledFile, scenario: LoadedScenario): ScenarioSummary {
  const m = scenario.metadata;
  return {
    id: f.id,
    file: f.file,
    title: m.title,
    description: m.description,
    topic: m.topic,
    source: m.source,
    flows: scenario.flows.map((fl) => ({ name: fl.name, title: fl.title })),
    errors: [],
  };
}

interface Entry {
  readonly summary: ScenarioSummary;
  readonly target: TraceTarget | null;
}

/**
 * Creates the catalog of `files` over `engine`; nothing is loaded until asked for.
 * @param files bundled scenario files (any order).
 */
export function createCatalog(engine: EngineBridge, files: readonly BundledFile[]): Catalog {
  const sorted = [...files].sort((a, b) => a.id.localeCompare(b.id));
  const entries = new Map<string, MaybePromise<Entry>>();
  const entry = (f: BundledFile): MaybePromise<Entry> => {
    let e = entries.get(f.id);
    if (e === undefined) {
      const text = typeof f.text === 'string' ? f.text : f.text();
      e = andThen(
        andThen(text, (t) => engine.load(t, f.file)),
        (r): Entry =>
          r.ok ? { summary: summaryOf(f, r.scenario), target: { scenario: r.scenario, key: r.key } } : { summary: { id: f.id, file: f.file, title: f.id, flows: [], errors: r.errors }, target: null },
      );
      entries.set(f.id, e);
    }
    return e;
  };
  return {
    ids: sorted.map((f) => f.id),
    target(id) {
      const f = sorted.find((x) => x.id === id);
      return f ? andThen(entry(f), (e) => e.target) : null;
    },
    summaries() {
      const all = sorted.map(entry);
      const lines = (es: Entry[]) => es.map((e) => e.summary);
      return all.some((e) => e instanceof Promise) ? Promise.all(all).then(lines) : lines(all as Entry[]);
    },
  };
}

/** The scenario opened when the URL names none: canal-nodeport when bundled, else the first id. */
export function defaultScenarioId(ids: readonly string[]): string | undefined {
  return ids.includes('canal-nodeport') ? 'canal-nodeport' : ids[0];
}
