/** Preferences slice: language, theme, palette, reduced motion, and how much routing table to show. */
import type { StateCreator } from 'zustand';
import { isLanguage } from '../../i18n/languages';
import type { PacketWalkState, Palette, PreferencesSlice, StoredPreferences, Theme } from '../types';

const THEMES: readonly Theme[] = ['light', 'dark'];
const PALETTES: readonly Palette[] = ['standard', 'okabe-ito'];

/** The preferences a fresh store starts with when nothing else is known. */
export const DEFAULT_PREFERENCES: StoredPreferences = { language: 'en', theme: 'light', palette: 'standard' };

/**
 * Keeps only valid stored preferences (e.g. parsed from localStorage, which anyone may edit).
 * @returns the known fields with valid values.
 */
export function sanitizePreferences(x: unknown): Partial<StoredPreferences> {
  if (!x || typeof x !== 'object') return {};
  const o = x as Record<string, unknown>;
  const out: { -readonly [K in keyof StoredPreferences]?: StoredPreferences[K] } = {};
  if (isLanguage(o.language)) out.language = o.language;
  if (THEMES.includes(o.theme as Theme)) out.theme = o.theme as Theme;
  if (PALETTES.includes(o.palette as Palette)) out.palette = o.palette as Palette;
  return out;
}

/**
 * Creates the preferences slice.
 * @param reducedMotion initial value (from `prefers-reduced-motion`).
 * @param initial stored preferences to start from (language, theme, palette).
 */
export function createPreferencesSlice(reducedMotion: boolean, initial: Partial<StoredPreferences> = {}): StateCreator<PacketWalkState, [], [], PreferencesSlice> {
  return (set, get) => ({
    ...DEFAULT_PREFERENCES,
    ...sanitizePreferences(initial),
    reducedMotion,
    showLocalRoutes: false,
    setReducedMotion: (on) => set({ reducedMotion: on }),
    toggleLocalRoutes: () => set({ showLocalRoutes: !get().showLocalRoutes }),
    setLanguage: (lang) => {
      if (isLanguage(lang)) set({ language: lang });
    },
    setTheme: (theme) => {
      if (THEMES.includes(theme)) set({ theme });
    },
    setPalette: (palette) => {
      if (PALETTES.includes(palette)) set({ palette });
    },
  });
}
