/** The embed names rewritten header fields with its own copies of the app's names (`embed.fields.*`). */
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { enApp } from '../i18n/en-app';
import { fieldLabel } from '../ui/header-rows';

describe('embed field names', () => {
  it('has every name of a field the step panel can show (all but the MACs), as the app says it', () => {
    const app: Record<string, string> = enApp.headers.fields;
    const embed: Record<string, string> = en.embed.fields;
    const shown = Object.keys(app).filter((k) => !/mac|ethernet/i.test(k));
    expect(shown.filter((k) => embed[k] !== app[k])).toEqual([]);
  });
  it('labels a DNAT the way the app does', () => {
    const t = (k: string) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], { embed: en.embed }) as string;
    expect(fieldLabel('ip.dst', (k) => t(k.replace('headers.', 'embed.')))).toBe('IP dst');
    expect(fieldLabel('outer[0].ip.src', (k) => t(k.replace('headers.', 'embed.')))).toBe('outer IP src');
    expect(fieldLabel('embedded.l4.dport', (k) => t(k.replace('headers.', 'embed.')))).toBe('Quoted packet: dst port');
  });
});
