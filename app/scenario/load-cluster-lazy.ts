/**
 * What the app's engine worker loads instead of ./load-cluster.ts (vite.config.ts aliases it): the
 * cluster builder is not part of the worker a visitor downloads before the first picture. The
 * worker fetches it (`provideClusterLoader`, engine.worker.ts) the first time it is given a cluster
 * file, then loads that file as ./load-cluster.ts would.
 */
import type { ScenarioError } from './errors';
import type { Expansion } from './load-cluster';
import type { ReadFile } from './read-file';
import type { Positions } from './yaml-positions';

type Impl = typeof import('./load-cluster');
let impl: Impl | undefined;

/** Hands over the cluster builder once it is fetched. */
export function provideClusterLoader(m: Impl): void {
  impl = m;
}

/** ./load-cluster.ts `loadCluster`, once provided; before that, an error at `kind:` (the worker provides it first). */
export function loadCluster<R>(data: unknown, pos: Positions, file: string, loadText: (text: string, file: string) => R, readFile?: ReadFile): Expansion<R> | { ok: false; errors: ScenarioError[] } {
  if (impl) return impl.loadCluster(data, pos, file, loadText, readFile);
  return { ok: false, errors: [{ file, ...pos.ofPath(['kind']), path: 'kind', message: 'the cluster builder is not loaded yet; open the file again' }] };
}
