/**
 * The interface languages and how one is picked: from `?lang=`, else the browser's
 * `navigator.language`, else English. No i18next here, so the store can import it.
 */

/** Interface languages: English and Simplified Chinese. */
export const LANGUAGES = ['en', 'zh'] as const;

/** One interface language. */
export type Language = (typeof LANGUAGES)[number];

/** True when `x` names a supported language (`en`, `zh`). */
export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/**
 * Maps a BCP 47 tag (`zh-CN`, `zh-Hans`, `en-US`, …) to an interface language.
 * @returns `zh` for any Chinese tag, `en` otherwise.
 */
export function languageFromTag(tag: string | undefined | null): Language {
  return tag && /^zh\b/i.test(tag) ? 'zh' : 'en';
}

/** The `lang` attribute for the document (`en`, `zh-CN`). */
export function htmlLang(lang: Language): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}
