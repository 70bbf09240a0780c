/** 简体中文 templates of the engine's `nat.*` messages (same keys and `{{param}}` slots as ../en/nat.ts). */
import type { Catalog } from '../keys';

export const nat: Catalog['nat'] = {
  dnatBound: '目的地址 {{from}} → {{to}}；conntrack 记下这个绑定，用于该连接后续的所有数据包。',
  snatBound: '源地址 {{from}} → {{to}}；conntrack 记下这个绑定。',
  snatBoundMasquerade: '源地址 {{from}} → {{to}}（{{how}}）；conntrack 记下这个绑定。',
  sourceUnchanged: '源地址已经是 {{addr}}，因此看不到任何变化。',
  masqueradeNoAddress: '出接口没有地址，因此 MASQUERADE 保持源地址不变。',
  masqueradeNextHopSubnet: '取 {{dev}} 上子网包含下一跳 {{hop}} 的那个地址',
  masqueradeFirstAddress: '取 {{dev}} 的第一个地址',
  masqueradeOtherDeviceByIfindex: '{{dev}} 没有地址，因此 inet_select_addr 依次遍历各设备（先 lo，再按 ifindex 顺序），取第一个 global scope 的地址：{{other}} 的地址',
  masqueradeOtherDeviceInFileOrder: '{{dev}} 没有地址，因此 inet_select_addr 依次遍历各设备（先 lo，再按场景文件中的顺序，因为没有给出 ifindex），取第一个 global scope 的地址：{{other}} 的地址',
  replyUndoesSnat: 'conntrack 还原请求所做的源地址 NAT：目的地址 {{from}} → {{to}}（已知连接的数据包不再查询 nat 表）。',
  replyUndoesDnat: 'conntrack 还原请求所做的目的地址 NAT：源地址 {{from}} → {{to}}（已知连接的数据包不再查询 nat 表）。',
  appliesDnat: 'conntrack 应用该连接的 DNAT：目的地址 → {{to}}（已知连接的数据包不再查询 nat 表）。',
  appliesSnat: 'conntrack 应用该连接的 SNAT：源地址 → {{to}}（已知连接的数据包不再查询 nat 表）。',
  icmpErrorUndoesDnat:
    'conntrack 在该 ICMP 错误上反向执行连接的 DNAT（nf_nat_icmp_reply_translation）：被引用的目的地址 {{from}} → {{to}}，错误报文的源地址 {{errorFrom}} → {{errorTo}}，这样发送方才能认出自己的数据包。',
  icmpErrorUndoesSnat: 'conntrack 在该 ICMP 错误上反向执行连接的 SNAT（nf_nat_icmp_reply_translation）：被引用的源地址 {{from}} → {{to}}，错误报文的目的地址 {{errorFrom}} → {{errorTo}}。',
  replyAnswers: '{{netns}} 向 {{to}} 回复{{what}}（源地址为 {{dst}}，即请求发往的地址）。',
  replyAnswersByRoute: '{{netns}} 向 {{to}} 回复{{what}}。服务端的 socket 绑定在 0.0.0.0 上，不使用请求的目的地址 {{dst}}（reply-from: route），因此内核按通往客户端的路由来选择源地址。',
  replySynAck: '一个 SYN-ACK',
  replyInitAck: '一个 SCTP INIT-ACK',
  replyEchoReply: '一个 ICMP echo reply',
  replyUdp: '一个 UDP 响应',
};
