/** Cursor slice: which step of the Trace is on screen. */
import type { StateCreator } from 'zustand';
import type { CursorSlice, PacketWalkState } from '../types';

/** Clamps `n` to the steps of the Trace (0 without one). */
export function clampStep(s: PacketWalkState, n: number): number {
  const last = (s.trace?.steps.length ?? 1) - 1;
  if (!Number.isFinite(n)) return 0;
  return Math.max(0, Math.min(last, Math.trunc(n)));
}

/** Creates the cursor slice. Manual moves pause playback. */
export const createCursorSlice: StateCreator<PacketWalkState, [], [], CursorSlice> = (set, get) => ({
  step: 0,
  stepForward: () => set({ step: clampStep(get(), get().step + 1), playing: false }),
  stepBack: () => set({ step: clampStep(get(), get().step - 1), playing: false }),
  jumpTo: (n) => set({ step: clampStep(get(), n), playing: false }),
  jumpToStart: () => set({ step: 0, playing: false }),
  jumpToEnd: () => set({ step: clampStep(get(), Number.MAX_SAFE_INTEGER), playing: false }),
});
