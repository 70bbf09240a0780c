/**
 * The translations: Chinese has every English key and no other, no text is empty, both say the
 * same placeholders, and every key the views name literally (`t('…')`) exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEn, appZh } from './app-sentences';
import { becauseEn, becauseZh } from './because';
import { en } from './en';
import { enApp } from './en-app';
import { zh } from './zh';
import { zhApp } from './zh-app';

type Tree = { readonly [k: string]: string | Tree };
function leaves(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}
// The app adds its own words (en-app/zh-app), the cluster builder's `because.*` sentences and its `appOnly.*` ones to the same namespace.
const EN = leaves({ ...en, ...enApp, because: becauseEn, appOnly: appEn });
const ZH = leaves({ ...(zh as unknown as Tree), ...(zhApp as unknown as Tree), because: becauseZh, appOnly: appZh });
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !/\.test\./.test(f) ? [p] : [];
  });
}

describe('translations', () => {
  it('zh has exactly the en keys, none empty', () => {
    expect([...ZH.keys()].sort()).toEqual([...EN.keys()].sort());
    for (const [k, v] of [...EN, ...ZH]) expect(v.trim(), k).not.toBe('');
  });
  it('en and zh use the same placeholders', () => {
    for (const [k, v] of EN) expect(placeholders(ZH.get(k) ?? ''), k).toEqual(placeholders(v));
  });
  it('every key the views name literally exists', () => {
    const root = resolve(__dirname, '..');
    const missing: string[] = [];
    let seen = 0;
    for (const f of [...sources(join(root, 'ui')), ...sources(join(root, 'embed'))]) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) {
        const key = m[1];
        seen++;
        if (!EN.has(key) && !EN.has(`${key}_one`)) missing.push(`${f.slice(root.length + 1)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(seen).toBeGreaterThan(100);
  });
  it('names the error direction and its packet in both languages', () => {
    expect([EN.get('direction.error'), ZH.get('direction.error')]).toEqual(['error', '错误']);
    expect(ZH.get('field.quoted')).toBe('引用的原始报文');
  });
});
