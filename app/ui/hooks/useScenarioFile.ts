/**
 * Reading a scenario file the user picked or dropped. A file over MAX_SCENARIO_BYTES (its size in
 * bytes, as the loader counts) is refused with an error naming the file and the limit, without
 * reading it; any other file is read whole, decoded as strict UTF-8 (bad bytes are an error at
 * their line and column) and handed to the store's loader as data (the loader and the first trace
 * run in the engine worker).
 */
import { useCallback } from 'react';
import { MAX_SCENARIO_BYTES } from '../../store';
import { decodeUtf8 } from '../../scenario/utf8';
import { usePacketWalk } from '../store-context';

/** What the hook needs of a File (a Blob with a name). */
export interface ScenarioFileLike {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
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
      // Strict UTF-8, as the CLI and the embed decode: bad bytes are an error with their position.
      const decoded = decodeUtf8(new Uint8Array(await file.arrayBuffer()));
      if (!decoded.ok) {
        refuse([{ file: file.name, line: decoded.line ?? 1, column: decoded.column ?? 1, path: '', message: decoded.message, code: 'encoding' }]);
        return;
      }
      await load(decoded.text, file.name);
    },
    [load, refuse],
  );
}
