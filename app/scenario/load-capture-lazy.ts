/**
 * What the app's engine worker loads instead of ./load-capture.ts (vite.config.ts aliases it): the
 * importer (app/import) is not part of the worker a visitor downloads before the first picture.
 * The worker fetches it (`provideCaptureLoader`, engine.worker.ts) the first time it is given a
 * capture file, then loads that file as ./load-capture.ts would.
 */
import type { ScenarioError } from './errors';
import type { Companion } from './load-capture';
import type { Positions } from './yaml-positions';

type Impl = typeof import('./load-capture');
let impl: Impl | undefined;

/** Hands over the importer once it is fetched. */
export function provideCaptureLoader(m: Impl): void {
  impl = m;
}

/** ./load-capture.ts `loadCapture`, once provided; before that, an error at `format:` (the worker provides it first). */
export function loadCapture<R>(
  data: unknown,
  pos: Positions,
  file: string,
  loadText: (text: string, file: string) => R,
  companions: readonly Companion[] = [],
): { result: R; text: string } | { ok: false; errors: ScenarioError[] } {
  if (impl) return impl.loadCapture(data, pos, file, loadText, companions);
  return { ok: false, errors: [{ file, ...pos.ofPath(['format']), path: 'format', message: 'the capture importer is not loaded yet; open the file again' }] };
}
