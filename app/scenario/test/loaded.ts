/**
 * Test helpers shared by the loader's callers' tests: the scenario a load gave, or a thrown error
 * listing every positioned error (so a failing test says why); and a text's errors as
 * `file:line:col: path: message` lines.
 */
import { formatError, loadScenario, type LoadResult } from '..';

/** The loaded scenario. @throws Error with every load error, one per line. */
export function loadedOrThrow(r: LoadResult) {
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  return r.scenario;
}

/** The errors of loading `text` as `file`, formatted; [] when it loads. */
export function loadErrors(text: string, file: string): string[] {
  const r = loadScenario(text, file);
  return r.ok ? [] : r.errors.map(formatError);
}
