/** 简体中文 templates of the engine's `mtu.*` messages (same keys and `{{param}}` slots as ../en/mtu.ts). */
import type { Catalog } from '../keys';

export const mtu: Catalog['mtu'] = {
  exceeds: '{{len}} 字节的数据包超过了 {{dev}} 的 MTU {{mtu}}，且设置了 DF',
  fragNeeded: '数据包（{{len}} 字节，设置了 DF）大于 {{dev}} 的 MTU {{mtu}}：ip_forward 将其丢弃，并向 {{src}} 发回 ICMP 需要分片（fragmentation needed，下一跳 MTU {{mtu}}）。',
  emsgsize: '数据包（{{len}} 字节，设置了 DF）大于 {{dev}} 的 MTU {{mtu}}：发送它的系统调用以 EMSGSIZE（Message too long）失败，发送方必须改用更小的长度。',
  fragments: '数据包（{{len}} 字节，未设置 DF）大于 {{dev}} 的 MTU {{mtu}}，因此内核把它拆分成 {{fragments}} 个 IP 分片。',
  fragmentsAsOne: '这些分片被当作一个数据包来跟踪。',
};
