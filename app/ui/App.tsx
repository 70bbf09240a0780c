/**
 * The PacketWalk app: the workspace, presenter mode, or the printable handout. Installs keyboard
 * control, playback and auto-advance timers, URL sync, reduced-motion tracking, and applies and
 * persists the preferences (language, theme, palette). Presenter mode and the handout are chunks of
 * their own, downloaded when first shown, so the workspace's first paint does not wait for them.
 */
import { useKeepOpenedFile } from './hooks/useKeepOpenedFile';
import { lazy, Suspense } from 'react';
import { useAutoAdvance } from './hooks/useAutoAdvance';
import { useDocumentPreferences } from './hooks/useDocumentPreferences';
import { useKeyboard } from './hooks/useKeyboard';
import { usePersistPreferences } from './hooks/usePersistPreferences';
import { usePlaybackTimer } from './hooks/usePlaybackTimer';
import { useReducedMotion } from './hooks/useReducedMotion';
import { useUrlSync } from './hooks/useUrlSync';
import { usePacketWalk } from './store-context';
import { Workspace } from './Workspace';

const Handout = lazy(() => import('./Handout').then((m) => ({ default: m.Handout })));
const Presenter = lazy(() => import('./Presenter').then((m) => ({ default: m.Presenter })));

/** The interactive app (workspace or presenter mode). */
function Interactive() {
  useKeyboard();
  usePlaybackTimer();
  useAutoAdvance();
  useUrlSync();
  useKeepOpenedFile();
  const presenting = usePacketWalk((s) => s.presenting);
  return presenting ? (
    <Suspense fallback={null}>
      <Presenter />
    </Suspense>
  ) : (
    <Workspace />
  );
}

/**
 * The whole page.
 * @param handout show the printable handout of the flow instead of the app (`?handout=1`).
 */
export function App({ handout = false }: { handout?: boolean }) {
  useDocumentPreferences(handout ? { forceLight: true } : undefined);
  useReducedMotion();
  usePersistPreferences();
  return handout ? (
    <Suspense fallback={null}>
      <Handout />
    </Suspense>
  ) : (
    <Interactive />
  );
}
