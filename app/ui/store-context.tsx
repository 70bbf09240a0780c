/**
 * React binding of the PacketWalk store: a context holding the store instance (one per mounted
 * app, or per test) and hooks that select narrow slices of it.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { PacketWalkState, PacketWalkStore } from '../store';

const StoreContext = createContext<PacketWalkStore | null>(null);

/** Provides `store` to the components below. */
export function StoreProvider({ store, children }: { store: PacketWalkStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store instance (for effects that subscribe or call actions outside render). */
export function usePacketWalkStore(): PacketWalkStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('usePacketWalk* used outside <StoreProvider>');
  return store;
}

/**
 * Selects a value from the store; re-renders when it changes (by Object.is). Wrap selectors that
 * build objects in `useShallow`.
 */
export function usePacketWalk<T>(selector: (s: PacketWalkState) => T): T {
  return useStore(usePacketWalkStore(), selector);
}
