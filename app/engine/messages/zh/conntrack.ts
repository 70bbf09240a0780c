/** 简体中文 templates of the engine's `conntrack.*` messages (same keys and `{{param}}` slots as ../en/conntrack.ts). */
import type { Catalog } from '../keys';

export const conntrack: Catalog['conntrack'] = {
  invalidCannotStart: 'conntrack 找不到 {{flow}} 所属的连接，也不会为它新建连接：{{reason}}。该数据包没有 conntrack 条目：ctstate 将其匹配为 INVALID，NAT 也不会看到它。',
  newConnection: 'conntrack 发现一个新连接 {{flow}}（状态 NEW）；它的 NAT 将由 nat 表决定。',
  replyEstablished: 'conntrack 将该数据包匹配到一个已知连接的应答方向（状态 ESTABLISHED）。',
  replyEstablishedNat: 'conntrack 将该数据包匹配到一个已知连接的应答方向（状态 ESTABLISHED）；它的 NAT 将根据连接条目还原，不经过 nat 表。',
  knownConnection: 'conntrack 将该数据包匹配到一个已知连接（状态 {{state}}）。',
  replyKnownConnection: 'conntrack 将该数据包匹配到一个已知连接的应答方向（状态 {{state}}）。',
  errorQuotesNoConnection: 'conntrack 找不到该错误所引用数据包（{{flow}}）的连接：该错误没有条目，ctstate 将其匹配为 INVALID。',
  rstNoConnection: 'conntrack 找不到这个 {{proto}} 数据包所属的连接，也不会为 RST 新建连接：ctstate 将其匹配为 INVALID。',
  errorRelated: 'conntrack 读取被引用的头部 {{flow}} 并找到了它的连接：该错误与之 RELATED。',
  errorRelatedNat: 'conntrack 读取被引用的头部 {{flow}} 并找到了它的连接：该错误与之 RELATED，因此会在错误报文及其引用的头部上反向执行该连接的 NAT。',
  tcpCannotOpen: 'TCP {{flag}} 不能建立连接（tcp_new）',
  tcpNoSynAckCannotOpen: '既无 SYN 也无 ACK 的 TCP 段不能建立连接（tcp_new）',
  icmpCannotOpen: 'ICMP type {{type}} 报文不是请求，不能建立连接（icmp_new）',
  sctpCannotOpen: '只有 SCTP INIT 才能建立关联（sctp_new）',
};
