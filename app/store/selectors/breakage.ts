/**
 * "Break it" toggles: the breakages suggested for the flow as written (so the list does not move
 * while breakages are on), each with its label and whether it is active.
 */
import type { Message, Trace, World } from '../../engine';
import { breakageLabel, breakageSuggestions } from '../engine-bridge';
import type { Breakage, PacketWalkState } from '../types';
import { memoByPair } from './memo';

/** One toggle of the Break it panel. */
export interface BreakageOption {
  /** A stable key (the breakage as JSON). */
  readonly key: string;
  readonly breakage: Breakage;
  /** `describeBreakage`'s label, e.g. `centos7-1: net.ipv4.ip_forward = 0` (rendered in the reader's language). */
  readonly label: Message;
  readonly active: boolean;
}

/** Two breakages are the same edit when every field agrees. */
export function sameBreakage(a: Breakage, b: Breakage): boolean {
  const ka = Object.keys(a) as (keyof Breakage)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

const suggestionsOf = memoByPair((world: World, trace: Trace): readonly Breakage[] => breakageSuggestions(world, trace));

const optionsOf = memoByPair((suggested: readonly Breakage[], active: readonly Breakage[]): readonly BreakageOption[] => {
  const extra = active.filter((a) => !suggested.some((b) => sameBreakage(a, b)));
  return [...suggested, ...extra].map((b) => ({
    key: JSON.stringify(b),
    breakage: b,
    label: breakageLabel(b),
    active: active.some((a) => sameBreakage(a, b)),
  }));
});

const NONE: readonly BreakageOption[] = [];

/** The Break it toggles for the flow on screen (a stable array until something changes). */
export const selectBreakageOptions = (s: PacketWalkState): readonly BreakageOption[] => (s.scenario && s.baseTrace ? optionsOf(suggestionsOf(s.scenario.world, s.baseTrace), s.breakages) : NONE);
