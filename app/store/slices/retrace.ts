/**
 * Re-simulating the flow on screen after its choices or breakages change: one helper shared by the
 * flow and breakage slices, so both keep `trace`, `world` and `baseTrace` consistent.
 */
import type { Trace } from '../../engine';
import { traceFlow } from '../engine-bridge';
import type { Breakage, PacketWalkState } from '../types';

/** The part of the state a re-trace sets. */
export type Retraced = Pick<PacketWalkState, 'flowName' | 'choices' | 'breakages' | 'world' | 'baseTrace'> & { readonly trace: Trace };

/**
 * Traces `flowName` of the loaded scenario with `choices` and `breakages`, and (when there are
 * breakages) once more without them for `baseTrace`, unless `base` already is that Trace.
 * @param base the unbroken Trace of the same flow and choices, when the caller has it.
 * @returns the state to set, or null when there is no scenario or no such flow.
 */
export function retrace(
  s: PacketWalkState,
  flowName: string,
  choices: Readonly<Record<string, number>>,
  breakages: readonly Breakage[],
  base?: Trace | null,
): Retraced | null {
  if (!s.scenario) return null;
  const shown = traceFlow(s.scenario, flowName, choices, breakages);
  if (!shown) return null;
  const unbroken = breakages.length ? (base ?? traceFlow(s.scenario, flowName, choices, [])?.trace ?? null) : shown.trace;
  return { flowName, choices, breakages, trace: shown.trace, world: shown.world, baseTrace: unbroken };
}

/** The cursor kept on the same step, clamped to a new Trace of `steps` steps. */
export const keepStep = (step: number, steps: number): number => Math.max(0, Math.min(step, steps - 1));
