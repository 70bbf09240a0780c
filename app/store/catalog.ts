/** Builds the scenario picker's catalog from the bundled files, loading each through the engine once. */
import type { LoadedScenario } from '../scenario';
import { andThen, type EngineBridge, type MaybePromise } from './engine-bridge';
import type { TraceTarget } from './slices/retrace';
import type { BundledFile, ScenarioSummary } from './types';

/** The catalog plus the loaded scenarios, by id (so a bundled scenario is parsed once). */
export interface Catalog {
  readonly summaries: readonly ScenarioSummary[];
  readonly loaded: ReadonlyMap<string, TraceTarget>;
}

/** The picker's line for a scenario that loaded. */
function summaryOf(f: BundledFile, scenario: LoadedScenario): ScenarioSummary {
  const m = scenario.metadata;
  return {
    id: f.id,
    file: f.file,
    title: m.title,
    description: m.description,
    source: m.source,
    flows: scenario.flows.map((fl) => ({ name: fl.name, title: fl.title })),
    errors: [],
  };
}

/**
 * Loads every bundled file once, in the engine (a worker in the browser).
 * @param files bundled scenario files (any order; the catalog is sorted by id).
 * @returns picker summaries (with errors for a file that fails, which should never happen) and the
 *   loaded scenarios by id, with their engine keys; synchronously when the bridge answers so.
 */
export function buildCatalog(engine: EngineBridge, files: readonly BundledFile[]): MaybePromise<Catalog> {
  const loaded = new Map<string, TraceTarget>();
  const sorted = [...files].sort((a, b) => a.id.localeCompare(b.id));
  const results = sorted.map((f) =>
    andThen(engine.load(f.text, f.file), (r): ScenarioSummary => {
      if (!r.ok) return { id: f.id, file: f.file, title: f.id, flows: [], errors: r.errors };
      loaded.set(f.id, { scenario: r.scenario, key: r.key });
      return summaryOf(f, r.scenario);
    }),
  );
  const done = (summaries: ScenarioSummary[]): Catalog => ({ summaries, loaded });
  return results.some((r) => r instanceof Promise) ? Promise.all(results).then(done) : done(results as ScenarioSummary[]);
}

/** The scenario opened when the URL names none: canal-nodeport when bundled, else the first. */
export function defaultScenarioId(summaries: readonly ScenarioSummary[]): string | undefined {
  const ok = summaries.filter((s) => s.errors.length === 0);
  return (ok.find((s) => s.id === 'canal-nodeport') ?? ok[0])?.id;
}
