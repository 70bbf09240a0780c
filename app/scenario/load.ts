/**
 * Loads a scenario file: YAML with source positions → zod schema → semantic checks → an immutable
 * engine World plus the flows. Never throws on bad input: every problem comes back as a positioned
 * ScenarioError (file, line, column, field path, what was expected).
 */
import { LineCounter, parseDocument } from 'yaml';
import type { World } from '../engine/world';
import type { ScenarioError } from './errors';
import { buildWorld } from './build';
import { formatPath, Positions } from './yaml-positions';
import { scenarioSchema, type FlowFile, type ScenarioFile } from './schema';

/** How many YAML syntax errors are listed before the rest are summarised. */
export const MAX_SYNTAX_ERRORS = 3;

/** Upper bound on scenario text size: larger input is refused before parsing. */
export const MAX_SCENARIO_BYTES = 2_000_000;

/** A scenario that loaded without errors. */
export interface LoadedScenario {
  readonly file: string;
  readonly metadata: ScenarioFile['metadata'];
  readonly world: World;
  readonly flows: readonly FlowFile[];
  readonly layout?: ScenarioFile['layout'];
  /** The parsed file (as validated), for views that show the scenario's own text. */
  readonly raw: ScenarioFile;
}

/** The result of loading: the scenario or every error found. */
export type LoadResult = { ok: true; scenario: LoadedScenario } | { ok: false; errors: ScenarioError[] };

/**
 * Parses and validates scenario text.
 * @param text the YAML source.
 * @param file the name shown in errors (e.g. `scenarios/canal-nodeport.yaml`).
 */
export function loadScenario(text: string, file: string): LoadResult {
  if (text.length > MAX_SCENARIO_BYTES)
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: `file is larger than ${MAX_SCENARIO_BYTES} bytes` }] };
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    // Later syntax errors are usually consequences of the first (a bad indent derails the rest):
    // report the first few and say how many more there are.
    const shown = doc.errors.slice(0, MAX_SYNTAX_ERRORS).map((e): ScenarioError => {
      const p = lc.linePos(e.pos[0]);
      return { file, line: p.line, column: p.col, path: '', message: `YAML syntax: ${e.message.split('\n')[0]}` };
    });
    const more = doc.errors.length - shown.length;
    if (more > 0) shown.push({ ...shown[shown.length - 1], message: `YAML syntax: ${more} more error${more === 1 ? '' : 's'} follow, probably caused by the first one` });
    return { ok: false, errors: shown };
  }
  const pos = new Positions(doc, lc, text, file);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: `YAML: ${(e as Error).message}` }] };
  }
  if (data === null || data === undefined)
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: 'the file is empty: expected a scenario with version, metadata and hosts' }] };
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((iss): ScenarioError => {
      // An unknown key is reported at the key itself, not at the object holding it.
      const keys = iss.code === 'unrecognized_keys' ? ((iss as unknown as { keys: string[] }).keys ?? []) : [];
      const path = keys.length ? [...iss.path, keys[0]] : iss.path;
      return { file, ...pos.ofPath(path), path: formatPath(path), message: describeIssue(iss as unknown as Issue) };
    });
    return { ok: false, errors: dedupe(errors) };
  }
  const built = buildWorld(parsed.data, pos);
  if (built.errors.length) return { ok: false, errors: built.errors };
  return {
    ok: true,
    scenario: {
      file,
      metadata: parsed.data.metadata,
      world: built.world,
      flows: parsed.data.flows ?? [],
      layout: parsed.data.layout,
      raw: parsed.data,
    },
  };
}

interface Issue {
  code: string;
  message: string;
  path: PropertyKey[];
  [k: string]: unknown;
}

/** Turns a zod issue into a sentence that says what was expected and what was found. */
function describeIssue(iss: Issue): string {
  if (iss.code === 'unrecognized_keys') {
    const keys = (iss.keys as string[]) ?? [];
    return `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (iss.code === 'invalid_union' && 'discriminator' in iss) {
    return `expected ${String(iss.discriminator)} to be one of the known values`;
  }
  return iss.message.replace(/^Invalid input: /, '');
}

function dedupe(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.line}:${e.column}:${e.path}:${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
