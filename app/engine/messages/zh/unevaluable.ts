/** 简体中文 templates of the engine's `unevaluable.*` messages (same keys and `{{param}}` slots as ../en/unevaluable.ts). */
import type { Catalog } from '../keys';

export const unevaluable: Catalog['unevaluable'] = {
  nftFamilyNotRun: '引擎只运行 ip 和 inet 族的 IPv4 hook',
  ipvsScheduler: '未模拟 {{scheduler}} 调度算法',
  ipvsForwarding: '只模拟了 NAT 转发方式（-m）',
  iptMatch: 'PacketWalk 未模拟 {{name}} match',
  ipRule: 'PacketWalk 未模拟 ip rule 的选择器或动作 "{{what}}"',
  attached: 'PacketWalk 不运行 XDP、BPF 或 tc 过滤器程序；经过这个设备的数据包会停在这里',
  otherDevice: 'PacketWalk 未模拟 {{kind}} 设备；经这个设备发送的数据包会停在这里',
  iptTarget: 'PacketWalk 未模拟 {{name}} target',
  nftMeta: '引擎未模拟 meta {{key}}',
  nftPayload: '引擎未模拟 {{proto}} {{field}}',
  nftCt: '引擎未模拟 ct {{key}}',
  nftRawPayload: '引擎未模拟原始 payload 表达式（base/offset/len）',
  nftJsonExpression: '引擎未模拟 "{{name}}" 表达式',
  nftJsonStatement: '引擎未模拟 "{{name}}" 语句',
  nftKeyword: '"{{keyword}}" 不是引擎能求值的语句',
  nftSetting: '引擎未模拟设置 {{expr}}',
  nftNamedCounter: '引擎未模拟命名 counter',
  nftSetDelete: '引擎未模拟在规则中删除 set 元素',
  nftXt: 'iptables 扩展 xt_{{name}}（由 iptables-nft 写入）是 nftables 中的 iptables match 或 target，引擎无法求值；请改用 iptables-save 文本提供这张表',
  nftXtKind: 'iptables 扩展 xt_{{name}}（由 iptables-nft 写入）是 nftables 中的 iptables match 或 target，引擎无法求值；请改用 iptables-save 文本提供这张表（xt {{kind}}）',
  natAddressRange: 'NAT 到一个地址范围（内核通过对元组做哈希来选取其中一个地址）',
  natPortRange: 'NAT 到一个端口范围（内核保留原端口或在范围内选取一个端口）',
  ipsetType: '引擎无法判断 {{type}} 类型 set 的成员关系',
  ipsetIpv6: '引擎只模拟 IPv4',
};
