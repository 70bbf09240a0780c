/**
 * The embeds' stand-in for unevaluable.ts (vite.embed-runtime.ts `withoutUnevaluableList`): an
 * embed has no panel listing what the engine cannot evaluate (the app has), so its engine worker
 * does not collect the list. A packet that reaches such a part still stops with "cannot evaluate"
 * naming its source position: that comes from the walk, not from this list.
 */
import type { Unevaluable } from './unevaluable';
import type { World } from './world';

export type { Unevaluable };

/** Always empty: the embeds list nothing (see above). */
export function unevaluable(_world: World): readonly Unevaluable[] {
  return [];
}
