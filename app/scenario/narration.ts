/**
 * Attaching a flow's narration captions to the steps of its Trace. Captions are matched in order:
 * each caption goes to the first step, after the step the previous caption took, for which every
 * field of its `match` holds (docs/scenario-format.md, "Narration").
 */
import type { Trace, TraceStep } from '../engine/trace';
import type { Narration, StepMatch } from './schema';

/** A caption in both languages. */
export interface Caption {
  readonly en: string;
  readonly zh: string;
}

/** True when step `s` satisfies every field of `m`. */
export function stepMatches(s: TraceStep, m: StepMatch): boolean {
  if (m.direction !== undefined && s.direction !== m.direction) return false;
  if (m.netns !== undefined && s.netns !== m.netns) return false;
  if (m.interface !== undefined && s.interface !== m.interface) return false;
  if (m.stage !== undefined && s.stage !== m.stage) return false;
  if (m.hook !== undefined && s.hook !== m.hook) return false;
  if (m.table !== undefined && s.table !== m.table) return false;
  if (m.chain !== undefined && s.chain !== m.chain) return false;
  if (m.rule !== undefined && !(s.rule?.text ?? '').includes(m.rule)) return false;
  return true;
}

/**
 * Places captions on steps.
 * @returns step index → caption, and the captions that matched no step (so authors can fix them).
 */
export function placeCaptions(trace: Trace, narration: Narration | undefined): { byStep: Map<number, Caption>; unplaced: number[] } {
  const byStep = new Map<number, Caption>();
  const unplaced: number[] = [];
  let from = 0;
  (narration?.captions ?? []).forEach((c, i) => {
    const s = trace.steps.slice(from).find((x) => stepMatches(x, c.match) && !byStep.has(x.index));
    if (!s) {
      unplaced.push(i);
      return;
    }
    byStep.set(s.index, c.text);
    from = s.index;
  });
  return { byStep, unplaced };
}
