/**
 * Keyboard control scoped to one embed (not the whole host page): Space play/pause, ←/→ step,
 * Home/End, while focus is inside the embed. Keys typed into form fields are left alone.
 */
import { useEffect, type RefObject } from 'react';
import { usePacketWalkStore } from '../ui/store-context';

/** True when `el` is a control that uses these keys itself. */
function isFormField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName);
}

/** Installs the key bindings on `ref`'s element. */
export function useEmbedKeyboard(ref: RefObject<HTMLElement | null>): void {
  const store = usePacketWalkStore();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isFormField(e.target)) return;
      const s = store.getState();
      const act: Record<string, () => void> = { ' ': s.togglePlay, ArrowRight: s.stepForward, ArrowLeft: s.stepBack, Home: s.jumpToStart, End: s.jumpToEnd };
      const f = act[e.key];
      if (!f) return;
      e.preventDefault();
      e.stopPropagation();
      f();
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === ' ' && !isFormField(e.target)) e.preventDefault();
    };
    el.addEventListener('keydown', onKeyDown);
    el.addEventListener('keyup', onKeyUp);
    return () => {
      el.removeEventListener('keydown', onKeyDown);
      el.removeEventListener('keyup', onKeyUp);
    };
  }, [store, ref]);
}
