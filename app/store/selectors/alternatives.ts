/** The random decisions of the flow on screen, with every branch and its probability. */
import type { Alternative } from '../../engine';
import type { PacketWalkState } from '../types';

const EMPTY: readonly Alternative[] = [];

/** The alternatives of the decision taken at the step under the cursor (the engine lists them on that step). */
export const selectStepAlternatives = (s: PacketWalkState): readonly Alternative[] => s.trace?.steps[s.step]?.alternatives ?? EMPTY;

/** Every random decision of the flow with all its outcomes, `chosen` for the branch on screen. */
export const selectFlowAlternatives = (s: PacketWalkState): readonly Alternative[] => s.trace?.alternatives ?? EMPTY;
