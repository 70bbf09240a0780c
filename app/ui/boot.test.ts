/** The initial preferences: browser language, overridden by valid stored preferences. */
import { describe, expect, it } from 'vitest';
import { initialPreferences } from './boot';

describe('initialPreferences', () => {
  it('takes the language from the browser', () => {
    expect(initialPreferences(null, 'zh-CN')).toEqual({ language: 'zh' });
    expect(initialPreferences(null, 'en-GB')).toEqual({ language: 'en' });
    expect(initialPreferences(null, 'fr')).toEqual({ language: 'en' });
  });

  it('lets valid stored preferences win and ignores the rest', () => {
    expect(initialPreferences('{"language":"en","theme":"dark","palette":"okabe-ito"}', 'zh-TW')).toEqual({ language: 'en', theme: 'dark', palette: 'okabe-ito' });
    expect(initialPreferences('{"theme":"<script>","palette":1}', 'zh')).toEqual({ language: 'zh' });
    expect(initialPreferences('not json', 'en')).toEqual({ language: 'en' });
  });
});
