/**
 * What the embeds (`<packet-walk>`, `embed.html`) load instead of ./load-cluster.ts: they play
 * scenarios, and leave the cluster builder out to stay within their download budget. Bundled
 * cluster files reach them already expanded (vite.embed-runtime.ts `expandBundledClusters`); a
 * cluster file given by URL or `#s=` is refused with the way to expand it.
 */
import type { ScenarioError } from './errors';
import type { Expansion } from './load-cluster';
import type { ReadFile } from './read-file';
import type { Positions } from './yaml-positions';

/** Refuses the cluster file at its `kind:` line, naming the way to expand it. */
export function loadCluster<R>(
  _data: unknown,
  pos: Positions,
  file: string,
  _loadText: (text: string, file: string) => R,
  _readFile?: ReadFile,
): Expansion<R> | { ok: false; errors: ScenarioError[] } {
  return {
    ok: false,
    errors: [
      {
        file,
        ...pos.ofPath(['kind']),
        path: 'kind',
        message: 'this embed plays scenarios; expand the cluster file with `npm run cluster -- FILE -o scenario.yaml` (or open it in the PacketWalk app) and embed the scenario',
      },
    ],
  };
}
