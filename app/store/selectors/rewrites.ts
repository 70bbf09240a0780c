/** "What changed": every rewrite of the packet along the Trace on screen. */
import type { Rewrite } from '../../engine/summary';
import { traceRewrites } from '../engine-bridge';
import type { PacketWalkState } from '../types';
import { memoByObject } from './memo';

const rewritesOf = memoByObject(traceRewrites);
const NONE: readonly Rewrite[] = [];

/** The rewrites of the Trace on screen, in step order (a stable array per Trace). */
export const selectRewrites = (s: PacketWalkState): readonly Rewrite[] => (s.trace ? rewritesOf(s.trace) : NONE);

export type { Rewrite };
