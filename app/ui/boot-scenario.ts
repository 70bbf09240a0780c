/**
 * What the app opens first: the moment the URL names (`?scenario=…`), else the scenario the user
 * last opened from their own files (./opened-file.ts) at its flow and step, else the default
 * bundled scenario. Language and presenter mode from the URL apply either way.
 */
import type { PacketWalkStore } from '../store';
import { forgetOpened, readOpened } from './opened-file';
import { isHandout, parseLocation } from './url';

/** Opens the first scenario for `search` (`window.location.search`). */
export async function bootScenario(store: PacketWalkStore, search: string): Promise<void> {
  const loc = parseLocation(search);
  const saved = loc.scenario || isHandout(search) ? null : await readOpened();
  if (!saved) return store.getState().restoreLocation(loc);
  const s = store.getState();
  if (loc.lang !== undefined) s.setLanguage(loc.lang);
  if (loc.present !== undefined) s.setPresenting(loc.present);
  const shown = await s.loadScenarioText(saved.text, saved.name, saved.flow, saved.files);
  if (!shown) {
    // It no longer loads (a newer version refuses it): forget it and show what the URL says.
    await forgetOpened();
    return store.getState().restoreLocation(loc);
  }
  if (saved.step !== undefined) store.getState().jumpTo(saved.step);
}
