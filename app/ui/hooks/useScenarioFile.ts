/**
 * Reading a scenario file the user picked or dropped. The text goes to the store's loader as data;
 * at most MAX_SCENARIO_BYTES + 1 bytes are read, so a huge file is refused without loading it all.
 */
import { useCallback } from 'react';
import { MAX_SCENARIO_BYTES } from '../../store';
import { usePacketWalk } from '../store-context';

/** Returns a function that reads `file` and hands its text to `loadScenarioText`. */
export function useScenarioFile(): (file: File) => Promise<void> {
  const load = usePacketWalk((s) => s.loadScenarioText);
  return useCallback(
    async (file: File) => {
      const text = await file.slice(0, MAX_SCENARIO_BYTES + 1).text();
      load(text, file.name);
    },
    [load],
  );
}
