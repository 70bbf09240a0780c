/**
 * The sentences of app/cluster/because.ts: why a rule the cluster builder generated exists, one per
 * BecauseKey, in English and 简体中文 (a key missing in either fails the type check and the i18n test).
 * Parameters: `service` (`namespace/name:port`), `protocol`, `port`, and per key the addresses,
 * ports, node and counts the generator recorded.
 */
import type { BecauseKey } from '../cluster/because';

type Sentences = Readonly<Record<BecauseKey, string>>;

/** English. */
export const becauseEn = {
  svcClusterIP: 'Service {{service}} has cluster IP {{ip}}, port {{port}}/{{protocol}}: kube-proxy catches connections to it here.',
  svcInternalLocal: 'Service {{service}} has cluster IP {{ip}} and internalTrafficPolicy: Local: only endpoints on {{node}} serve it.',
  svcNoEndpoints: 'Service {{service}} has no ready endpoint for port {{port}}/{{protocol}} (no EndpointSlice lists one), so kube-proxy rejects its traffic.',
  svcNoLocalEndpoints: 'Service {{service}} has {{policy}}: Local and none of its endpoints runs on {{node}}, so kube-proxy drops this traffic here.',
  svcExternalIP: 'Service {{service}} lists {{ip}} in externalIPs: kube-proxy treats it like a NodePort, as external traffic.',
  svcLoadBalancerIP: 'Service {{service}} is a LoadBalancer whose status.loadBalancer.ingress has {{ip}}: kube-proxy catches traffic to it on every node.',
  svcSourceRanges: 'Service {{service}} has loadBalancerSourceRanges {{ranges}}: only those sources may reach {{ip}}.',
  svcNodePort: 'Service {{service}} has nodePort {{nodePort}}: every node accepts it, as external traffic.',
  svcNodePortLocalhost: 'Service {{service}} has nodePort {{nodePort}}, and kube-proxy in iptables mode also accepts it on 127.0.0.1 (localhost NodePorts).',
  svcHealthCheck: 'Service {{service}} has externalTrafficPolicy: Local and healthCheckNodePort {{healthCheckNodePort}}: load balancers probe it to find nodes with an endpoint.',
  svcMasqueradeOffCluster: 'kube-proxy\'s clusterCIDR is {{cidr}}: a connection to Service {{service}} ({{ip}}) from outside the pod network is marked for masquerade.',
  svcMasqueradeAll: 'kube-proxy runs with masqueradeAll: every connection to Service {{service}} ({{ip}}) is marked for masquerade.',
  svcExternalCluster: 'Service {{service}} has externalTrafficPolicy: Cluster: external traffic may go to an endpoint on any node, so kube-proxy masquerades it and the client\'s address is lost.',
  svcExternalLocal: 'Service {{service}} has externalTrafficPolicy: Local: external traffic goes only to endpoints on {{node}} and keeps the client\'s address; traffic from pods and from the node itself may use every endpoint.',
  svcEndpoints: 'Service {{service}} has {{count}} endpoint(s): kube-proxy picks one at random for each new connection.',
  svcEndpoint: 'Endpoint {{endpoint}} of Service {{service}} (EndpointSlice {{slice}}), one of {{count}}: kube-proxy sends the connection there.',
  svcAffinity: 'Service {{service}} has sessionAffinity: ClientIP ({{seconds}} s): a client that used endpoint {{endpoint}} within that time goes back to it.',
  svcHairpin: 'Endpoint {{endpoint}} may call its own Service {{service}} (hairpin): kube-proxy marks such a connection for masquerade so the reply comes back through the node.',
  kubeProxyJump: 'kube-proxy hooks its chains into the built-in ones on every node, whatever the Services.',
  kubeProxyMasquerade: 'kube-proxy masquerades, on every node, the connections it marked with {{mark}} (KUBE-MARK-MASQ / mark-for-masquerade).',
  kubeProxyNodePorts: 'kube-proxy looks up NodePorts on traffic to the node\'s own addresses, on every node.',
  kubeProxyForward: 'kube-proxy lets the node forward connections it marked ({{mark}}) or has already seen (KUBE-FORWARD), on every node.',
  kubeProxyLocalnet: 'kube-proxy accepts NodePorts on 127.0.0.1, so it blocks other traffic to 127.0.0.0/8 arriving from outside the node.',
  kubeProxyBase: 'Part of kube-proxy\'s nftables table, written on every node whatever the Services.',
  flannelMasquerade: 'flanneld masquerades traffic between the cluster network {{cidr}} and the outside, and leaves pod-to-pod traffic alone (this node\'s pods: {{podCIDR}}).',
  flannelForward: 'flanneld lets the node forward traffic to and from the cluster network {{cidr}}.',
} as const satisfies Sentences;

