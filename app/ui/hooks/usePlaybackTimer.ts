/** Drives playback: while playing, advances the cursor one step per interval (scaled by speed). */
import { useEffect } from 'react';
import { STEP_MS } from '../../store';
import { usePacketWalk } from '../store-context';

/** Arms a timer for the next step whenever the step, speed or playing state changes. */
export function usePlaybackTimer(): void {
  const playing = usePacketWalk((s) => s.playing);
  const step = usePacketWalk((s) => s.step);
  const speed = usePacketWalk((s) => s.speed);
  const advance = usePacketWalk((s) => s.advancePlayback);
  useEffect(() => {
    if (!playing) return;
    const t = window.setTimeout(advance, STEP_MS / speed);
    return () => window.clearTimeout(t);
  }, [playing, step, speed, advance]);
}
