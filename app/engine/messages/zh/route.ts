/** 简体中文 templates of the engine's `route.*` messages (same keys and `{{param}}` slots as ../en/route.ts). */
import type { Catalog } from '../keys';

export const route: Catalog['route'] = {
  martianSource: 'martian 源地址 {{src}}：来自外部的数据包冒用了 {{netns}} 自己的地址',
  martianSourceExplain: '数据包从 {{dev}} 到达，源地址 {{src}} 是 {{netns}} 自己的地址：输入路由查找在 INPUT 或 FORWARD 之前就把它当作 martian 包拒绝（accept_local=0）。',
  rpFilterOtherDev: 'rp_filter={{rp}}：回到 {{src}} 的路由从 {{back}} 出去，而不是 {{dev}}',
  rpFilterNoRoute: 'rp_filter={{rp}}：不存在回到 {{src}} 的路由',
  rpFilterDrop: '反向路径过滤（rp_filter={{rp}}）丢弃该数据包：回到 {{src}} 的流量不会从 {{dev}} 路由出去。',
  inputLocal: '路由：{{dst}} 是本机地址（local 表中的 "{{route}}"），因此数据包上送到 INPUT。',
  inputForward: '路由：{{dst}} 匹配 {{table}} 表中的 "{{route}}"：从 {{dev}} 转发出去。',
  inputForwardVia: '路由：{{dst}} 匹配 {{table}} 表中的 "{{route}}"：经网关 {{via}} 从 {{dev}} 转发出去。',
  forwardingOff: '{{dev}} 上未开启转发（net.ipv4.ip_forward=0）',
  forwardingOffExplain: '该数据包不是发给本机的，而转发已被禁用（ip_forward=0），因此被静默丢弃。',
  outputLocal: '路由：{{dst}} 是本机地址（"{{route}}"），因此数据包经 lo 发出。',
  output: '路由：{{dst}} 匹配 "{{route}}"：从 {{dev}} 发出，源地址 {{src}}。',
  outputVia: '路由：{{dst}} 匹配 "{{route}}"：经网关 {{via}} 从 {{dev}} 发出，源地址 {{src}}。',
  reroute: 'OUTPUT 修改了数据包，重新路由：{{dst}} 匹配 "{{route}}"：从 {{dev}} 发出。',
  ipvsNoRoute: 'IPVS 没有到真实服务器 {{dst}} 的路由',
  ipvsNoRouteExplain: 'IPVS 找不到到真实服务器 {{dst}} 的单播路由：dst_link_failure 回复 ICMP 主机不可达，数据包被释放（__ip_vs_get_out_rt）。',
  byRule: '策略路由：ip rule "{{rule}}" 最先匹配，把这次查找交给路由表 {{table}}。{{then}}',
  afterThrow: '策略路由：ip rule "{{rule}}" 把查找交给路由表 {{table}}，其中的 throw 路由 "{{route}}" 匹配：查找继续交给后面的规则。{{then}}',
  byRuleAction: '策略路由：ip rule "{{rule}}" 最先匹配，它的动作是 {{action}}。{{then}}',
  cannotEvaluateRule: '引擎无法求值 ip rule "{{rule}}"（{{at}}）：PacketWalk 没有模拟选择器或动作 "{{what}}"，因此无法判断这次查找使用哪张路由表',
  multipathHash:
    '这是一条多路径路由：内核按源地址和目的地址的哈希（种子在启动时随机生成，fib_multipath_hash_policy 0）并按各下一跳的权重，为每条流选出 {{count}} 个下一跳之一。PacketWalk 无法得知这个种子，因此本轨迹沿下一跳 {{nexthop}} 前进；其余下一跳列为备选。',
  ttlExpired: 'TTL 耗尽（TTL {{ttl}}）',
  ipvsTtlExpired: 'TTL {{ttl}} 无法再递减：IPVS 丢弃该数据包，并发回 ICMP 超时报文（decrement_ttl）。',
  ipvsRoute: 'IPVS 把改写后的数据包路由到真实服务器：{{dst}} 匹配 "{{route}}"：从 {{dev}} 发出；它像转发那样把 TTL 从 {{ttl}} 减为 {{next}}，再让数据包像本机发出的一样经过 OUTPUT hook。',
  ipvsRouteVia:
    'IPVS 把改写后的数据包路由到真实服务器：{{dst}} 匹配 "{{route}}"：经网关 {{via}} 从 {{dev}} 发出；它像转发那样把 TTL 从 {{ttl}} 减为 {{next}}，再让数据包像本机发出的一样经过 OUTPUT hook。',
  ttlExpiredForward: 'TTL {{ttl}} 无法再递减：ip_forward 丢弃该数据包，并向 {{src}} 发回 ICMP 超时报文（traceroute 正是靠它发现每一跳）。',
  ipForward: 'ip_forward：TTL {{ttl}} → {{next}}，然后进入 FORWARD hook。',
  matchedType: '路由匹配到 "{{route}}"，这是一条 {{type}} 路由',
  noMatch: '路由：local 表和 main 表中都没有匹配 {{dst}} 的路由',
  noMatchRules: '路由：ip rule 指向的各张路由表中都没有匹配 {{dst}} 的路由',
  ruleActionMatched: 'ip rule "{{rule}}" 最先匹配，它的动作是 {{action}}',
  ruleActionReason: 'ip rule "{{rule}}" 的动作：{{action}}',
  typeRoute: '{{type}} 路由 {{route}}',
  noRoute: '没有到 {{dst}} 的路由',
  failTunnel: '{{matched}}：隧道驱动无法发送外层数据包，只能将其丢弃（计一次发送错误；不会发回任何错误）。',
  failLocal: '{{matched}}：数据包根本不会发出，发送它的系统调用以 {{errno}} 失败。',
  failSilent: '{{matched}}：{{type}} 路由会静默丢弃数据包。',
  failNoForward: '{{matched}}，而 {{dev}} 不转发（ip_forward=0）：ip_error 丢弃该数据包，不发送任何错误。',
  failNetUnreach: '{{matched}}：ip_error 丢弃该数据包，并向 {{src}} 发回 ICMP 网络不可达。',
  failHostUnreach: '{{matched}}：ip_error 丢弃该数据包，并向 {{src}} 发回 ICMP 主机不可达。',
  failProhibited: '{{matched}}：ip_error 丢弃该数据包，并向 {{src}} 发回 ICMP 通信被管理性禁止（communication administratively prohibited）。',
  martianLoopbackDst: 'martian 目的地址 {{dst}}：{{dev}} 上出现环回地址，而 route_localnet 未开启',
  martianLoopbackSrc: 'martian 源地址 {{src}}：{{dev}} 上出现环回地址，而 route_localnet 未开启',
  martianLoopbackDstExplain:
    '数据包从 {{dev}} 到达，目的地址是环回地址 {{dst}}：由于 net.ipv4.conf.{{dev}}.route_localnet 和 conf.all.route_localnet 都是 0，输入路由查找把它当作 martian 包拒绝（ip_route_input_slow）。',
  martianLoopbackSrcExplain:
    '数据包从 {{dev}} 到达，源地址是环回地址 {{src}}：由于 net.ipv4.conf.{{dev}}.route_localnet 和 conf.all.route_localnet 都是 0，输入路由查找把它当作 martian 包拒绝（ip_route_input_slow）。',
  loopbackSourceOut: '源地址 {{src}} 不能从 {{dev}} 出去：route_localnet 未开启',
  loopbackSourceRefused:
    '路由找到一条从 {{dev}} 出去的路由，但数据包的源地址 {{src}} 是环回地址，而 net.ipv4.conf.{{dev}}.route_localnet（以及 conf.all）为 0：该路由以 EINVAL 被拒绝（__mkroute_output），数据包被丢弃。',
  loopbackSourceRefusedAfterNat:
    'OUTPUT 修改目的地址后重新路由，找到一条从 {{dev}} 出去的路由，但数据包的源地址 {{src}} 是环回地址，而 net.ipv4.conf.{{dev}}.route_localnet（以及 conf.all）为 0：该路由以 EINVAL 被拒绝（__mkroute_output），数据包被丢弃（ip_route_me_harder 在 NAT hook 中失败）；TCP 客户端会不断重传 SYN，直到 connect() 超时。',
};
