/** Selectors for the step under the cursor and the flow being shown. */
import type { TraceStep } from '../../engine';
import type { FlowFile } from '../../scenario';
import type { PacketWalkState } from '../types';

/** The step under the cursor, or null without a Trace. */
export const selectCurrentStep = (s: PacketWalkState): TraceStep | null => s.trace?.steps[s.step] ?? null;

/** How many steps the Trace has (0 without one). */
export const selectStepCount = (s: PacketWalkState): number => s.trace?.steps.length ?? 0;

/** True when the cursor is on the last step. */
export const selectIsAtEnd = (s: PacketWalkState): boolean => !!s.trace && s.step >= s.trace.steps.length - 1;

/** The selected flow's definition in the scenario file (title, description, …). */
export const selectCurrentFlow = (s: PacketWalkState): FlowFile | null => s.scenario?.flows.find((f) => f.name === s.flowName) ?? null;

/** The World the Trace on screen ran on (the scenario's, with the active breakages applied). */
export const selectWorld = (s: PacketWalkState) => s.world ?? s.scenario?.world ?? null;
