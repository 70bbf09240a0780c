/**
 * The engine's sentences in every language: the 简体中文 catalog has exactly the English keys with
 * the same `{{params}}`; every message the bundled scenarios and the harness cases produce names a
 * key that exists, fills every slot of its template, and reads in Chinese in zh (no English
 * sentence left).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../engine/messages/en';
import { zh } from '../engine/messages/zh';
import type { Message } from '../engine/message';
import { messageRenderer } from './message-renderer';
import { bundledMessages, type FoundMessage } from './test/bundled-messages';

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))].sort();
const areas = Object.keys(en) as (keyof typeof en)[];
/** The template of `key` in a catalog (the `_other` form of a plural). */
function template(catalog: Record<string, Record<string, string>>, key: string): string | undefined {
  const [area, name] = key.split('.');
  const a = catalog[area];
  return a?.[name] ?? a?.[`${name}_other`];
}
/** Every key and nested key of a message. */
function keysOf(m: Message): string[] {
  return [m.key, ...Object.values(m.params ?? {}).flatMap((v) => (typeof v === 'object' ? keysOf(v) : []))];
}
/** Words of three or more Latin letters outside code-like tokens: what an untranslated sentence leaves. */
const CJK = /[\u4e00-\u9fff]/;

describe('engine message catalogs', () => {
  it('zh has exactly the en keys of every area, none empty, with the same placeholders', () => {
    for (const area of areas) {
      const e = en[area] as Record<string, string>;
      const z = zh[area] as Record<string, string>;
      expect(Object.keys(z).sort(), area).toEqual(Object.keys(e).sort());
      for (const [k, v] of Object.entries(e)) {
        expect(v.trim(), `${area}.${k}`).not.toBe('');
        expect(placeholders(z[k]), `${area}.${k}`).toEqual(placeholders(v));
      }
    }
  });
  it('no parameter is named after an i18next option', () => {
    const reserved = ['ns', 'lng', 'lngs', 'context', 'defaultValue', 'returnObjects', 'replace', 'interpolation', 'ordinal', 'postProcess', 'keySeparator', 'nsSeparator', 'joinArrays'];
    for (const area of areas) for (const [k, v] of Object.entries(en[area] as Record<string, string>)) for (const p of placeholders(v)) expect(reserved, `${area}.${k}`).not.toContain(p);
  });
});

describe('engine messages of the bundled flows', () => {
  let found: FoundMessage[] = [];
  beforeAll(() => {
    found = bundledMessages();
  }, 120_000);
  it('name keys that exist and fill every slot, in both languages', () => {
    expect(found.length).toBeGreaterThan(1000);
    const catalogs = { en: en as unknown as Record<string, Record<string, string>>, zh: zh as unknown as Record<string, Record<string, string>> };
    for (const f of found) {
      for (const k of keysOf(f.message)) expect(template(catalogs.en, k), `${f.where}: ${k}`).toBeDefined();
      for (const lang of ['en', 'zh'] as const) expect(messageRenderer(lang)(f.message), `${f.where} (${lang})`).not.toMatch(/\{\{|engine:/);
      for (const [p] of Object.entries(f.message.params ?? {})) expect(placeholders(template(catalogs.en, f.message.key) ?? ''), `${f.where}: ${f.message.key} has no slot ${p}`).toContain(p);
    }
  });
  it('read in Chinese in zh: every explanation, note and reason has Chinese text', () => {
    const english = found.filter((f) => !CJK.test(messageRenderer('zh')(f.message)) && !f.where.endsWith('(nested)')).map((f) => `${f.where}: ${messageRenderer('zh')(f.message)}`);
    expect(english.slice(0, 20)).toEqual([]);
  });
});
