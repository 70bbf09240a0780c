/**
 * Global keyboard control. In the app: Space play/pause, ←/→ step, Home/End first/last step. In
 * presenter mode, what clickers send: PageDown, →, ↓ and Space next; PageUp, ←, ↑ back; `B` (or
 * `.`) blanks the screen and unblanks it (any other key also unblanks); Esc leaves presenter mode.
 * Keys typed into form fields (select, input, textarea) are left alone.
 */
import { useEffect } from 'react';
import type { PacketWalkState } from '../../store';
import { isFormField, PLAYBACK_KEYS } from '../keys';
import { usePacketWalkStore } from '../store-context';
import { exitFullscreen } from './fullscreen';

/** The app's bindings: the playback keys the embeds share (../keys.ts). */
function appKeys(s: PacketWalkState): Record<string, () => void> {
  return Object.fromEntries(Object.entries(PLAYBACK_KEYS).map(([key, action]) => [key, s[action]]));
}

/** Presenter bindings (clickers send PageDown/PageUp, some `b` or `.` to blank). */
function presenterKeys(s: PacketWalkState): Record<string, () => void> {
  const next = s.presenterNext;
  const back = s.presenterBack;
  return {
    ' ': next,
    PageDown: next,
    ArrowRight: next,
    ArrowDown: next,
    Enter: next,
    PageUp: back,
    ArrowLeft: back,
    ArrowUp: back,
    Backspace: back,
    Home: s.jumpToStart,
    End: s.jumpToEnd,
    b: s.toggleBlank,
    B: s.toggleBlank,
    '.': s.toggleBlank,
    Escape: () => {
      void exitFullscreen();
      s.setPresenting(false);
    },
  };
}

/** Installs the key bindings on `window` for the lifetime of the component. */
export function useKeyboard(): void {
  const store = usePacketWalkStore();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isFormField(e.target)) return;
      const s = store.getState();
      if (s.presenting && s.blanked) {
        // Blanked: any key brings the screen back, without moving on.
        if (['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) return;
        e.preventDefault();
        s.toggleBlank();
        return;
      }
      const enterOnButton = e.key === 'Enter' && e.target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(e.target.tagName);
      const act = (s.presenting ? presenterKeys(s) : appKeys(s))[e.key];
      if (!act || enterOnButton) return;
      e.preventDefault();
      act();
    };
    // Space on a focused button would also "click" it on keyup: the key is ours, cancel that.
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === ' ' && !isFormField(e.target)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [store]);
}
