/** Keeps the address bar in step with the store (scenario, flow, step, choices, language, presenter). */
import { useEffect } from 'react';
import { usePacketWalkStore } from '../store-context';
import { formatLocation } from '../url';

/**
 * Mirrors the store into `?scenario=…&flow=…&step=…&lang=…` with `history.replaceState` (no history
 * entry per step). Reading the URL on load is done once by `main.tsx`.
 */
export function useUrlSync(): void {
  const store = usePacketWalkStore();
  useEffect(() => {
    let last = '';
    const write = () => {
      const s = store.getState();
      const search = formatLocation({
        scenario: s.scenarioId ?? undefined,
        flow: s.flowName ?? undefined,
        step: s.step,
        choices: s.choices,
        lang: s.language,
        present: s.presenting || undefined,
      });
      if (search === last) return;
      last = search;
      const url = `${window.location.pathname}${search}${window.location.hash}`;
      window.history.replaceState(window.history.state, '', url);
    };
    write();
    return store.subscribe(write);
  }, [store]);
}
