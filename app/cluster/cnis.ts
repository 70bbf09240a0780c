/**
 * The CNIs a cluster file can name (`network.cni`, docs/cluster-format.md), on their own so that
 * views can list them without the cluster schema.
 */
export const CNIS = ['calico-ipip', 'calico-bgp', 'flannel-vxlan', 'flannel-host-gw', 'canal', 'docker-bridge'] as const;

/** kube-proxy modes the builder generates (`kubeProxy.mode`). */
export const KUBE_PROXY_MODES = ['iptables', 'nftables', 'ipvs'] as const;
