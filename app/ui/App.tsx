/**
 * The PacketWalk app: the workspace, presenter mode, or the printable handout. Installs keyboard
 * control, playback and auto-advance timers, URL sync, reduced-motion tracking, and applies and
 * persists the preferences (language, theme, palette).
 */
import { Handout } from './Handout';
import { useAutoAdvance } from './hooks/useAutoAdvance';
import { useDocumentPreferences } from './hooks/useDocumentPreferences';
import { useKeyboard } from './hooks/useKeyboard';
import { usePersistPreferences } from './hooks/usePersistPreferences';
import { usePlaybackTimer } from './hooks/usePlaybackTimer';
import { useReducedMotion } from './hooks/useReducedMotion';
import { useUrlSync } from './hooks/useUrlSync';
import { Presenter } from './Presenter';
import { usePacketWalk } from './store-context';
import { Workspace } from './Workspace';

/** The interactive app (workspace or presenter mode). */
function Interactive() {
  useKeyboard();
  usePlaybackTimer();
  useAutoAdvance();
  useUrlSync();
  const presenting = usePacketWalk((s) => s.presenting);
  return presenting ? <Presenter /> : <Workspace />;
}

/**
 * The whole page.
 * @param handout show the printable handout of the flow instead of the app (`?handout=1`).
 */
export function App({ handout = false }: { handout?: boolean }) {
  useDocumentPreferences(handout ? { forceLight: true } : undefined);
  useReducedMotion();
  usePersistPreferences();
  return handout ? <Handout /> : <Interactive />;
}
