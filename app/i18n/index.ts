/**
 * The interface's translations (English and 简体中文) and their i18next setup, shared by the app and
 * any other entry (the embed) that mounts PacketWalk views. Strings are React-escaped, so i18next's
 * own escaping is off; scenario text is passed as interpolation values and stays text.
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en as engineEn } from '../engine/messages/en';
import { en } from './en';
import type { enApp } from './en-app';
import type { Language } from './languages';
import { loadZhCatalogs } from './zh-lazy';

export { en } from './en';
export type { Translation } from './en';
export { LANGUAGES, htmlLang, isLanguage, languageFromTag, type Language } from './languages';

/**
 * i18next resources bundled with the page: English, the interface (`translation`) and the engine's
 * messages (`engine`). 简体中文 (both namespaces) is a separate chunk loaded when first needed
 * (`loadLanguage`), so an English page never downloads it.
 */
export const resources = {
  en: { translation: en, engine: engineEn },
} as const;

/** The i18next stores (shared by an instance and its clones) 简体中文 was loaded into, or is loading. */
const loading = new WeakMap<object, Promise<void>>();

/**
 * Adds the 简体中文 interface and engine catalogs to `inst`'s store once; views bound with
 * `bindI18nStore: 'added'` re-render when they arrive, and show English until then.
 * @returns a promise settled once `lang`'s words are there (at once for English).
 */
export function loadLanguage(inst: i18n, lang: Language): Promise<void> {
  if (lang !== 'zh') return Promise.resolve();
  const pending = loading.get(inst.store);
  if (pending) return pending;
  const load = loadZhCatalogs().then(({ ui, engine }) => {
    // Deep, without overwriting: the app's own words (en-app/zh-app, because.*, appOnly.*) are there already.
    inst.addResourceBundle('zh', 'translation', ui, true, false);
    inst.addResourceBundle('zh', 'engine', engine);
  });
  loading.set(inst.store, load);
  return load;
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The app's own words (./en-app.ts) are added at boot by addAppTranslations; the embeds never use them.
    resources: { translation: typeof en & typeof enApp };
  }
}

let instance: i18n | null = null;

/**
 * Initialises i18next (once, synchronously: English is bundled, 简体中文 arrives on demand) for React and switches it to
 * `lang`. Calling it again only changes the language.
 * @returns the i18next instance React components translate with.
 */
export function initI18n(lang: Language): i18n {
  if (instance) {
    if (instance.language !== lang) void instance.changeLanguage(lang);
    void loadLanguage(instance, lang);
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
  inst.on('languageChanged', (lng) => void loadLanguage(inst, lng === 'zh' ? 'zh' : 'en'));
  void loadLanguage(inst, lang);
  instance = inst;
  return inst;
}
