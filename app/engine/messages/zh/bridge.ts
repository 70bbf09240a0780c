/** 简体中文 templates of the engine's `bridge.*` messages (same keys and `{{param}}` slots as ../en/bridge.ts). */
import type { Catalog } from '../keys';

export const bridge: Catalog['bridge'] = {
  missing: '网桥 {{bridge}} 不存在',
  upToIp: '该帧的目的地址是网桥 {{bridge}} 自己的 MAC，因此网桥把它上交给 IP 层，视作从 {{bridge}} 收到。',
  bridgedDnat: 'br_netfilter：DNAT 把该帧改发往 {{dst}}，而它就在同一个网桥上，因此该帧继续桥接（bridged DNAT：不经路由，TTL 不变）；目的 MAC → {{mac}}。{{arp}}',
  bridgedDnatSlow:
    'br_netfilter：DNAT 把该帧改发往 {{dst}}，而它就在同一个网桥上，因此该帧继续桥接（bridged DNAT：不经路由，TTL 不变）；目的 MAC → {{mac}}——该邻居表项还没有缓存的链路层头部，因此由 {{bridge}} 自己的邻居输出构造头部，再由网桥设备发送该帧。{{arp}}',
  hairpinOff: '该帧将从它进入 {{bridge}} 的同一个端口（{{port}}）离开，而 hairpin 模式未开启',
  restoresSourceMac: '{{fdb}}br_netfilter 恢复该帧原来的源 MAC。',
  forwards: '网桥 {{bridge}} 把该帧从端口 {{port}} 转发出去。',
  forwardsBrnf: '网桥 {{bridge}} 把该帧从端口 {{port}} 转发出去（br_netfilter 已让这个桥接帧走过 iptables）。',
  sends: '网桥 {{bridge}} 从端口 {{port}} 发出该帧。',
  fdbStatic: '网桥 {{bridge}} 的 FDB 中有一条静态表项：{{mac}} 位于端口 {{port}} 之后。',
  fdbLearned: '网桥 {{bridge}} 已在端口 {{port}} 上学到 {{mac}}（来自之前某个帧的源 MAC），因此只向该端口转发。',
  noStation: '网桥 {{bridge}} 上没有任何站点拥有 MAC {{mac}}',
  floodNoOwner: '网桥 {{bridge}} 不认识 {{mac}}，于是泛洪该帧；其他端口上没有任何设备拥有这个 MAC，因此所有副本都被丢弃。',
  flood: '网桥 {{bridge}} 还不认识 {{mac}}，于是把该帧泛洪到 {{ports}}；只有从 {{port}} 发出的副本到达该 MAC 的拥有者（其余副本被各自的接收方丢弃）。',
};
