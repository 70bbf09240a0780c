/**
 * The kube-proxy settings rule generation depends on (kube-proxy's command-line flags and
 * KubeProxyConfiguration, https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/),
 * with the defaults of a real kube-proxy.
 */
import { inCidr } from '../../engine/addr/ipv4';

/** Settings of one node's kube-proxy. */
export interface ProxierSettings {
  /** The node kube-proxy runs on: endpoints with this `nodeName` are local. */
  readonly nodeName: string;
  readonly nodeIP: string;
  /** The cluster CIDR of the local-traffic detector (`--cluster-cidr`); undefined: no detector. */
  readonly clusterCIDR?: string;
  /** `--masquerade-all`: masquerade every packet sent to a ClusterIP. */
  readonly masqueradeAll: boolean;
  /** The masquerade mark, `0x4000` (1 << `--iptables-masquerade-bit` 14). */
  readonly masqueradeMark: string;
  /**
   * `--nodeport-addresses` as CIDRs; undefined or empty: every local address. With CIDRs, the
   * node's addresses inside them (from `interfaceAddresses`) accept NodePorts.
   */
  readonly nodePortAddresses?: readonly string[];
  /** The node's interface addresses (`name → [a.b.c.d/len, …]`), for `nodePortAddresses`. */
  readonly interfaceAddresses?: Readonly<Record<string, readonly string[]>>;
  /** `--iptables-localhost-nodeports` (default true): NodePorts answer on 127.0.0.1 (route_localnet). */
  readonly localhostNodePorts: boolean;
  /** nfacct counters kube-proxy found in the kernel (they add `-m nfacct` to two rules). */
  readonly nfacct: { readonly ctStateInvalidDropped: boolean; readonly localhostNodePortsAccepted: boolean };
  /** `nf_conntrack_tcp_be_liberal` is 1: no INVALID-drop rule in KUBE-FORWARD. */
  readonly conntrackTCPLiberal: boolean;
  /** The iptables binary supports `--random-fully` on MASQUERADE. */
  readonly randomFully: boolean;
  /** `--service-cluster-ip-range` (nftables mode drops traffic to its unallocated addresses). */
  readonly serviceCIDRs?: readonly string[];
}

/**
 * The node's IPv4 addresses that accept NodePorts under `--nodeport-addresses` (kube-proxy's
 * NodePortAddresses, filtered to the proxier's family), or undefined when every local address does
 * (no IPv4 CIDR, or 0.0.0.0/0).
 */
export function nodePortIPs(s: ProxierSettings): string[] | undefined {
  const cidrs = (s.nodePortAddresses ?? []).filter((c) => !c.includes(':'));
  if (cidrs.length === 0 || cidrs.includes('0.0.0.0/0')) return undefined;
  const ips = Object.values(s.interfaceAddresses ?? {})
    .flat()
    .map((a) => a.split('/')[0])
    .filter((ip) => !ip.includes(':') && cidrs.some((c) => inCidr(ip, c)));
  return [...new Set(ips)];
}

/** Whether the NodePort addresses include IPv4 loopback (every local address does). */
export function nodePortsOnLoopback(s: ProxierSettings): boolean {
  const cidrs = (s.nodePortAddresses ?? []).filter((c) => !c.includes(':'));
  return cidrs.length === 0 || cidrs.includes('0.0.0.0/0') || cidrs.some((c) => inCidr('127.0.0.1', c));
}

/**
 * The masquerade mark of `--iptables-masquerade-bit` `bit` (0–31) as iptables-save prints it:
 * `1 << bit` in hex (14 → `0x4000`).
 */
export const masqueradeMarkOf = (bit: number): string => `0x${(2 ** bit).toString(16)}`;

/** A real kube-proxy's defaults for a node (no nfacct counters, `--random-fully` available). */
export const defaultSettings = (nodeName: string, nodeIP: string, clusterCIDR?: string): ProxierSettings => ({
  nodeName,
  nodeIP,
  ...(clusterCIDR ? { clusterCIDR } : {}),
  masqueradeAll: false,
  masqueradeMark: masqueradeMarkOf(14),
  localhostNodePorts: true,
  nfacct: { ctStateInvalidDropped: false, localhostNodePortsAccepted: false },
  conntrackTCPLiberal: false,
  randomFully: true,
});
