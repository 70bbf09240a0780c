/**
 * The scenario files shipped with the app. Each is its own chunk (Vite's lazy glob), fetched when it
 * is first opened or when the picker lists them after the first scenario is on screen. Kept apart
 * from the store so the store stays importable in Node (tests pass files read with fs instead).
 */
import type { BundledFile } from './types';

const files = import.meta.glob<string>('../../scenarios/*.yaml', { query: '?raw', import: 'default' });

/** Every `scenarios/*.yaml`, with its id (file name without `.yaml`) and a fetch of its text. */
export const bundledScenarios: readonly BundledFile[] = Object.entries(files).map(([path, text]) => {
  const name = path.split('/').pop() ?? path;
  return { id: name.replace(/\.yaml$/, ''), file: `scenarios/${name}`, text };
});
