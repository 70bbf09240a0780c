/**
 * The only place where the app calls the scenario loader and the engine. Views never import these;
 * they read what the store keeps (the LoadedScenario and the Trace).
 */
import { simulate, type Alternative, type Trace } from '../engine';
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

/**
 * Every random decision of a flow with all its outcomes, `chosen` set for the branch `trace` took.
 * The engine lists a decision's alternatives only when one of its random rules matched; when the
 * fall-through rule is pinned (kube-proxy's last endpoint) the Trace has none, so the decision is
 * re-simulated with its first option to learn them.
 * @param choices the overrides `trace` was simulated with.
 */
export function knownAlternatives(
  scenario: LoadedScenario,
  flowName: string,
  choices: Readonly<Record<string, number>>,
  trace: Trace,
): readonly Alternative[] {
  const flow = scenario.flows.find((f) => f.name === flowName);
  const effective: Record<string, number> = { ...(flow?.choices ?? {}), ...choices };
  const out: Alternative[] = [...trace.alternatives];
  for (const key of Object.keys(effective)) {
    if (out.some((a) => a.choice === key)) continue;
    const probe = traceFlow(scenario, flowName, { ...choices, [key]: 1 });
    for (const a of probe?.alternatives ?? []) {
      if (a.choice === key) out.push({ ...a, chosen: a.option === effective[key] });
    }
  }
  return out;
}
