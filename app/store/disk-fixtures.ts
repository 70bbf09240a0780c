/** Test helper: the bundled scenarios read from disk with fs (what Vite's glob gives the app). */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundledText } from './types';

/** Directory of the bundled scenario files. */
export const SCENARIO_DIR = fileURLToPath(new URL('../../scenarios', import.meta.url));

/** Reads every `scenarios/*.yaml` as BundledFile records, their text read. */
export function readBundledFromDisk(): BundledText[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ id: f.replace(/\.yaml$/, ''), file: `scenarios/${f}`, text: readFileSync(resolve(SCENARIO_DIR, f), 'utf8') }))
    .sort((a, b) => a.id.localeCompare(b.id));
}
