/** 简体中文 templates of the engine's `path.*` messages (same keys and `{{param}}` slots as ../en/path.ts). */
import type { Catalog } from '../keys';

export const path: Catalog['path'] = {
  limitStop: 'PacketWalk 在此停止跟踪该数据包：{{reason}}。这是 PacketWalk 自身的限制，而非内核的限制，内核会继续处理。',
  stepLimit: '引擎已记录 {{count}} 步，达到单个流的步数上限',
  visitLimit: '该帧已进入 {{place}} {{count}} 次而 TTL 仍未耗尽（桥接环路：内核会一直转发它）',
  dropped: '丢弃：{{reason}}。',
  droppedNoError: '丢弃：{{reason}}。内核本会回复{{answer}}，但不会发回任何错误：{{why}}。',
  noErrorAboutError: '内核从不针对 ICMP 错误或 RST 再发送错误',
  replyErrorNamed: '发回给应答主机的错误（ICMP、RST）只被注明，其自身的路径不做模拟。',
};
