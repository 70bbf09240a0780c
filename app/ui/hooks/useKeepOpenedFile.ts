/**
 * Keeps where the reader is in a scenario opened from their own files (./opened-file.ts): its flow
 * and step follow the cursor (a few hundred milliseconds after it stops); selecting a bundled
 * scenario forgets the file, so a reload shows what the URL names.
 */
import { useEffect } from 'react';
import { forgetOpened, rememberPlace } from '../opened-file';
import { usePacketWalkStore } from '../store-context';

/** Installs the store subscription for the component's lifetime. */
export function useKeepOpenedFile(): void {
  const store = usePacketWalkStore();
  useEffect(() => {
    let timer = 0;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.scenarioId !== null && s.scenarioId !== prev.scenarioId) void forgetOpened();
      if (s.scenarioId !== null || !s.scenario) return;
      if (s.flowName === prev.flowName && s.step === prev.step && s.scenario === prev.scenario) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void rememberPlace(s.flowName ?? undefined, s.step), 300);
    });
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, [store]);
}
