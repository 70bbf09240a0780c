/**
 * Loads a scenario file: YAML with source positions → plain data (bounded: size in bytes, nesting,
 * aliases; core-schema values only) → zod schema → semantic checks → an immutable engine World plus
 * the flows. Never throws, whatever it is given: every problem comes back as a positioned
 * ScenarioError (file, line, column, field path, what was expected), with short, printable messages.
 */
import { parseDocument, type Document } from 'yaml';
import type { World } from '../engine/world';
import { unevaluable, type Unevaluable } from '../engine/unevaluable';
import { safeError, textPositions, type ScenarioError } from './errors';
import { buildWorld } from './build';
import { MAX_ALIAS_EXPANSION, MAX_NESTING, Positions, toData } from './yaml-positions';
import { scenarioSchema, type FlowFile, type ScenarioFile } from './schema';
import { MAX_SCENARIO_BYTES } from './limits';
import { loadCluster } from './load-cluster';
import type { CNIS, KUBE_PROXY_MODES } from '../cluster/cnis';
import type { Provenance } from '../cluster/because';
import type { ObjectLines } from './load-cluster';
import { schemaErrors } from './schema-errors';

export { MAX_ALIAS_EXPANSION, MAX_NESTING };

/** How many YAML syntax errors are listed before the rest are summarised. */
export const MAX_SYNTAX_ERRORS = 3;

export { MAX_SCENARIO_BYTES };

/** A scenario that loaded without errors. */
export interface LoadedScenario {
  readonly file: string;
  readonly metadata: ScenarioFile['metadata'];
  readonly world: World;
  readonly flows: readonly FlowFile[];
  readonly layout?: ScenarioFile['layout'];
  /** The parsed file (as validated), for views that show the scenario's own text. */
  readonly raw: ScenarioFile;
  /**
   * What the World holds that the engine cannot evaluate (../engine/unevaluable.ts), listed once
   * at load, where loading runs (the engine worker in the browser), so the main thread never scans
   * a large ruleset for it.
   */
  readonly unevaluable: readonly Unevaluable[];
  /** For a cluster file (`kind: Cluster`): the scenario text it expands to (app/cluster/expand.ts). */
  readonly expandedText?: string;
  /**
   * For a cluster file: its own text and the two settings the app can switch (kube-proxy's mode,
   * the CNI), so that a variant is built from the same file with one field changed.
   */
  readonly cluster?: ClusterSource;
}

/** A cluster file's text and its switchable settings (see LoadedScenario.cluster). */
export interface ClusterSource {
  readonly text: string;
  readonly mode: (typeof KUBE_PROXY_MODES)[number];
  readonly cni: (typeof CNIS)[number];
  /** Why each generated rule and element exists, by provenanceKey (app/cluster/because.ts). */
  readonly provenance: Provenance;
  /** The lines of each object in `text` (load-cluster.ts ObjectLines). */
  readonly objects: ObjectLines;
}

/** The result of loading: the scenario or every error found. */
export type LoadResult = { ok: true; scenario: LoadedScenario } | { ok: false; errors: ScenarioError[] };

/**
 * The UTF-8 size of `text` in bytes, counting no further than `stop + 1` (a lone surrogate counts
 * as the 3 bytes of the U+FFFD an encoder writes for it).
 */
