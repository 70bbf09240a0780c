/** The embed names rewritten header fields with the names the app uses (`field.*`, shared by both). */
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { fieldLabel } from '../ui/header-rows';

describe('embed field names', () => {
  it('labels a DNAT the way the app does', () => {
    const t = (k: string) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], en) as string;
    expect(fieldLabel('ip.dst', t)).toBe('IP dst');
    expect(fieldLabel('outer[0].ip.src', t)).toBe('outer IP src');
    expect(fieldLabel('embedded.l4.dport', t)).toBe('Quoted packet: dst port');
  });
});
