/**
 * The engine side of the engine bridge, shared by the Web Worker (`engine.worker.ts`) and the
 * in-process bridge (Node, tests): loaded scenarios kept by key, tracing a flow of one of them with
 * choices and breakages. Everything it returns is plain data.
 */
import type { ReadFile } from '../scenario/read-file';
import { simulate, type Trace, type World } from '../engine';
import type { Breakage } from '../engine/breakage';
import { applyBreakages } from '../engine/breakage-apply';
import { flowInput, loadScenario, type LoadResult, type LoadedScenario } from '../scenario';
import { withWalkedRules, worldForView } from './view-world';

/**
 * A Trace and the World it ran on; `world` is null when that is the scenario's own World. As the
 * views get them: the World without its iptables rules, the Trace with the rules of the chains it
 * walks (view-world.ts).
 */
export interface CoreTrace {
  readonly trace: Trace;
  readonly world: World | null;
}

/** Loaded scenarios by key, and the operations on them. */
export class EngineCore {
  readonly #scenarios = new Map<string, LoadedScenario>();

  /**
   * Parses and validates scenario text; keeps the scenario under `key` when it loads, and returns
   * it with the views' World (without its iptables rules: view-world.ts).
   * @param text YAML source (untrusted: only ever parsed as data).
   * @param file the name used in error positions.
   * @param files other files opened with it, by name: a cluster file's `objectsFrom:` reads them; a
   *   capture imports the captures among them and names its pods from a kubectl output among them.
   */
  load(key: string, text: string, file: string, files?: Readonly<Record<string, string>>): LoadResult {
    const r = loadScenario(text, file, files ? { readFile: openedWith(files), companions: Object.keys(files) } : {});
    if (!r.ok) {
      this.#scenarios.delete(key);
      return r;
    }
    this.#scenarios.set(key, r.scenario);
    return { ok: true, scenario: { ...r.scenario, world: worldForView(r.scenario.world) } };
  }

  /** True when a scenario is kept under `key`. */
  has(key: string): boolean {
    return this.#scenarios.has(key);
  }

  /**
   * Simulates a flow of a kept scenario.
   * @param choices overrides of random decisions, on top of the flow's own `choices`.
   * @param breakages edits applied to the World first; none traces the scenario's World.
   * @returns null when the scenario has no flow of that name.
   * @throws when nothing is kept under `key` (a caller's mistake, not bad input).
   */
  trace(key: string, flowName: string, choices: Readonly<Record<string, number>>, breakages: readonly Breakage[]): CoreTrace | null {
    const scenario = this.#scenarios.get(key);
    if (!scenario) throw new Error(`no scenario loaded under key ${key}`);
    const flow = scenario.flows.find((f) => f.name === flowName);
    if (!flow) return null;
    const world = breakages.length ? applyBreakages(scenario.world, breakages) : scenario.world;
    const trace = withWalkedRules(world, simulate(world, flowInput(flow, choices, scenario.flows)));
    return { trace, world: breakages.length ? worldForView(world) : null };
  }

  /** Forgets the scenario kept under `key`. */
  release(key: string): void {
    this.#scenarios.delete(key);
  }
}

/** Reads a file by name from those opened together (its last path component, as a browser gives it). */
function openedWith(files: Readonly<Record<string, string>>): ReadFile {
  return (name) => {
    const base = name.split('/').pop() ?? name;
    return Object.prototype.hasOwnProperty.call(files, base) ? { text: files[base] } : { error: `not among the files opened with it (${Object.keys(files).join(', ') || 'none'}): open both together` };
  };
}
