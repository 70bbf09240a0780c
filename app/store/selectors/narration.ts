/** The flow's narration: its introduction and the caption placed on the step under the cursor. */
import type { Trace } from '../../engine';
import { placeCaptions, type Caption } from '../../scenario/narration';
import type { Narration } from '../../scenario/schema';
import type { PacketWalkState } from '../types';
import { memoByPair } from './memo';
import { selectCurrentFlow } from './step';

const captionsOf = memoByPair((trace: Trace, narration: Narration): ReadonlyMap<number, Caption> => placeCaptions(trace, narration).byStep);
const NONE: ReadonlyMap<number, Caption> = new Map();

/** Step index → caption (English and Chinese) for the Trace on screen; empty without narration. */
export const selectCaptions = (s: PacketWalkState): ReadonlyMap<number, Caption> => {
  const narration = selectCurrentFlow(s)?.narration;
  return s.trace && narration ? captionsOf(s.trace, narration) : NONE;
};

/** The caption of the step under the cursor, or null. */
export const selectCaption = (s: PacketWalkState): Caption | null => selectCaptions(s).get(s.step) ?? null;

/** The flow's introduction, or null when it has no narration. */
export const selectIntro = (s: PacketWalkState): Caption | null => selectCurrentFlow(s)?.narration?.intro ?? null;
