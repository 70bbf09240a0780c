/** The random decision offered at the current step, with every branch and its probability. */
import type { Alternative, TraceStep } from '../../engine';
import type { PacketWalkState } from '../types';

const EMPTY: readonly Alternative[] = [];
const cache = new WeakMap<TraceStep, { from: readonly Alternative[]; value: readonly Alternative[] }>();

/**
 * The alternatives of the decision taken at the step under the cursor: the step's own list, or,
 * for a rule step in a decision's chain (`netns/table/chain`) where the Trace lists none (the
 * fall-through branch was taken), the flow's known alternatives of that decision.
 */
export const selectStepAlternatives = (s: PacketWalkState): readonly Alternative[] => {
  const step = s.trace?.steps[s.step];
  if (!step) return EMPTY;
  if (step.alternatives?.length) return step.alternatives;
  if (step.stage !== 'rule' || !step.table || !step.chain || !step.rule) return EMPTY;
  const hit = cache.get(step);
  if (hit && hit.from === s.alternatives) return hit.value;
  const key = `${step.netns}/${step.table}/${step.chain}`;
  const found = s.alternatives.filter((a) => a.choice === key);
  const value = found.some((a) => a.option === step.rule?.index) ? found : EMPTY;
  cache.set(step, { from: s.alternatives, value });
  return value;
};
