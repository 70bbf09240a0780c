/**
 * Keyboard control scoped to one embed (not the whole host page): Space play/pause, ←/→ step,
 * Home/End, while focus is inside the embed. Keys typed into form fields are left alone, and so is
 * every other key: in a reveal.js deck, `S` (speaker notes), `O`/Esc (overview), `F` (fullscreen),
 * `B`/`.` (pause) and `,` stay the deck's, with their default actions.
 */
import { useEffect, type RefObject } from 'react';
import type { PacketWalkState } from '../store';
import { isFormField, playbackAction, type PlaybackAction } from '../ui/keys';
import { usePacketWalkStore } from '../ui/store-context';

/** The action of a key press inside the embed (the playback keys the app uses too), or null for a key the embed leaves to the page. */
export function embedKeyAction(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>): PlaybackAction | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  return playbackAction(e.key);
}

/** Installs the key bindings on `ref`'s element (they fire only while focus is inside it). */
export function useEmbedKeyboard(ref: RefObject<HTMLElement | null>): void {
  const store = usePacketWalkStore();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onKeyDown = (e: KeyboardEvent) => {
      const action = isFormField(e.target) ? null : embedKeyAction(e);
      if (!action) return;
      e.preventDefault();
      e.stopPropagation();
      (store.getState() as PacketWalkState)[action]();
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
