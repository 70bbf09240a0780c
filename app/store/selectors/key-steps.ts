/**
 * Key steps of a Trace, for a talk that cannot click through 90 steps: where something happens a
 * learner should see. A step is key when it is the first, a drop or a delivery, an encapsulation
 * or decapsulation, a rule that rewrote the packet or its mark, any NAT rewrite of addresses or
 * ports (a rule's or conntrack's), a routing decision that sends the packet out of another device
 * than it came in on, or a step the flow's author narrated (their own key steps).
 */
import type { Trace, TraceStep } from '../../engine';
import type { PacketWalkState } from '../types';
import { memoByPair } from './memo';
import { selectCaptions } from './narration';

/** Why a step is key (the first that applies). */
export type KeyReason = 'start' | 'narrated' | 'drop' | 'deliver' | 'encap' | 'decap' | 'rule' | 'nat' | 'route';

const NAT_FIELD = /^(embedded\.)?(ip\.(src|dst)|l4\.(sport|dport))$/;

/** The output device of a route step's route (`… dev flannel.1 …`), if it names one. */
const routeDev = (s: TraceStep) => /\bdev (\S+)/.exec(s.route?.text ?? '')?.[1];

/** Why `s` is a key step, or undefined when it is not. */
export function keyReason(s: TraceStep, narrated: boolean): KeyReason | undefined {
  if (s.index === 0) return 'start';
  if (narrated) return 'narrated';
  if (s.stage === 'drop' || s.stage === 'deliver' || s.stage === 'encap' || s.stage === 'decap') return s.stage;
  if (s.stage === 'rule' && s.changed.length) return 'rule';
  if (s.changed.some((c) => NAT_FIELD.test(c.field))) return 'nat';
  if (s.stage === 'route' && s.interface && routeDev(s) && routeDev(s) !== s.interface) return 'route';
  return undefined;
}

/** The key steps of `trace` (ascending step indexes); `narrated` holds the steps with a caption. */
export function keySteps(trace: Trace, narrated: ReadonlyMap<number, unknown>): readonly number[] {
  return trace.steps.filter((s) => keyReason(s, narrated.has(s.index)) !== undefined).map((s) => s.index);
}

const memoKeySteps = memoByPair(keySteps);
const NONE: readonly number[] = [];

/** The key steps of the Trace on screen. */
export const selectKeySteps = (s: PacketWalkState): readonly number[] => (s.trace ? memoKeySteps(s.trace, selectCaptions(s)) : NONE);

/** The first key step after `step` (the last step when none is left). */
export function nextKeyStep(keys: readonly number[], step: number, last: number): number {
  return keys.find((k) => k > step) ?? last;
}

/** The last key step before `step` (step 0 when none is). */
export function prevKeyStep(keys: readonly number[], step: number): number {
  return [...keys].reverse().find((k) => k < step) ?? 0;
}
