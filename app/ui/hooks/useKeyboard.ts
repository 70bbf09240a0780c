/**
 * Global keyboard control: Space play/pause, ←/→ step, Home/End first/last step. Keys typed into
 * form fields (select, input, textarea) are left alone.
 */
import { useEffect } from 'react';
import { usePacketWalkStore } from '../store-context';

/** True when `el` is a control that uses these keys itself. */
function isFormField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName);
}

/** Installs the key bindings on `window` for the lifetime of the component. */
export function useKeyboard(): void {
  const store = usePacketWalkStore();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isFormField(e.target)) return;
      const s = store.getState();
      const actions: Record<string, () => void> = {
        ' ': s.togglePlay,
        ArrowRight: s.stepForward,
        ArrowLeft: s.stepBack,
        Home: s.jumpToStart,
        End: s.jumpToEnd,
      };
      const act = actions[e.key];
      if (!act) return;
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
