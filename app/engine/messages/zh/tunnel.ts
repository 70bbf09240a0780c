/** 简体中文 templates of the engine's `tunnel.*` messages (same keys and `{{param}}` slots as ../en/tunnel.ts). */
import type { Catalog } from '../keys';

export const tunnel: Catalog['tunnel'] = {
  vxlanDecap: 'VXLAN 设备 {{dev}} 的 UDP socket（端口 {{port}}，VNI {{vni}}）剥掉外层 Ethernet/IP/UDP/VXLAN 头部；内层帧在 {{dev}} 上被接收。',
  noVxlanListener: '没有 VXLAN 设备在 UDP {{port}} 上监听 VNI {{vni}}',
  noIpipTunnel: '没有 IPIP 隧道设备接收该数据包（协议 4 不可达）',
  ipipDecap: 'IPIP 处理函数剥掉外层 IPv4 头部（协议 4，{{src}} → {{dst}}）；内层数据包在 {{dev}} 上被接收。',
  noFdbEntry: '{{dev}} 上没有 {{mac}} 的 FDB 表项',
  noFdbEntryExplain: 'VXLAN 设备 {{dev}} 没有 {{mac}} 的 FDB 表项（且未开启学习），无法选出远端 VTEP，于是丢弃该帧。',
  vxlanFdb: '{{dev}} 的 FDB 把 {{mac}} 映射到远端 VTEP {{vtep}}（在 {{dev}} 上抓包能看到这个内层帧）。',
  circularRoute: '环路路由：到远端 VTEP {{vtep}} 的路由（"{{route}}"）从 {{dev}} 自身出去',
  circularRouteExplain: '到远端 VTEP {{vtep}} 的路由（"{{route}}"）又指回 {{dev}}：VXLAN 驱动拒绝环路路由（ELOOP），丢弃该帧。',
  vxlanSourcePort: '外层 UDP 源端口是内层流的一个稳定哈希值；内核使用它自己的流哈希，因此实际端口号会不同。',
  vxlanEncap: 'VXLAN 封装：内层帧被包进外层 IP {{src}} → {{dst}}、UDP {{sport}} → {{dport}}、VNI {{vni}}；外层数据包由本机生成，并保留 skb mark（{{mark}}）。',
  routeOuter: '路由外层数据包：{{dst}} 匹配 "{{route}}"：从 {{dev}} 发出。',
  ipipNoRemote: '{{dev}} 没有设置 remote，路由也没有网关',
  ipipNoRemoteExplain: '{{dev}}（remote any）需要用路由的网关作为隧道对端，而这条路由没有网关。',
  ipipLoop: '到隧道端点 {{remote}} 的路由又指回 {{dev}}',
  ipipLoopExplain: '到隧道对端 {{remote}} 的路由（"{{route}}"）从 {{dev}} 自身出去：ip_tunnel_xmit 计一次 collision 并丢弃该数据包。',
  ipipSent: '数据包从 {{dev}} 发出（在 {{dev}} 上抓包看到的它没有链路层头部）。',
  ipipEncap: '{{dev}} 上的 IPIP 封装：在内层数据包前面加上外层 IPv4 头部 {{src}} → {{dst}}（协议 4）；内层没有以太网头部。',
  deadLoop: '虚拟设备 {{dev}} 上出现死循环：隧道发送嵌套了 {{nested}} 层',
  deadLoopExplain:
    '数据包已经套了 {{depth}} 层隧道头部，{{dev}} 还要再封装一次：这些隧道在互相路由。嵌套的隧道发送超过内核的递归上限后，内核不再继续（日志："Dead loop on virtual device {{dev}}, fix it urgently!"），并丢弃该数据包。',
};
