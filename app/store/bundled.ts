/**
 * The scenario files shipped with the app, inlined by Vite at build time. Kept apart from the store
 * so the store stays importable in Node (tests pass files read with fs instead).
 */
import type { BundledFile } from './types';

const files = import.meta.glob('../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** Every `scenarios/*.yaml`, with its id (file name without `.yaml`). */
export const bundledScenarios: readonly BundledFile[] = Object.entries(files).map(([path, text]) => {
  const name = path.split('/').pop() ?? path;
  return { id: name.replace(/\.yaml$/, ''), file: `scenarios/${name}`, text };
});
