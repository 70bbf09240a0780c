/** The step on screen as the host sees it (postMessage payload and DOM event detail): `step` counts from 1. */
import { stepNumberOf } from '../ui/step-number';
import type { PacketWalkState } from '../store';
import type { StepInfo } from './messages';

/** The step info of a store state; null without a Trace. */
export function stepInfoOf(s: PacketWalkState): StepInfo | null {
  const st = s.trace?.steps[s.step];
  if (!s.trace || !st || !s.flowName) return null;
  return { step: stepNumberOf(s.step), total: s.trace.steps.length, flow: s.flowName, stage: st.stage, netns: st.netns };
}

/** A key that changes whenever the step info does (same Trace object and step → same key). */
export function stepKey(s: PacketWalkState): string {
  const i = stepInfoOf(s);
  return i ? `${i.flow}\u0000${i.step}\u0000${i.total}\u0000${i.stage}\u0000${i.netns}` : '';
}
