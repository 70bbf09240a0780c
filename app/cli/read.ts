/** Reads and loads a scenario file for the CLIs, printing positioned errors. */
import { readFileSync } from 'node:fs';
import { formatError, loadScenario, type LoadedScenario } from '../scenario';

/**
 * Loads `path`.
 * @returns the scenario, or null after printing every error to stderr.
 */
export function readScenario(path: string): LoadedScenario | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    process.stderr.write(`${path}: cannot read: ${(e as Error).message}\n`);
    return null;
  }
  const r = loadScenario(text, path);
  if (!r.ok) {
    for (const e of r.errors) process.stderr.write(`${formatError(e)}\n`);
    process.stderr.write(`${r.errors.length} error${r.errors.length === 1 ? '' : 's'}\n`);
    return null;
  }
  return r.scenario;
}
