/**
 * Loading a capture file (`format: packetwalk-capture`, written by public/capture.sh): its schema
 * errors are positioned in the capture; the import (app/import) is then loaded as scenario text, so
 * what plays is exactly what `npm run import` writes for that one capture.
 */
import { captureSchema } from '../import/capture';
import { importCaptures } from '../import/import';
import { importedText } from '../import/text';
import type { ScenarioError } from './errors';
import { schemaErrors } from './schema-errors';
import type { Positions } from './yaml-positions';

/**
 * Checks and imports a capture, then loads the import with `loadText` (named `FILE (imported)` in
 * its errors). @returns the loaded result and the imported text, or the capture's own errors.
 */
export function loadCapture<R>(data: unknown, pos: Positions, file: string, loadText: (text: string, file: string) => R): { result: R; text: string } | { ok: false; errors: ScenarioError[] } {
  const parsed = captureSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: schemaErrors(parsed.error.issues, pos, file) };
  const name = file.split('/').pop() ?? file;
  const imported = importCaptures([{ file: name, capture: parsed.data }]);
  const text = importedText(imported, [name]);
  return { result: loadText(text, `${file} (imported)`), text };
}
