/** Builds the scenario picker's catalog from the bundled files, keeping each parsed scenario. */
import type { LoadedScenario } from '../scenario';
import { parseScenario } from './engine-bridge';
import type { BundledFile, ScenarioSummary } from './types';

/** The catalog plus the parsed scenarios, by id (so a bundled scenario is parsed once). */
export interface Catalog {
  readonly summaries: readonly ScenarioSummary[];
  readonly loaded: ReadonlyMap<string, LoadedScenario>;
}

/**
 * Parses every bundled file once.
 * @param files bundled scenario files (any order; the catalog is sorted by id).
 * @returns picker summaries (with errors for a file that fails, which should never happen) and the
 *   loaded scenarios by id.
 */
export function buildCatalog(files: readonly BundledFile[]): Catalog {
  const loaded = new Map<string, LoadedScenario>();
  const summaries = [...files]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((f): ScenarioSummary => {
      const r = parseScenario(f.text, f.file);
      if (!r.ok) return { id: f.id, file: f.file, title: f.id, flows: [], errors: r.errors };
      loaded.set(f.id, r.scenario);
      const m = r.scenario.metadata;
      return {
        id: f.id,
        file: f.file,
        title: m.title,
        description: m.description,
        source: m.source,
        flows: r.scenario.flows.map((fl) => ({ name: fl.name, title: fl.title })),
        errors: [],
      };
    });
  return { summaries, loaded };
}

/** The scenario opened when the URL names none: canal-nodeport when bundled, else the first. */
export function defaultScenarioId(summaries: readonly ScenarioSummary[]): string | undefined {
  const ok = summaries.filter((s) => s.errors.length === 0);
  return (ok.find((s) => s.id === 'canal-nodeport') ?? ok[0])?.id;
}
