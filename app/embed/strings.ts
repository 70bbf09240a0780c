/**
 * The embed's own words in English and Chinese (controls, headings, stage names). The app's shared
 * components keep their own wording; `lang` also reaches the store's `setLanguage` when it exists.
 */
import type { EmbedLang } from './options';

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
  controls: 'Playback controls',
  details: 'Step details',
  stages: {
    send: 'send',
    recv: 'receive',
    conntrack: 'conntrack',
    nat: 'NAT (conntrack)',
    rule: 'iptables rule',
    policy: 'chain policy',
    route: 'routing decision',
    forward: 'forward',
    neigh: 'neighbour lookup',
    fdb: 'FDB lookup',
    encap: 'encapsulate',
    decap: 'decapsulate',
    xmit: 'transmit',
    deliver: 'deliver',
    drop: 'drop',
  } as Record<string, string>,
  direction: { request: 'request', reply: 'reply' } as Record<string, string>,
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
  controls: '播放控制',
  details: '步骤详情',
  stages: {
    send: '发送',
    recv: '接收',
    conntrack: '连接跟踪',
    nat: 'NAT（连接跟踪）',
    rule: 'iptables 规则',
    policy: '链默认策略',
    route: '路由决策',
    forward: '转发',
    neigh: '邻居查找',
    fdb: 'FDB 查找',
    encap: '封装',
    decap: '解封装',
    xmit: '发送到链路',
    deliver: '交付',
    drop: '丢弃',
  },
  direction: { request: '请求', reply: '回复' },
};

/** The strings for a language. */
export function stringsFor(lang: EmbedLang): EmbedStrings {
  return lang === 'zh' ? zh : en;
}