/** 简体中文. */
export const becauseZh = {
  svcClusterIP: 'Service {{service}} 的 cluster IP 是 {{ip}}，端口 {{port}}/{{protocol}}：kube-proxy 在这里截获访问它的连接。',
  svcInternalLocal: 'Service {{service}} 的 cluster IP 是 {{ip}}，internalTrafficPolicy 为 Local：只由 {{node}} 上的 endpoint 提供服务。',
  svcNoEndpoints: 'Service {{service}} 的端口 {{port}}/{{protocol}} 没有就绪的 endpoint（没有 EndpointSlice 列出），所以 kube-proxy 拒绝（REJECT）它的流量。',
  svcNoLocalEndpoints: 'Service {{service}} 的 {{policy}} 为 Local，而 {{node}} 上没有它的 endpoint，所以 kube-proxy 在这里丢弃（DROP）流量。',
  svcExternalIP: 'Service {{service}} 的 externalIPs 中有 {{ip}}：kube-proxy 像对待 NodePort 一样，把它当作外部流量。',
  svcLoadBalancerIP: 'Service {{service}} 是 LoadBalancer，status.loadBalancer.ingress 中有 {{ip}}：每个节点上的 kube-proxy 都截获访问它的流量。',
  svcSourceRanges: 'Service {{service}} 设置了 loadBalancerSourceRanges {{ranges}}：只有这些来源能访问 {{ip}}。',
  svcNodePort: 'Service {{service}} 的 nodePort 是 {{nodePort}}：每个节点都接受它，按外部流量处理。',
  svcNodePortLocalhost: 'Service {{service}} 的 nodePort 是 {{nodePort}}，iptables 模式的 kube-proxy 还在 127.0.0.1 上接受它（localhost NodePort）。',
  svcHealthCheck: 'Service {{service}} 的 externalTrafficPolicy 为 Local，healthCheckNodePort 是 {{healthCheckNodePort}}：负载均衡器探测它，找出有 endpoint 的节点。',
  svcMasqueradeOffCluster: 'kube-proxy 的 clusterCIDR 是 {{cidr}}：从 Pod 网络之外访问 Service {{service}}（{{ip}}）的连接会被标记为需要 MASQUERADE。',
  svcMasqueradeAll: 'kube-proxy 开启了 masqueradeAll：所有访问 Service {{service}}（{{ip}}）的连接都被标记为需要 MASQUERADE。',
  svcExternalCluster: 'Service {{service}} 的 externalTrafficPolicy 为 Cluster：外部流量可能被转到任意节点上的 endpoint，所以 kube-proxy 对它做 MASQUERADE，客户端地址就此丢失。',
  svcExternalLocal: 'Service {{service}} 的 externalTrafficPolicy 为 Local：外部流量只转给 {{node}} 上的 endpoint，并保留客户端地址；来自 Pod 和节点自身的流量可以使用所有 endpoint。',
  svcEndpoints: 'Service {{service}} 有 {{count}} 个 endpoint：kube-proxy 为每个新连接随机选一个。',
  svcEndpoint: 'Service {{service}} 的 endpoint {{endpoint}}（EndpointSlice {{slice}}），共 {{count}} 个之一：kube-proxy 把连接转到这里。',
  svcAffinity: 'Service {{service}} 设置了 sessionAffinity: ClientIP（{{seconds}} 秒）：在这段时间内用过 endpoint {{endpoint}} 的客户端会再次被转到它。',
  svcHairpin: 'endpoint {{endpoint}} 可能访问自己所属的 Service {{service}}（hairpin）：kube-proxy 给这种连接打上 MASQUERADE 标记，让回包经过节点返回。',
  kubeProxyJump: 'kube-proxy 在每个节点上把自己的链挂到内置链上，与有哪些 Service 无关。',
  kubeProxyMasquerade: 'kube-proxy 在每个节点上对打了 {{mark}} 标记（KUBE-MARK-MASQ / mark-for-masquerade）的连接做 MASQUERADE。',
  kubeProxyNodePorts: 'kube-proxy 在每个节点上对发往本节点地址的流量查找 NodePort。',
  kubeProxyForward: 'kube-proxy 在每个节点上允许转发它标记过（{{mark}}）或已经见过的连接（KUBE-FORWARD）。',
  kubeProxyLocalnet: 'kube-proxy 在 127.0.0.1 上接受 NodePort，所以它阻止从节点外部发往 127.0.0.0/8 的其他流量。',
  kubeProxyBase: '这是 kube-proxy 的 nftables 表的一部分，每个节点都有，与有哪些 Service 无关。',
  flannelMasquerade: 'flanneld 对集群网络 {{cidr}} 与外部之间的流量做 MASQUERADE，Pod 之间的流量不做（本节点的 Pod 网段：{{podCIDR}}）。',
  flannelForward: 'flanneld 允许节点转发进出集群网络 {{cidr}} 的流量。',
} as const satisfies Sentences;
