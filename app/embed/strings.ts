/**
 * The embed's own words in English and Chinese (controls, headings); stage and direction names are
 * the app's (app/i18n), so both say the same; `lang` also reaches the store's `setLanguage` when it exists.
 */
import { en as appEn } from '../i18n/en';
import { zh as appZh } from '../i18n/zh';
import type { EmbedLang } from './options';

/** Fills an i18next-style template (`{{name}}`) of the app's translations. */
const fill = (template: string, vars: Record<string, string | number>): string => template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

const en = {
  loading: 'Loading scenario…',
  stepOf: (i: number, n: number) => `Step ${i} of ${n}`,
  first: 'First step (Home)',
  back: 'Step back (←)',
  forward: 'Step forward (→)',
  last: 'Last step (End)',
  play: 'Play',
  pause: 'Pause',
  playKey: 'Play (Space)',
  pauseKey: 'Pause (Space)',
  flow: 'Flow',
  share: 'Share link',
  copy: 'Copy',
  copied: 'Copied',
  shareLabel: 'Link to this scenario and step',
  openApp: 'Open in PacketWalk',
  didNotLoad: (file: string, n: number) => `${file} did not load: ${n} error${n === 1 ? '' : 's'}.`,
  dismiss: 'Dismiss',
  matched: 'Matched rule',
  simplified: 'Simplified:',
  region: (title: string) => `PacketWalk diagram: ${title}`,
  noScenario: 'No scenario to show.',
  tracing: appEn.busy.tracing as string,
  engineTimeout: (file: string, seconds: number | string) => fill(appEn.errors.engineTimeout, { file, seconds }),
  controls: 'Playback controls',
  details: 'Step details',
  stages: appEn.stage as Record<string, string>,
  direction: appEn.direction as Record<string, string>,
};

/** The embed's strings. */
export type EmbedStrings = typeof en;

const zh: EmbedStrings = {
  loading: '正在加载场景…',
  stepOf: (i, n) => `第 ${i} 步，共 ${n} 步`,
  first: '第一步 (Home)',
  back: '上一步 (←)',
  forward: '下一步 (→)',
  last: '最后一步 (End)',
  play: '播放',
  pause: '暂停',
  playKey: '播放 (空格)',
  pauseKey: '暂停 (空格)',
  flow: '流程',
  share: '分享链接',
  copy: '复制',
  copied: '已复制',
  shareLabel: '指向此场景和步骤的链接',
  openApp: '在 PacketWalk 中打开',
  didNotLoad: (file, n) => `${file} 加载失败：${n} 个错误。`,
  dismiss: '关闭',
  matched: '匹配的规则',
  simplified: '简化：',
  region: (title) => `PacketWalk 图示：${title}`,
  noScenario: '没有可显示的场景。',
  tracing: appZh.busy.tracing,
  engineTimeout: (file, seconds) => fill(appZh.errors.engineTimeout, { file, seconds }),
  controls: '播放控制',
  details: '步骤详情',
  stages: appZh.stage,
  direction: appZh.direction,
};

/** The strings for a language. */
export function stringsFor(lang: EmbedLang): EmbedStrings {
  return lang === 'zh' ? zh : en;
}
