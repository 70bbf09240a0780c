/**
 * The scenario a user opened from their own files, kept in the browser's IndexedDB (idb-keyval) so
 * a reload shows it again at the same flow and step instead of falling back to a bundled scenario.
 * Only the app keeps one; selecting a bundled scenario forgets it. The text is data: it goes back
 * through the same loader as when it was first opened.
 */
import { del, get, set } from 'idb-keyval';

/** What is kept: the file and its companions (a cluster file's objectsFrom, other captures), where the reader was. */
export interface OpenedFile {
  readonly name: string;
  readonly text: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly flow?: string;
  /** The 0-based step index on screen. */
  readonly step?: number;
}

const KEY = 'packetwalk:opened-file';

/** True when this browser offers IndexedDB (not in Node, not in some private modes). */
const available = () => typeof indexedDB !== 'undefined';

/** The kept file, or null (none, no IndexedDB, or a store that cannot be read). */
export async function readOpened(): Promise<OpenedFile | null> {
  if (!available()) return null;
  try {
    const v = (await get(KEY)) as OpenedFile | undefined;
    return v && typeof v.name === 'string' && typeof v.text === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Keeps `f` (replacing any earlier one); a failure to store is not an error for the user. */
export async function saveOpened(f: OpenedFile): Promise<void> {
  if (!available()) return;
  try {
    await set(KEY, f);
  } catch {
    // Quota or a private mode: the file is still shown, it just will not survive a reload.
  }
}

/** Updates where the reader is in the kept file (nothing when none is kept). */
export async function rememberPlace(flow: string | undefined, step: number): Promise<void> {
  const f = await readOpened();
  if (f && (f.flow !== flow || f.step !== step)) await saveOpened({ ...f, flow, step });
}

/** Forgets the kept file. */
export async function forgetOpened(): Promise<void> {
  if (!available()) return;
  try {
    await del(KEY);
  } catch {
    // Nothing kept, or nothing to do.
  }
}
