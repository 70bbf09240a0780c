/**
 * What the embeds (`<packet-walk>`, `embed.html`) load instead of ./load-capture.ts: they play
 * scenarios, and leave the importer out to stay within their download budget. A capture given by
 * URL or `#s=` is refused with the way to import it.
 */
import type { ScenarioError } from './errors';
import type { Companion } from './load-capture';
import type { Positions } from './yaml-positions';

/** Refuses the capture at its `format:` field, naming the way to import it. */
export function loadCapture<R>(
  _data: unknown,
  pos: Positions,
  file: string,
  _loadText: (text: string, file: string) => R,
  _companions: readonly Companion[] = [],
): { result: R; text: string } | { ok: false; errors: ScenarioError[] } {
  return {
    ok: false,
    errors: [
      {
        file,
        ...pos.ofPath(['format']),
        path: 'format',
        message: 'this embed plays scenarios; import the capture with `npm run import -- FILE -o scenario.yaml` (or open it in the PacketWalk app) and embed the scenario',
      },
    ],
  };
}

/** The worker's hand-over of the importer (./load-capture-lazy.ts): nothing to hand over here. */
export function provideCaptureLoader(_m: unknown): void {}
