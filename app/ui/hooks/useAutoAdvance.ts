/** Drives the presenter's auto-advance: one step per `paceMs` while it is on. */
import { useEffect } from 'react';
import { usePacketWalk } from '../store-context';

/** Arms a timer for the next step whenever the step, pace or auto-advance state changes. */
export function useAutoAdvance(): void {
  const on = usePacketWalk((s) => s.autoAdvance);
  const step = usePacketWalk((s) => s.step);
  const pace = usePacketWalk((s) => s.paceMs);
  const blanked = usePacketWalk((s) => s.blanked);
  const advance = usePacketWalk((s) => s.advanceAuto);
  useEffect(() => {
    if (!on || blanked) return;
    const t = window.setTimeout(advance, pace);
    return () => window.clearTimeout(t);
  }, [on, step, pace, blanked, advance]);
}
