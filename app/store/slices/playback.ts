/** Playback slice: play/pause and speed. Time is not here: the UI's timer calls advancePlayback. */
import type { StateCreator } from 'zustand';
import type { PacketWalkState, PlaybackSlice } from '../types';
import { moveTarget } from './cursor';

/** Speed multipliers offered by the timeline. */
export const PLAYBACK_SPEEDS = [0.5, 1, 2, 4] as const;

/** Milliseconds one step stays on screen at speed 1. */
export const STEP_MS = 1100;

/** Creates the playback slice. */
export const createPlaybackSlice: StateCreator<PacketWalkState, [], [], PlaybackSlice> = (set, get) => ({
  playing: false,
  speed: 1,

  play() {
    const { trace, step } = get();
    if (!trace) return;
    const atEnd = step >= trace.steps.length - 1;
    set({ playing: true, step: atEnd ? 0 : step });
  },
  pause: () => set({ playing: false }),
  togglePlay() {
    if (get().playing) get().pause();
    else get().play();
  },
  setSpeed(speed) {
    if ((PLAYBACK_SPEEDS as readonly number[]).includes(speed)) set({ speed });
  },
  advancePlayback() {
    const { trace, step, playing } = get();
    if (!playing || !trace) return;
    const next = moveTarget(get(), step + 1);
    // At the end, or before a question still open in challenge mode: stop.
    if (next === step) set({ playing: false });
    else set({ step: next });
  },
});
