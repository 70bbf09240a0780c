/**
 * Loading a cluster file (`kind: Cluster`, app/cluster/schema.ts): its schema errors and the
 * builder's problems are positioned in the cluster file; the expansion (app/cluster/build.ts) is
 * then loaded as scenario text, so what plays is exactly what `npm run cluster` writes (returned
 * beside the result).
 */
import { buildCluster } from '../cluster/build';
import { scenarioText } from '../cluster/expand';
import { clusterSchema } from '../cluster/schema';
import type { ScenarioError } from './errors';
import { schemaErrors } from './schema-errors';
import { formatPath, type Positions } from './yaml-positions';

/**
 * Checks and expands a cluster file, then loads the expansion with `loadText` (named
 * `FILE (expanded)` in its errors, which would be the builder's own faults).
 */
export function loadCluster<R>(data: unknown, pos: Positions, file: string, loadText: (text: string, file: string) => R): { result: R; text: string } | { ok: false; errors: ScenarioError[] } {
  const parsed = clusterSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: schemaErrors(parsed.error.issues, pos, file) };
  const built = buildCluster(parsed.data);
  if (!built.ok)
    return { ok: false, errors: built.issues.map((i): ScenarioError => ({ file, ...pos.ofPath(i.path), path: formatPath(i.path), message: i.message })) };
  const text = scenarioText(built.built, file);
  return { result: loadText(text, `${file} (expanded)`), text };
}
