/**
 * The bundled scenarios of the classic `<packet-walk>` script (stands in for ../bundled-lazy.ts in
 * vite.embed-classic.config.ts): the same names and defaults, each file loaded on demand from
 * `packet-walk-classic/` with a script tag (./jsonp.ts), so no scenario is fetched with CORS.
 */
import type { BundledText } from '../../store';
import { CLASSIC_FILES, loadClassicFile } from './jsonp';

/** The names of the bundled scenarios (`canal-nodeport`, …), sorted. */
export const BUNDLED_IDS: readonly string[] = Object.keys(CLASSIC_FILES.scenarios).sort();

/** The scenario an embed shows when `src` is empty. */
export const DEFAULT_BUNDLED_ID = BUNDLED_IDS.includes('canal-nodeport') ? 'canal-nodeport' : (BUNDLED_IDS[0] ?? '');

/**
 * Loads one bundled scenario file.
 * @returns the file, or null when no bundled scenario has that name; rejects when its script does not load.
 */
export async function loadBundledFile(id: string): Promise<BundledText | null> {
  const stem = Object.hasOwn(CLASSIC_FILES.scenarios, id) ? CLASSIC_FILES.scenarios[id] : undefined;
  if (!stem) return null;
  return { id, file: `scenarios/${id}.yaml`, text: await loadClassicFile<string>(stem) };
}