export function utf8ByteLength(text: string, stop = Infinity): number {
  let n = 0;
  for (let i = 0; i < text.length && n <= stop; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Options of `loadScenario`. */
export interface LoadOptions {
  /** Largest input accepted, in UTF-8 bytes (default MAX_SCENARIO_BYTES). */
  readonly maxBytes?: number;
}

/**
 * Parses and validates scenario text. Never throws.
 * @param text the YAML source (anything else is refused with an error).
 * @param file the name shown in errors (e.g. `scenarios/canal-nodeport.yaml`).
 * @param options `maxBytes`: the size limit (default MAX_SCENARIO_BYTES).
 */
export function loadScenario(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const name = typeof file === 'string' ? file : String(file);
  try {
    const r = load(text, name, options.maxBytes ?? MAX_SCENARIO_BYTES);
    return r.ok ? r : { ok: false, errors: r.errors.map(safeError) };
  } catch (e) {
    // A bug, or a resource limit of the JavaScript engine: still an answer, not an exception.
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [safeError({ file: name, line: 1, column: 1, path: '', message: `the loader could not read this file (${why})` })] };
  }
}

function load(input: unknown, file: string, maxBytes: number): LoadResult {
  const fail = (message: string, line = 1, column = 1): LoadResult => ({ ok: false, errors: [{ file, line, column, path: '', message }] });
  if (typeof input !== 'string') return fail(`expected the scenario as text, got ${input === null ? 'null' : typeof input}`);
  // Every UTF-16 unit is at least one byte, at most three: measure only when it could matter.
  if (input.length > maxBytes || (input.length * 3 > maxBytes && utf8ByteLength(input, maxBytes) > maxBytes))
    return fail(`file is larger than ${maxBytes} bytes`);
  // YAML breaks lines at CR, LF and CRLF; the `yaml` library only at the last two. A lone CR (old
  // Mac line ends) becomes LF, one character for one, so offsets and so columns stay the same.
  const text = input.includes('\r') ? input.replace(/\r(?!\n)/g, '\n') : input;
  const doc = parseDocument(text, {
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    // Only the core schema's plain values: no !!binary, !!timestamp, !!set, … and no merge keys,
    // even under a `%YAML 1.1` directive; the library never prints warnings (they become errors).
    schema: 'core',
    resolveKnownTags: false,
    logLevel: 'silent',
  });
  if (doc.errors.length) return { ok: false, errors: syntaxErrors(doc, textPositions(text), file) };
  if (doc.warnings.length) {
    return {
      ok: false,
      errors: doc.warnings.map((w): ScenarioError => {
        const p = textPositions(text)(w.pos[0]);
        const message = w.code === 'TAG_RESOLVE_FAILED'
          ? `unknown YAML tag "${text.slice(w.pos[0], w.pos[1]).trim()}": a scenario holds plain values only (text, numbers, true/false, null, lists and maps)`
          : `YAML: ${w.message.split('\n')[0]}`;
        return { file, ...p, path: '', message };
      }),
    };
  }
  const pos = new Positions(doc, text, file);
  const converted = toData(doc, (offset) => pos.at(offset), file);
  if (!converted.ok) return { ok: false, errors: [converted.error] };
  const data = converted.data;
  if (data === null || data === undefined)
    return fail('the file is empty: expected a scenario with version, metadata and hosts');
  // A cluster file (`kind: Cluster`, app/cluster) is expanded into the scenario it stands for.
  if (typeof data === 'object' && (data as { kind?: unknown }).kind === 'Cluster') {
    const c = loadCluster(data, pos, file, (t, f) => load(t, f, Infinity));
    if (!('result' in c)) return c;
    if (!c.result.ok) return c.result;
    const valid = data as { kubeProxy?: { mode?: ClusterSource['mode'] }; network: { cni: ClusterSource['cni'] } };
    const cluster: ClusterSource = { text, mode: valid.kubeProxy?.mode ?? 'iptables', cni: valid.network.cni, provenance: c.provenance, objects: c.objects };
    return { ok: true, scenario: { ...c.result.scenario, file, expandedText: c.text, cluster } };
  }
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: schemaErrors(parsed.error.issues, pos, file) };
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
      unevaluable: unevaluable(built.world),
    },
  };
}

/**
 * The first few syntax errors, the rest summarised: later ones are usually consequences of the
 * first (a bad indent derails the rest). A parser that ran out of stack says the nesting is too deep.
 */
function syntaxErrors(doc: Document, at: (offset: number) => { line: number; column: number }, file: string): ScenarioError[] {
  const deep = doc.errors.find((e) => /call stack|too much recursion/i.test(e.message));
  const errors = deep ? [deep] : doc.errors;
  const shown = errors.slice(0, MAX_SYNTAX_ERRORS).map((e): ScenarioError => {
    const p = at(e.pos[0]);
    const message = e === deep ? `YAML: nesting is too deep (a scenario nests at most ${MAX_NESTING} levels)` : `YAML syntax: ${e.message.split('\n')[0]}`;
    return { file, ...p, path: '', message };
  });
  const more = errors.length - shown.length;
  if (more > 0) shown.push({ ...shown[shown.length - 1], message: `YAML syntax: ${more} more error${more === 1 ? '' : 's'} follow, probably caused by the first one` });
  return shown;
}


