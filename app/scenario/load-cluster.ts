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
import type { ReadFile } from './read-file';
import { readYamlData } from './yaml-data';
import type { Provenance } from '../cluster/because';
import { flattenLists } from '../cluster/kubectl';
import type { ObjectIssue } from '../cluster/objects';

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
export function loadCluster<R>(data: unknown, pos: Positions, file: string, loadText: (text: string, file: string) => R, readFile?: ReadFile): Expansion<R> | { ok: false; errors: ScenarioError[] } {
  const parsed = clusterSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: schemaErrors(parsed.error.issues, pos, file) };
  const refs = referencedObjects(parsed.data.objectsFrom ?? [], pos, file, readFile);
  if (!refs.ok) return refs;
  const own = parsed.data.objects ?? [];
  const built = buildCluster({ ...parsed.data, objects: [...own, ...refs.files.map((r) => r.object)] });
  if (!built.ok) return { ok: false, errors: built.issues.map((i) => issueError(i, own.length, refs.files, pos, file)) };
  const text = scenarioText(built.built, file);
  return { result: loadText(text, `${file} (expanded)`), text, provenance: built.built.provenance, objects: objectLines(parsed.data, pos) };
}

/** A file a cluster file names in `objectsFrom:`, read as one List (kubectl's output, or a list of manifests). */
interface Referenced {
  readonly name: string;
  readonly object: { kind: string; items: unknown[] };
  readonly pos: Positions;
  /** The file held a bare list: item `j` of the List is `[j]` in the file, not `items[j]`. */
  readonly bare: boolean;
}

/** Reads every `objectsFrom:` file; errors name the file and line (its own syntax errors, or why it cannot be read). */
function referencedObjects(names: readonly string[], pos: Positions, file: string, readFile: ReadFile | undefined): { ok: true; files: Referenced[] } | { ok: false; errors: ScenarioError[] } {
  const files: Referenced[] = [];
  const errors: ScenarioError[] = [];
  names.forEach((name, i) => {
    const at = (message: string): ScenarioError => ({ file, ...pos.ofPath(['objectsFrom', i]), path: formatPath(['objectsFrom', i]), message });
    if (!readFile)
      return errors.push(
        at(
          `${name}: this cluster file reads its objects from another file: open both files together (or run npm run cluster / trace / validate beside them), or paste that file's objects under objects: instead`,
        ),
      );
    const read = readFile(name);
    if ('error' in read) return errors.push(at(`${name}: ${read.error}`));
    const y = readYamlData(read.text, name);
    if (!y.ok) return errors.push(...y.errors);
    const d = y.data as { kind?: unknown; items?: unknown } | unknown[] | null;
    if (Array.isArray(d)) files.push({ name, object: { kind: 'List', items: d }, pos: y.pos, bare: true });
    else if (d && typeof d === 'object' && d.kind === 'List' && Array.isArray(d.items)) files.push({ name, object: d as Referenced['object'], pos: y.pos, bare: false });
    else errors.push({ file: name, line: 1, column: 1, path: '', message: 'expected what kubectl get … -o json prints (a List with items) or a list of manifests' });
  });
  return errors.length ? { ok: false, errors } : { ok: true, files };
}

/** A builder issue as an error, in the cluster file or, for an object read from `objectsFrom:`, in that file. */
function issueError(i: ObjectIssue, own: number, refs: readonly Referenced[], pos: Positions, file: string): ScenarioError {
  const [head, index, ...rest] = i.path;
  const ref = head === 'objects' && typeof index === 'number' && index >= own ? refs[index - own] : undefined;
  if (!ref) return { file, ...pos.ofPath(i.path), path: formatPath(i.path), message: i.message };
  const inner = ref.bare && rest[0] === 'items' ? rest.slice(1) : rest;
  return { file: ref.name, ...ref.pos.ofPath(inner), path: formatPath(inner), message: i.message };
}
