/**
 * The interface's translations (English and 简体中文) and their i18next setup, shared by the app and
 * any other entry (the embed) that mounts PacketWalk views. Strings are React-escaped, so i18next's
 * own escaping is off; scenario text is passed as interpolation values and stays text.
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en as engineEn } from '../engine/messages/en';
import { en } from './en';
import type { Language } from './languages';
import { zh } from './zh';

export { en } from './en';
export type { Translation } from './en';
export { zh } from './zh';
export { LANGUAGES, htmlLang, isLanguage, languageFromTag, type Language } from './languages';

/**
 * i18next resources: the interface (`translation`) in both languages, and the engine's messages
 * (`engine`) in English; the engine's 简体中文 catalog is loaded when first needed
 * (`loadEngineMessages`), so an English page never downloads it.
 */
export const resources = {
  en: { translation: en, engine: engineEn },
  zh: { translation: zh },
} as const;

/**
 * Adds the engine's catalog for `lang` to `inst` once (a separate chunk for 简体中文); views bound
 * with `bindI18nStore: 'added'` re-render when it arrives. Until then they show English.
 */
export function loadEngineMessages(inst: i18n, lang: Language): void {
  if (lang !== 'zh' || inst.hasResourceBundle('zh', 'engine')) return;
  void import('../engine/messages/zh').then((m) => {
    if (!inst.hasResourceBundle('zh', 'engine')) inst.addResourceBundle('zh', 'engine', m.zh);
  });
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

let instance: i18n | null = null;

/**
 * Initialises i18next (once, synchronously: the resources are bundled) for React and switches it to
 * `lang`. Calling it again only changes the language.
 * @returns the i18next instance React components translate with.
 */
export function initI18n(lang: Language): i18n {
  if (instance) {
    if (instance.language !== lang) void instance.changeLanguage(lang);
    loadEngineMessages(instance, lang);
    return instance;
  }
  const inst = i18next.createInstance();
  void inst.use(initReactI18next).init({
    resources,
    lng: lang,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh'],
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    ns: ['translation', 'engine'],
    react: { bindI18nStore: 'added' },
  });
  inst.on('languageChanged', (lng) => loadEngineMessages(inst, lng === 'zh' ? 'zh' : 'en'));
  loadEngineMessages(inst, lang);
  instance = inst;
  return inst;
}
