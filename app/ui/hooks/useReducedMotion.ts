/** Follows the system's `prefers-reduced-motion` into the store's preference. */
import { useEffect } from 'react';
import { usePacketWalkStore } from '../store-context';

/** Subscribes to the media query and updates `reducedMotion` when it changes. */
export function useReducedMotion(): void {
  const store = usePacketWalkStore();
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-reduced-motion: reduce)');
    if (!mq) return;
    const on = () => store.getState().setReducedMotion(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [store]);
}
