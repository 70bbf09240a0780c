/** The timeline's grouping: consecutive steps in the same netns and direction form one group. */
import type { Direction, Trace } from '../../engine';
import { memoByObject } from './memo';
import type { PacketWalkState } from '../types';

/** A run of consecutive steps in one netns, in one direction. */
export interface StepGroup {
  readonly netns: string;
  readonly direction: Direction;
  /** Index of the first step of the run. */
  readonly start: number;
  /** Index of the last step of the run (inclusive). */
  readonly end: number;
}

/**
 * Splits a Trace's steps into runs by netns and direction.
 * @returns runs in order, covering every step exactly once.
 */
export const groupSteps = memoByObject((trace: Trace): readonly StepGroup[] => {
  const groups: StepGroup[] = [];
  trace.steps.forEach((st, i) => {
    const last = groups[groups.length - 1];
    if (last && last.netns === st.netns && last.direction === st.direction) groups[groups.length - 1] = { ...last, end: i };
    else groups.push({ netns: st.netns, direction: st.direction, start: i, end: i });
  });
  return groups;
});

const EMPTY: readonly StepGroup[] = [];

/** The current Trace's step groups (a stable array per Trace). */
export const selectStepGroups = (s: PacketWalkState): readonly StepGroup[] => (s.trace ? groupSteps(s.trace) : EMPTY);
