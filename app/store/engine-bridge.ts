/**
 * The only place where the app calls the scenario loader and the engine. Views never import these;
 * they read what the store keeps (the LoadedScenario, the World a Trace ran on, and the Trace).
 */
import { simulate, type Trace, type World } from '../engine';
import { applyBreakages, describeBreakage, suggestBreakages, type Breakage } from '../engine/breakage';
import { rewrites, type Rewrite } from '../engine/summary';
import { flowInput, loadScenario, type LoadResult, type LoadedScenario } from '../scenario';

/**
 * Parses and validates scenario text.
 * @param text YAML source (untrusted: it is only ever parsed as data).
 * @param file name used in error positions.
 */
export function parseScenario(text: string, file: string): LoadResult {
  return loadScenario(text, file);
}

/** A Trace with the World it was simulated on (the scenario's, or a broken copy of it). */
export interface TracedFlow {
  readonly trace: Trace;
  readonly world: World;
}

/**
 * Simulates a flow of a loaded scenario.
 * @param choices overrides for random decisions, on top of the flow's own `choices`.
 * @param breakages edits applied to the World first ("Break it"); none gives the scenario's World.
 * @returns the Trace and its World, or null when the scenario has no flow of that name.
 */
export function traceFlow(
  scenario: LoadedScenario,
  flowName: string,
  choices: Readonly<Record<string, number>>,
  breakages: readonly Breakage[] = [],
): TracedFlow | null {
  const flow = scenario.flows.find((f) => f.name === flowName);
  if (!flow) return null;
  const world = applyBreakages(scenario.world, breakages);
  return { trace: simulate(world, flowInput(flow, choices)), world };
}

/** The breakages worth offering for a Trace of `world` (see `suggestBreakages`). */
export function breakageSuggestions(world: World, trace: Trace): Breakage[] {
  return suggestBreakages(world, trace);
}

/** A short, command-like label of a breakage (`centos7-1: ip route del …`). */
export function breakageLabel(b: Breakage): string {
  return describeBreakage(b);
}

/** Every rewrite of the packet along a Trace, in step order (MAC rewrites left out). */
export function traceRewrites(trace: Trace): Rewrite[] {
  return rewrites(trace);
}

export type { Breakage, Rewrite };
