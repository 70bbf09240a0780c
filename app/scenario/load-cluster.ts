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
import type { Provenance } from '../cluster/because';
import { flattenLists } from '../cluster/kubectl';

/** Where each object of a cluster file is: `Kind/namespace/name` → its first and last lines. */
export type ObjectLines = Readonly<Record<string, { readonly from: number; readonly to: number }>>;

/** The key of an object in ObjectLines. */
export const objectKey = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;

/** What a cluster file's expansion carries beside the loaded scenario. */
export interface Expansion<R> {
  readonly result: R;
  /** The expanded scenario text. */
  readonly text: string;
  /** Why each generated rule and element exists (app/cluster/because.ts). */
  readonly provenance: Provenance;
  /** The lines of each object in the cluster file, for the step panel's link to an object. */
  readonly objects: ObjectLines;
}

function objectLines(data: { objects?: readonly { kind: string }[] }, pos: Positions): ObjectLines {
  const out: Record<string, { from: number; to: number }> = {};
  for (const { object, path } of flattenLists(data.objects ?? [])) {
    const m = object as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    const lines = pos.lines(path);
    if (typeof m.kind === 'string' && typeof m.metadata?.name === 'string' && lines)
      out[objectKey(m.kind, typeof m.metadata.namespace === 'string' ? m.metadata.namespace : 'default', m.metadata.name)] = lines;
  }
  return out;
}

/**
 * Checks and expands a cluster file, then loads the expansion with `loadText` (named
 * `FILE (expanded)` in its errors, which would be the builder's own faults).
 */
export function loadCluster<R>(data: unknown, pos: Positions, file: string, loadText: (text: string, file: string) => R): Expansion<R> | { ok: false; errors: ScenarioError[] } {
  const parsed = clusterSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: schemaErrors(parsed.error.issues, pos, file) };
  const built = buildCluster(parsed.data);
  if (!built.ok)
    return { ok: false, errors: built.issues.map((i): ScenarioError => ({ file, ...pos.ofPath(i.path), path: formatPath(i.path), message: i.message })) };
  const text = scenarioText(built.built, file);
  return { result: loadText(text, `${file} (expanded)`), text, provenance: built.built.provenance, objects: objectLines(parsed.data, pos) };
}
