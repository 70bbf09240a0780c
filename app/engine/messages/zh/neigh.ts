/** 简体中文 templates of the engine's `neigh.*` messages (same keys and `{{param}}` slots as ../en/neigh.ts). */
import type { Catalog } from '../keys';

export const neigh: Catalog['neigh'] = {
  noReply: '{{dev}} 上收不到 {{ip}} 的 ARP 应答',
  noReplyDrop: '{{arp}}；ARP 重试（约 3 秒）之后，内核丢弃该数据包，并向 {{src}} 发送 ICMP 主机不可达（ipv4_link_failure）。',
  resolved: '{{arp}}以太网头部：{{src}} → {{dst}}。',
  arpOneStep: 'ARP 请求和它的应答显示为一步；内核会把数据包排队，直到应答到达（代理应答还会延迟 proxy_delay）。',
  static: '邻居表中有 {{dev}} 上 {{ip}} 的 {{state}} 表项：{{mac}}；不需要 ARP。',
  cached: '{{ip}} 已在邻居表中（{{how}}）。',
  howLearnedFromRequest: '从 {{netns}} 的 ARP 请求中学到',
  howArpReply: '来自 {{from}} 的 ARP 应答',
  howProxyArpReply: '来自 {{from}} 的代理 ARP 应答',
  cannotArp: '{{dev}} 无法发送 ARP',
  rpFilterRefuses: 'ARP：who has {{ip}}? tell {{sender}} —— {{netns}} 拥有该地址，但它的 rp_filter 拒绝了这个请求（回到 {{sender}} 的路由不从 {{dev}} 出去）',
  ownerAnswers: 'ARP：who has {{ip}}? tell {{sender}} —— {{netns}} 拥有 {{ip}}，从 {{dev}} 应答：{{ip}} is at {{mac}}。',
  ownerAnswersThrough: 'ARP：who has {{ip}}? tell {{sender}} —— {{netns}} 拥有 {{ip}}，从 {{dev}} 应答（途经网桥 {{bridges}}）：{{ip}} is at {{mac}}。',
  proxyAnswers: 'ARP：who has {{ip}}? tell {{sender}} —— 没有设备拥有 {{ip}}，但 {{proxy}} 开启了 proxy_arp=1，且它到 {{ip}} 的路由从另一个设备出去，因此它用自己的 MAC {{mac}} 应答。',
  noAnswer: 'ARP：who has {{ip}}? tell {{sender}}（在 {{dev}} 上）—— 无人应答（该链路上没有设备拥有或代理 {{ip}}）',
};
