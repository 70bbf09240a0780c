/**
 * Loading a capture file (`format: packetwalk-capture`, written by public/capture.sh): its schema
 * errors are positioned in the capture; the import (app/import) is then loaded as scenario text, so
 * what plays is exactly what `npm run import` writes for that one capture.
 */
import { captureSchema, isCapture } from '../import/capture';
import { readYamlData } from './yaml-data';
import { importCaptures } from '../import/import';
import { importedText } from '../import/text';
import type { ScenarioError } from './errors';
import { schemaErrors } from './schema-errors';
import type { Positions } from './yaml-positions';
import { capturePositions } from './capture-positions';

/** A file opened together with the capture. */
export interface Companion {
  readonly name: string;
  read(): { readonly text: string } | { readonly error: string };
}

/**
 * Checks and imports a capture with the captures and kubectl output opened with it, then loads the
 * import with `loadText` (named `FILE (imported)` in its errors; the iptables, ipset and IPVS
 * lines located in the capture itself, as `FILE: netns REF: COMMAND` and the command's output line).
 * @returns the loaded result and the imported text, or the errors (each in its own file).
 */
export function loadCapture<R>(
  data: unknown,
  pos: Positions,
  file: string,
  loadText: (text: string, file: string, wrapPos: (pos: Positions) => Positions) => R,
  companions: readonly Companion[] = [],
): { result: R; text: string } | { ok: false; errors: ScenarioError[] } {
  const base = (f: string) => f.split('/').pop() ?? f;
  const parsed = captureSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: schemaErrors(parsed.error.issues, pos, file) };
  const captures = [{ file: base(file), capture: parsed.data }];
  const kubectl: unknown[] = [];
  const errors: ScenarioError[] = [];
  for (const c of companions) {
    const read = c.read();
    if ('error' in read) {
      errors.push({ file: c.name, line: 1, column: 1, path: '', message: read.error });
      continue;
    }
    const y = readYamlData(read.text, c.name);
    if (!y.ok) {
      errors.push(...y.errors);
      continue;
    }
    if (!isCapture(y.data)) {
      kubectl.push(y.data);
      continue;
    }
    const other = captureSchema.safeParse(y.data);
    if (!other.success) errors.push(...schemaErrors(other.error.issues, y.pos, c.name));
    else captures.push({ file: base(c.name), capture: other.data });
  }
  if (errors.length) return { ok: false, errors };
  const imported = importCaptures(captures, { kubectl });
  const text = importedText(
    imported,
    captures.map((c) => c.file),
  );
  return { result: loadText(text, `${file} (imported)`, (pos) => capturePositions(pos, imported.origins)), text };
}
