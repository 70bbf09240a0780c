/**
 * The keys the app and the embeds share: playback (Space play/pause, ←/→ step, Home/End first and
 * last step) and which elements keep their keys to themselves (form fields). The app binds them on
 * the window (./hooks/useKeyboard.ts), an embed only while focus is inside it
 * (../embed/useEmbedKeyboard.ts), so both step the same way.
 */

/** Playback keys and the store action each runs. */
export const PLAYBACK_KEYS = { ' ': 'togglePlay', ArrowRight: 'stepForward', ArrowLeft: 'stepBack', Home: 'jumpToStart', End: 'jumpToEnd' } as const;

/** A store action a playback key runs. */
export type PlaybackAction = (typeof PLAYBACK_KEYS)[keyof typeof PLAYBACK_KEYS];

/** The playback action of `key`, or null for any other key. */
export function playbackAction(key: string): PlaybackAction | null {
  return Object.hasOwn(PLAYBACK_KEYS, key) ? PLAYBACK_KEYS[key as keyof typeof PLAYBACK_KEYS] : null;
}

/** True when `el` is a control that uses these keys itself (text fields, selects, editable content). */
export function isFormField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName);
}
