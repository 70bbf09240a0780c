/**
 * Self-contained renderers of the engine's messages for Node (the CLI, the harness, tests): an
 * i18next instance per language with both engine catalogs loaded synchronously. The browser renders
 * through its React i18next instance instead (`./index.ts`), loading 简体中文 on demand.
 */
import i18next from 'i18next';
import type { Message } from '../engine/message';
import { en as engineEn } from '../engine/messages/en';
import { zh as engineZh } from '../engine/messages/zh';
import type { Language } from './languages';
import { renderMessage, type Translate } from './render-message';

const renderers = new Map<Language, (m: Message) => string>();

/**
 * A renderer for `lang` with both catalogs loaded synchronously (for Node: the CLI and tests).
 * i18next's escaping is off: the text is printed or set as text, never parsed as markup.
 */
export function messageRenderer(lang: Language): (m: Message) => string {
  const cached = renderers.get(lang);
  if (cached) return cached;
  const inst = i18next.createInstance();
  void inst.init({
    resources: { en: { engine: engineEn }, zh: { engine: engineZh } },
    lng: lang,
    fallbackLng: 'en',
    ns: ['engine'],
    defaultNS: 'engine',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  const t = inst.t.bind(inst) as unknown as Translate;
  const render = (m: Message) => renderMessage(m, t);
  renderers.set(lang, render);
  return render;
}

/** English text of a message (tests, harness diffs, the scenario's `expect.reason` check). */
export const englishOf = (m: Message): string => messageRenderer('en')(m);
