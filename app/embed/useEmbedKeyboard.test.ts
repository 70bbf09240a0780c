/** The embed's keys: its own five, and none of a reveal.js deck's. */
import { describe, expect, it } from 'vitest';
import { embedKeyAction } from './useEmbedKeyboard';

const key = (k: string, mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) => embedKeyAction({ key: k, altKey: false, ctrlKey: false, metaKey: false, ...mods });

describe('embed keyboard', () => {
  it('handles Space, ←/→, Home and End', () => {
    expect([' ', 'ArrowRight', 'ArrowLeft', 'Home', 'End'].map((k) => key(k))).toEqual(['togglePlay', 'stepForward', 'stepBack', 'jumpToStart', 'jumpToEnd']);
  });
  it('leaves reveal.js’s keys (S, O, F, B, ., ,, Esc, ?) and modified keys to the page', () => {
    for (const k of ['s', 'S', 'o', 'O', 'f', 'F', 'b', 'B', 'v', 'V', '.', ',', 'Escape', '?', 'n', 'p', 'PageDown', 'ArrowUp', 'toString', 'constructor']) expect(key(k), k).toBeNull();
    expect(key('ArrowRight', { altKey: true })).toBeNull();
    expect(key(' ', { ctrlKey: true })).toBeNull();
    expect(key('End', { metaKey: true })).toBeNull();
  });
});
