/**
 * Reading a scenario file the user picked or dropped. A file over MAX_SCENARIO_BYTES (its size in
 * bytes, as the loader counts) is refused with an error naming the file and the limit, without
 * reading it; any other file is read whole, decoded as strict UTF-8 (bad bytes are an error at
 * their line and column) and handed to the store's loader as data (the loader and the first trace
 * run in the engine worker). A file shown is kept for a reload (../opened-file.ts).
 */
import { useCallback } from 'react';
import { MAX_SCENARIO_BYTES } from '../../store';
import { decodeUtf8 } from '../../scenario/utf8';
import { saveOpened } from '../opened-file';
import { usePacketWalk } from '../store-context';

/** What the hook needs of a File (a Blob with a name). */
export interface ScenarioFileLike {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Returns a function that reads `files` and hands the scenario's text to `loadScenarioText`;
 * resolves when shown or refused. With several files (a cluster file and the kubectl output its
 * `objectsFrom:` names; captures of several nodes and kubectl's output), the cluster file or the
 * first capture is the one loaded and the others are passed by name.
 */
export function useScenarioFile(): (files: ScenarioFileLike | readonly ScenarioFileLike[]) => Promise<void> {
  const load = usePacketWalk((s) => s.loadScenarioText);
  const refuse = usePacketWalk((s) => s.showLoadErrors);
  return useCallback(
    async (picked: ScenarioFileLike | readonly ScenarioFileLike[]) => {
      const list = Array.isArray(picked) ? picked : [picked as ScenarioFileLike];
      const texts: { name: string; text: string }[] = [];
      for (const file of list) {
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
        texts.push({ name: file.name, text: decoded.text });
      }
      if (!texts.length) return;
      // A cluster file reads the others (objectsFrom:); else a capture imports them with it.
      const main = texts.find((t) => /^kind:\s*Cluster\s*$/m.test(t.text)) ?? texts.find((t) => /"format"\s*:\s*"packetwalk-capture"/.test(t.text.slice(0, 200))) ?? texts[0];
      const others = texts.filter((t) => t !== main);
      const files = others.length ? Object.fromEntries(others.map((t) => [t.name, t.text])) : undefined;
      // Shown: keep it for a reload (./opened-file.ts).
      if (await load(main.text, main.name, undefined, files)) await saveOpened({ name: main.name, text: main.text, ...(files ? { files } : {}) });
    },
    [load, refuse],
  );
}
