/** 简体中文 templates of the engine's `icmp.*` messages (same keys and `{{param}}` slots as ../en/icmp.ts). */
import type { Catalog } from '../keys';

export const icmp: Catalog['icmp'] = {
  resetRefused: 'TCP RST 回应了这个 SYN：connect() 以 ECONNREFUSED（Connection refused）失败。',
  tcpPathMtu: 'TCP 把该连接的路径 MTU 降到 {{mtu}}，并以更小的分段重传（tcp_v4_mtu_reduced）：connect() 不会因此失败。',
  tcpSynSentAborted: '连接仍处于 SYN_SENT 状态，因此 tcp_v4_err 中止了它：connect() 以 {{errno}} 失败。',
  udpPathMtu: 'socket 得知路径 MTU 为 {{mtu}}，它的下一次发送以 EMSGSIZE 失败。',
  udpRecverr: 'socket 像 traceroute 那样设置了 IP_RECVERR：该错误连同发送者的地址一起进入错误队列，应用从错误队列中读取它（errno {{errno}}）。',
  udpSoftIgnored: '未设置 IP_RECVERR 的已连接 UDP socket 会忽略这种软错误（__udp4_lib_err）：应用什么也看不到，只能等到自己超时。',
  udpHardError: '已连接的 UDP socket 记下了这个错误：它的下一次 recv() 或 send() 以 {{errno}} 失败。',
  pingReports: 'ping（IP_RECVERR）收到该错误并打印 "From <sender> … {{answer}}"（errno {{errno}}）。',
  noErrorAboutIcmpError: '内核从不针对 ICMP 错误再发送 ICMP 错误（RFC 1122 3.2.2）',
  noErrorToGroup: '该数据包发往 {{dst}}，这是一个广播或组播地址，内核不会针对这类数据包发送错误',
  noErrorNoSource: '该数据包没有可供回复的源地址',
  noRouteBack: '{{netns}} 没有回到 {{dst}} 的路由，错误无法被路由，因此不发送任何东西',
  sourceOfReset: 'RST 从被拒绝的数据包原先的目的地址和端口发出',
  sourceLocal: '该数据包发往本机，因此错误的源地址是 {{addr}}，即它原先的目的地址',
  sourceInboundIfaddr: 'net.ipv4.icmp_errors_use_inbound_ifaddr=1：源地址是 {{addr}}，即数据包到达的设备 {{dev}} 上的地址',
  sourceByRoute: '源地址取自回到发送者那条路由的首选源地址（icmp_errors_use_inbound_ifaddr=0）',
  errorSent: '{{netns}} 向 {{dst}} 发送 {{answer}}，告知它发出的 {{packet}} 已被丢弃：{{rule}}。（一个流的第一个错误总能通过 ICMP 速率限制。）',
  errorSentRelated:
    '{{netns}} 向 {{dst}} 发送 {{answer}}，告知它发出的 {{packet}} 已被丢弃：{{rule}}。该错误关联着被丢弃数据包的 conntrack 条目（{{entry}}），状态为 RELATED。（一个流的第一个错误总能通过 ICMP 速率限制。）',
  errorSentQuoting: '{{netns}} 向 {{dst}} 发送 {{answer}}，告知它发出的 {{packet}} 已被丢弃：{{rule}}。错误中引用了被丢弃数据包的头部（{{quoted}}）。（一个流的第一个错误总能通过 ICMP 速率限制。）',
  errorSentQuotingRelated:
    '{{netns}} 向 {{dst}} 发送 {{answer}}，告知它发出的 {{packet}} 已被丢弃：{{rule}}。错误中引用了被丢弃数据包的头部（{{quoted}}）。该错误关联着被丢弃数据包的 conntrack 条目（{{entry}}），状态为 RELATED。（一个流的第一个错误总能通过 ICMP 速率限制。）',
  resetOnBridgePort:
    '{{netns}} 以来自 {{src}}:{{sport}} 的 TCP RST 回应被拒绝的 {{packet}}。该数据包是在 br_netfilter 下从网桥端口 {{port}} 进来的，因此 nf_send_reset 交换帧的 MAC 地址，直接把 RST 放到 {{port}} 的发送队列：不经过路由，也不经过 OUTPUT 或 POSTROUTING。',
  resetLeaves: 'RST 从 {{port}} 发出，即被拒绝的帧进来的那个端口。',
  errorDelivered: '{{packet}} 到达 {{netns}} 中发出该请求的 socket。{{verdict}}',
  errorUnmatched: '错误到达了 {{netns}}，但{{why}}：应用永远不会得知，只能等到超时（connect() 在重试之后返回 ETIMEDOUT）。',
  deliveredElsewhere: '它被投递到 {{netns}}，而不是发出请求的 {{from}}',
  quoteMismatch: '它引用的是 {{quoted}}，而 socket 发出的是 {{sent}}，因此没有 socket 与之匹配',
  resetMismatch: '它来自 {{from}}，而请求发往 {{to}}，因此没有 socket 与之匹配',
};
