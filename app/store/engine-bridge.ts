/**
 * The only place where the app calls the scenario loader and the engine. Views never import these;
 * they read what the store keeps (the LoadedScenario and the Trace).
 */
import { simulate, type Trace } from '../engine';
import { flowInput, loadScenario, type LoadResult, type LoadedScenario } from '../scenario';

/**
 * Parses and validates scenario text.
 * @param text YAML source (untrusted: it is only ever parsed as data).
 * @param file name used in error positions.
 */
export function parseScenario(text: string, file: string): LoadResult {
  return loadScenario(text, file);
}

/**
 * Simulates a flow of a loaded scenario.
 * @param choices overrides for random decisions, on top of the flow's own `choices`.
 * @returns the Trace, or null when the scenario has no flow of that name.
 */
export function traceFlow(scenario: LoadedScenario, flowName: string, choices: Readonly<Record<string, number>>): Trace | null {
  const flow = scenario.flows.find((f) => f.name === flowName);
  if (!flow) return null;
  return simulate(scenario.world, flowInput(flow, choices));
}
