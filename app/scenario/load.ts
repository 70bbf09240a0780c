/**
 * Loads a scenario file: YAML with source positions → plain data (bounded: size in bytes, nesting,
 * aliases; core-schema values only) → zod schema → semantic checks → an immutable engine World plus
 * the flows. Never throws, whatever it is given: every problem comes back as a positioned
 * ScenarioError (file, line, column, field path, what was expected), with short, printable messages.
 */
import type { Positions } from './yaml-positions';
import type { World } from '../engine/world';
import { unevaluable, type Unevaluable } from '../engine/unevaluable';
import { safeError, type ScenarioError } from './errors';
import { buildWorld } from './build';
import { MAX_ALIAS_EXPANSION, MAX_NESTING } from './yaml-positions';
import { MAX_SYNTAX_ERRORS, readYamlData } from './yaml-data';
import { scenarioSchema, type FlowFile, type ScenarioFile } from './schema';
import { MAX_SCENARIO_BYTES } from './limits';
import { loadCluster } from './load-cluster';
import { loadCapture } from './load-capture';
import { isCapture } from '../import/is-capture';
import type { ReadFile } from './read-file';
import type { CNIS, KUBE_PROXY_MODES } from '../cluster/cnis';
import type { Provenance } from '../cluster/because';
import type { ObjectLines } from './load-cluster';
import { schemaErrors } from './schema-errors';

export { MAX_ALIAS_EXPANSION, MAX_NESTING };

export { MAX_SYNTAX_ERRORS };

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
  /**
   * For a cluster file (`kind: Cluster`): the scenario text it expands to (app/cluster/expand.ts);
   * for a capture (public/capture.sh): the scenario text it imports to (app/import/text.ts).
   */
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
  /**
   * Reads a file a cluster file names in `objectsFrom:` (kubectl's output), by the name written
   * there. Absent (the app, the embed): such a file is refused with a message saying so.
   */
  readonly readFile?: ReadFile;
  /**
   * The names of the other files opened together with this one (the app's multi-file open), read
   * with `readFile`: a capture imports every capture among them too, and names its pods from a
   * kubectl output among them.
   */
  readonly companions?: readonly string[];
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
    const r = load(text, name, options.maxBytes ?? MAX_SCENARIO_BYTES, options.readFile, options.companions);
    return r.ok ? r : { ok: false, errors: r.errors.map(safeError) };
  } catch (e) {
    // A bug, or a resource limit of the JavaScript engine: still an answer, not an exception.
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [safeError({ file: name, line: 1, column: 1, path: '', message: `the loader could not read this file (${why})` })] };
  }
}

function load(input: unknown, file: string, maxBytes: number, readFile?: ReadFile, companions: readonly string[] = [], wrapPos?: (pos: Positions) => Positions): LoadResult {
  const fail = (message: string, line = 1, column = 1): LoadResult => ({ ok: false, errors: [{ file, line, column, path: '', message }] });
  if (typeof input !== 'string') return fail(`expected the scenario as text, got ${input === null ? 'null' : typeof input}`);
  // Every UTF-16 unit is at least one byte, at most three: measure only when it could matter.
  if (input.length > maxBytes || (input.length * 3 > maxBytes && utf8ByteLength(input, maxBytes) > maxBytes)) return fail(`file is larger than ${maxBytes} bytes`);
  const yaml = readYamlData(input, file);
  if (!yaml.ok) return yaml;
  const text = yaml.text;
  const pos = wrapPos ? wrapPos(yaml.pos) : yaml.pos;
  const data = yaml.data;
  if (data === null || data === undefined) return fail('the file is empty: expected a scenario with version, metadata and hosts');
  // A cluster file (`kind: Cluster`, app/cluster) is expanded into the scenario it stands for.
  if (typeof data === 'object' && (data as { kind?: unknown }).kind === 'Cluster') {
    const c = loadCluster(data, pos, file, (t, f) => load(t, f, Infinity), readFile);
    if (!('result' in c)) return c;
    if (!c.result.ok) return c.result;
    const valid = data as { kubeProxy?: { mode?: ClusterSource['mode'] }; network: { cni: ClusterSource['cni'] } };
    const cluster: ClusterSource = { text, mode: valid.kubeProxy?.mode ?? 'iptables', cni: valid.network.cni, provenance: c.provenance, objects: c.objects };
    return { ok: true, scenario: { ...c.result.scenario, file, expandedText: c.text, cluster } };
  }
  // A capture of real nodes (public/capture.sh, app/import) is imported into the scenario it shows.
  if (isCapture(data)) {
    const c = loadCapture(data, pos, file, (t, f, wrap) => load(t, f, Infinity, undefined, [], wrap), readFile ? companions.map((n) => ({ name: n, read: () => readFile(n) })) : []);
    if (!('result' in c)) return c;
    if (!c.result.ok) return c.result;
    return { ok: true, scenario: { ...c.result.scenario, file, expandedText: c.text } };
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
