/**
 * The bundled scenarios for embeds, loaded on demand: each file is its own small chunk, so an embed
 * downloads only the scenario it shows (the app's `app/store/bundled.ts` does the same).
 */
import type { BundledText } from '../store';

const loaders = import.meta.glob<string>('../../scenarios/*.yaml', { query: '?raw', import: 'default' });
const idOf = (path: string) => (path.split('/').pop() ?? path).replace(/\.yaml$/, '');
const byId = new Map(Object.entries(loaders).map(([path, load]) => [idOf(path), load] as const));

/** The names of the bundled scenarios (`canal-nodeport`, …), sorted. */
export const BUNDLED_IDS: readonly string[] = [...byId.keys()].sort();

/** The scenario an embed shows when `src` is empty. */
export const DEFAULT_BUNDLED_ID = BUNDLED_IDS.includes('canal-nodeport') ? 'canal-nodeport' : (BUNDLED_IDS[0] ?? '');

/**
 * Loads one bundled scenario file.
 * @returns the file, or null when no bundled scenario has that name.
 */
export async function loadBundledFile(id: string): Promise<BundledText | null> {
  const load = byId.get(id);
  if (!load) return null;
  return { id, file: `scenarios/${id}.yaml`, text: await load() };
}
