/**
 * Re-simulating the flow on screen after its choices or breakages change: one helper shared by the
 * scenario, flow and breakage slices, so all keep `trace`, `world` and `baseTrace` consistent.
 */
import type { Trace } from '../../engine';
import type { LoadedScenario } from '../../scenario';
import { andThen, type EngineBridge, type MaybePromise } from '../engine-bridge';
import type { EngineRunner } from './engine-task';
import type { Breakage, PacketWalkState } from '../types';

/** The part of the state a re-trace sets. */
export type Retraced = Pick<PacketWalkState, 'flowName' | 'choices' | 'breakages' | 'world' | 'baseTrace'> & { readonly trace: Trace };

/** The scenario a trace runs on: what it is and the key the engine keeps it under. */
export interface TraceTarget {
  readonly scenario: LoadedScenario;
  readonly key: string;
}

/** The scenario on screen as a trace target; null when none is loaded. */
export const targetOf = (s: PacketWalkState): TraceTarget | null => (s.scenario && s.scenarioKey ? { scenario: s.scenario, key: s.scenarioKey } : null);

/**
 * Traces `flowName` of a scenario with `choices` and `breakages`, and (when there are breakages)
 * once more without them for `baseTrace`, unless `base` already is that Trace.
 * @param base the unbroken Trace of the same flow and choices, when the caller has it.
 * @returns the state to set, or null when the scenario has no such flow.
 */
export function retrace(
  engine: EngineBridge,
  target: TraceTarget,
  flowName: string,
  choices: Readonly<Record<string, number>>,
  breakages: readonly Breakage[],
  base?: Trace | null,
): MaybePromise<Retraced | null> {
  return andThen(engine.trace(target.key, flowName, choices, breakages), (shown) => {
    if (!shown) return null;
    const done = (unbroken: Trace | null): Retraced => ({
      flowName,
      choices,
      breakages,
      trace: shown.trace,
      world: shown.world ?? target.scenario.world,
      baseTrace: unbroken,
    });
    if (!breakages.length) return done(shown.trace);
    if (base) return done(base);
    return andThen(engine.trace(target.key, flowName, choices, []), (plain) => done(plain?.trace ?? null));
  });
}

/** The cursor kept on the same step, clamped to a new Trace of `steps` steps. */
export const keepStep = (step: number, steps: number): number => Math.max(0, Math.min(step, steps - 1));

/**
 * Re-traces the flow on screen with other `choices` or `breakages` through the store's runner; the
 * cursor stays on its step (the steps before a change are the same in both traces), and `extra`
 * is set with the result. Nothing happens without a flow on screen.
 * @param base the unbroken Trace of the same flow and choices, when the caller has it.
 */
export async function retraceOnScreen(
  runner: EngineRunner,
  get: () => PacketWalkState,
  set: (partial: Partial<PacketWalkState>) => void,
  choices: Readonly<Record<string, number>>,
  breakages: readonly Breakage[],
  extra: Partial<PacketWalkState>,
  base?: Trace | null,
): Promise<void> {
  const { flowName } = get();
  const target = targetOf(get());
  if (!flowName || !target) return;
  await runner.run(
    'tracing',
    target.scenario.file,
    () => retrace(runner.engine, target, flowName, choices, breakages, base),
    (r) => {
      if (!r) return false;
      set({ ...r, step: keepStep(get().step, r.trace.steps.length), ...extra });
    },
  );
}
