/** Preferences slice: reduced motion and how much of the routing tables to show. */
import type { StateCreator } from 'zustand';
import type { PacketWalkState, PreferencesSlice } from '../types';

/** Creates the preferences slice. @param reducedMotion initial value (from `prefers-reduced-motion`). */
export function createPreferencesSlice(reducedMotion: boolean): StateCreator<PacketWalkState, [], [], PreferencesSlice> {
  return (set, get) => ({
    reducedMotion,
    showLocalRoutes: false,
    setReducedMotion: (on) => set({ reducedMotion: on }),
    toggleLocalRoutes: () => set({ showLocalRoutes: !get().showLocalRoutes }),
  });
}
