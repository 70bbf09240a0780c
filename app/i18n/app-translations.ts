/**
 * The app's own words (`./en-app.ts`, `./zh-app.ts`) and how the app adds them to its i18next
 * instance at boot; the embeds, which show none of them, never download them.
 */
import type { i18n } from 'i18next';
import { enApp } from './en-app';
import { zhApp } from './zh-app';

/** Adds the app's words in both languages to `instance` (deep merge, idempotent). */
export function addAppTranslations(instance: i18n): void {
  instance.addResourceBundle('en', 'translation', enApp, true, false);
  instance.addResourceBundle('zh', 'translation', zhApp, true, false);
}
