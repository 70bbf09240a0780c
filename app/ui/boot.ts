/**
 * What the app starts with, read once by the entry: stored preferences (localStorage, validated)
 * over the browser's language. The URL (`?lang=`) wins over both, through `restoreLocation`.
 */
import { languageFromTag } from '../i18n/languages';
import { sanitizePreferences, type StoredPreferences } from '../store';

/** localStorage key of the stored preferences. */
export const PREFERENCES_KEY = 'packetwalk:preferences';

/**
 * The initial preferences from stored JSON and the browser's language.
 * @param stored the stored JSON (untrusted; invalid parts are ignored).
 * @param browserLanguage `navigator.language`.
 */
export function initialPreferences(stored: string | null, browserLanguage: string | undefined): Partial<StoredPreferences> {
  let saved: Partial<StoredPreferences>;
  try {
    saved = sanitizePreferences(JSON.parse(stored ?? 'null'));
  } catch {
    saved = {};
  }
  return { language: languageFromTag(browserLanguage), ...saved };
}

/** Reads localStorage (when allowed) and `navigator.language`. */
export function bootPreferences(): Partial<StoredPreferences> {
  let stored: string | null;
  try {
    stored = window.localStorage.getItem(PREFERENCES_KEY);
  } catch {
    stored = null;
  }
  return initialPreferences(stored, window.navigator?.language);
}
