/**
 * React binding of one embed: its controller (and through it its own PacketWalk store), the URL of
 * the embed page for share links, and the status hook.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { StoreProvider } from '../ui/store-context';
import type { EmbedController, EmbedStatus } from './controller';

/** What every embed component can reach. */
export interface EmbedContextValue {
  readonly controller: EmbedController;
  /** Absolute URL of `embed.html`, for share links and the link to the app. */
  readonly embedUrl: string;
}

const EmbedContext = createContext<EmbedContextValue | null>(null);

/** Provides the embed and its store to the components below. */
export function EmbedProvider({ value, children }: { value: EmbedContextValue; children: ReactNode }) {
  return (
    <EmbedContext.Provider value={value}>
      <StoreProvider store={value.controller.store}>{children}</StoreProvider>
    </EmbedContext.Provider>
  );
}

/** The embed of the surrounding provider. */
export function useEmbed(): EmbedContextValue {
  const v = useContext(EmbedContext);
  if (!v) throw new Error('useEmbed used outside <EmbedProvider>');
  return v;
}

/** Selects from the embed's status (phase, errors, options, …). */
export function useEmbedStatus<T>(selector: (s: EmbedStatus) => T): T {
  return useStore(useEmbed().controller.status, selector);
}
