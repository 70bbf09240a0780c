/**
 * Sentences only the app shows (under `appOnly.*` in i18next's `translation` namespace), added at boot
 * by `addAppSentences` (main.tsx), so the embeds, which never meet them, stay within their size
 * budget. Both languages, the same keys (the i18n test checks them with the rest).
 */
import type { i18n } from 'i18next';

/** English. */
export const appEn = {
  noFlows: 'This scenario has no flow to play yet (a capture of real nodes has none). Add flows to its file, or import it with npm run import -- FILE --flow NAME=HOST->DST:PORT/PROTO.',
} as const;

/** 简体中文. */
export const appZh = {
  noFlows: '这个场景还没有可播放的流（真实节点的抓取结果本身不带流）。请在文件中添加流，或用 npm run import -- 文件 --flow 名称=主机->目的地址:端口/协议 导入。',
} as const satisfies Readonly<Record<keyof typeof appEn, string>>;

/** Adds the sentences to `instance` under `appOnly.*` in both languages (idempotent). */
export function addAppSentences(instance: i18n): void {
  instance.addResourceBundle('en', 'translation', { appOnly: appEn }, true, false);
  instance.addResourceBundle('zh', 'translation', { appOnly: appZh }, true, false);
}
