/**
 * Reading a scenario file the user picked or dropped. A file over MAX_SCENARIO_BYTES (its size in
 * bytes, as the loader counts) is refused with an error naming the file and the limit, without
 * reading it; any other file is read whole and handed to the store's loader as data (the loader
 * and the first trace run in the engine worker).
 */
import { useCallback } from 'react';
import { MAX_SCENARIO_BYTES } from '../../store';
import { usePacketWalk } from '../store-context';

/** What the hook needs of a File (a Blob with a name). */
export interface ScenarioFileLike {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
}

/** Returns a function that reads `file` and hands its text to `loadScenarioText`; resolves when shown or refused. */
export function useScenarioFile(): (file: ScenarioFileLike) => Promise<void> {
  const load = usePacketWalk((s) => s.loadScenarioText);
  const refuse = usePacketWalk((s) => s.showLoadErrors);
  return useCallback(
    async (file: ScenarioFileLike) => {
      if (file.size > MAX_SCENARIO_BYTES) {
        const message = `${file.name} is ${file.size} bytes, larger than the ${MAX_SCENARIO_BYTES}-byte limit for scenario files`;
        refuse([{ file: file.name, line: 1, column: 1, path: '', message, code: 'too-large', limit: MAX_SCENARIO_BYTES, size: file.size }]);
        return;
      }
      await load(await file.text(), file.name);
    },
    [load, refuse],
  );
}
