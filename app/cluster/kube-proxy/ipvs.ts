/**
 * The state kube-proxy's IPVS proxier writes on one node (pkg/proxy/ipvs/proxier.go
 * `syncProxyRules`, Kubernetes v1.31–v1.33): per service port a virtual service for the cluster IP,
 * each external IP, each load-balancer IP and the NodePort on every node address, with the
 * endpoints as masquerading real servers of weight 1 (`syncEndpoint`); the addresses bound to the
 * kube-ipvs0 dummy; and the entries of its 17 ipsets (`ipsetInfo`). The few iptables rules IPVS
 * mode still needs are in ./ipvs-iptables.ts. Output as `ipvsadm -Sn` lines (real servers sorted by
 * address, as ipvsadm prints them) and `ipset save` lines (without the random `initval`).
 */
import { inCidr, toUint32 } from '../../engine/addr/ipv4';
import { provenanceKey, type Because } from '../because';
import { categorizeEndpoints, type Endpoint, type ServicePort } from './service-ports';
import type { ProxierSettings } from './settings';
import { why } from './why';

/** The ipsets in kube-proxy's `ipsetInfo` order: name, type, the comment its rules carry. */
export const IPVS_SETS = [
  ['KUBE-LOOP-BACK', 'hash:ip,port,ip', 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose'],
  ['KUBE-CLUSTER-IP', 'hash:ip,port', 'Kubernetes service cluster ip + port for masquerade purpose'],
  ['KUBE-EXTERNAL-IP', 'hash:ip,port', 'Kubernetes service external ip + port for masquerade and filter purpose'],
  ['KUBE-EXTERNAL-IP-LOCAL', 'hash:ip,port', 'Kubernetes service external ip + port with externalTrafficPolicy=local'],
  ['KUBE-LOAD-BALANCER', 'hash:ip,port', 'Kubernetes service lb portal'],
  ['KUBE-LOAD-BALANCER-FW', 'hash:ip,port', 'Kubernetes service load balancer ip + port for load balancer with sourceRange'],
  ['KUBE-LOAD-BALANCER-LOCAL', 'hash:ip,port', 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local'],
  ['KUBE-LOAD-BALANCER-SOURCE-IP', 'hash:ip,port,ip', 'Kubernetes service load balancer ip + port + source IP for packet filter purpose'],
  ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'hash:ip,port,net', 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose'],
  ['KUBE-NODE-PORT-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port for masquerade purpose'],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port with externalTrafficPolicy=local'],
  ['KUBE-NODE-PORT-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port for masquerade purpose'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port with externalTrafficPolicy=local'],
  ['KUBE-NODE-PORT-SCTP-HASH', 'hash:ip,port', "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"],
  ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'hash:ip,port', "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"],
  ['KUBE-HEALTH-CHECK-NODE-PORT', 'bitmap:port', 'Kubernetes health check node port'],
  ['KUBE-IPVS-IPS', 'hash:ip', 'Kubernetes service IP list'],
] as const;

/** One of IPVS_SETS' names. */
export type IpvsSetName = (typeof IPVS_SETS)[number][0];

/** kube-proxy's IPVS state on a node, before the iptables rules. */
export interface IpvsState {
  /** Entries per set, in the order kube-proxy inserted them. */
  readonly sets: ReadonlyMap<IpvsSetName, readonly string[]>;
  /** `ipvsadm -Sn` lines: each virtual service, then its real servers. */
  readonly ipvs: readonly string[];
  /** Addresses bound to kube-ipvs0 (KUBE-IPVS-IPS), as /32. */
  readonly bind: readonly string[];
  /** LB ingress `ip,proto:port` entries node processes may not reach (source ranges without the node). */
  readonly noNodeAccess: readonly { readonly ip: string; readonly protocol: string; readonly port: number }[];
  /** Why each virtual service and real server line exists: provenanceKey(netns, `ipvs`, `line`, the line). */
  readonly provenance: Record<string, Because>;
}

/** Real servers sorted as `ipvsadm -Sn` prints them: by address, then port. */
const byAddress = (a: Endpoint, b: Endpoint) => toUint32(a.ip) - toUint32(b.ip) || a.port - b.port;

/** syncEndpoint: the real servers of a virtual service, in `ipvsadm -Sn` order (local ones only when `onlyLocal` and there are some). */
export function ipvsDestinations(p: ServicePort, onlyLocal: boolean): Endpoint[] {
  const ep = categorizeEndpoints(p);
  const chosen = onlyLocal && ep.local.length > 0 ? ep.local : ep.cluster;
  return [...chosen].sort(byAddress);
}

/**
 * The IPVS state for `ports` on the node `s` describes.
 * @param nodeIPs the node's addresses a NodePort virtual service is made on (every local address
 *   but kube-ipvs0's and loopback's, GetAllLocalAddressesExcept; or those in nodePortAddresses).
 * @param netns the node's netns name, for the provenance keys.
 */
export function kubeProxyIpvsState(ports: readonly ServicePort[], s: ProxierSettings, nodeIPs: readonly string[], netns: string, scheduler = 'rr'): IpvsState {
  const sets = new Map<IpvsSetName, string[]>(IPVS_SETS.map(([name]) => [name, []]));
  const add = (set: IpvsSetName, entry: string) => {
    const list = sets.get(set)!;
    if (!list.includes(entry)) list.push(entry);
  };
  const ipvs: string[] = [];
  const bind: string[] = [];
  const noNodeAccess: { ip: string; protocol: string; port: number }[] = [];
  const provenance: Record<string, Because> = {};
  const service = (p: ServicePort, vip: string, port: number, onlyLocal: boolean, because: Because, bindIt: boolean) => {
    const flag = p.protocol === 'udp' ? '-u' : p.protocol === 'sctp' ? '--sctp-service' : '-t';
    const line = `-A ${flag} ${vip}:${port} -s ${scheduler}${p.affinitySeconds !== undefined ? ` -p ${p.affinitySeconds}` : ''}`;
    ipvs.push(line);
    provenance[provenanceKey(netns, 'ipvs', 'line', line)] = because;
    if (bindIt && !bind.includes(vip)) bind.push(vip);
    const dests = ipvsDestinations(p, onlyLocal);
    for (const e of dests) {
      const dest = `-a ${flag} ${vip}:${port} -r ${e.text} -m -w 1`;
      ipvs.push(dest);
      provenance[provenanceKey(netns, 'ipvs', 'line', dest)] = why.endpoint(p, e, dests.length);
    }
  };
  for (const p of ports) {
    const key = (ip: string) => `${ip},${p.protocol}:${p.port}`;
    for (const e of p.endpoints) if (e.local) add('KUBE-LOOP-BACK', `${e.ip},${p.protocol}:${e.port},${e.ip}`);
    add('KUBE-CLUSTER-IP', key(p.clusterIP));
    service(p, p.clusterIP, p.port, p.internalPolicyLocal, why.ipvsService(p, 'clusterIP', p.clusterIP), true);
    for (const ip of p.externalIPs) {
      add(p.externalPolicyLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', key(ip));
      service(p, ip, p.port, p.externalPolicyLocal, why.ipvsService(p, 'externalIP', ip), !nodeIPs.includes(ip));
    }
    for (const ip of p.loadBalancerVIPs) {
      add('KUBE-LOAD-BALANCER', key(ip));
      if (p.externalPolicyLocal) add('KUBE-LOAD-BALANCER-LOCAL', key(ip));
      if (p.loadBalancerSourceRanges.length) {
        add('KUBE-LOAD-BALANCER-FW', key(ip));
        for (const cidr of p.loadBalancerSourceRanges) add('KUBE-LOAD-BALANCER-SOURCE-CIDR', `${key(ip)},${cidr}`);
        if (p.loadBalancerSourceRanges.some((cidr) => inCidr(s.nodeIP, cidr))) add('KUBE-LOAD-BALANCER-SOURCE-IP', `${key(ip)},${ip}`);
        else noNodeAccess.push({ ip, protocol: p.protocol, port: p.port });
      }
      service(p, ip, p.port, p.externalPolicyLocal, why.ipvsService(p, 'loadBalancerIP', ip), !nodeIPs.includes(ip));
    }
    if (p.nodePort !== 0 && nodeIPs.length > 0) {
      const upper = p.protocol.toUpperCase();
      if (p.protocol === 'sctp') for (const ip of nodeIPs) add('KUBE-NODE-PORT-SCTP-HASH', `${ip},sctp:${p.nodePort}`);
      else add(`KUBE-NODE-PORT-${upper}` as IpvsSetName, String(p.nodePort));
      if (p.externalPolicyLocal) {
        if (p.protocol === 'sctp') for (const ip of nodeIPs) add('KUBE-NODE-PORT-LOCAL-SCTP-HASH', `${ip},sctp:${p.nodePort}`);
        else add(`KUBE-NODE-PORT-LOCAL-${upper}` as IpvsSetName, String(p.nodePort));
      }
      for (const ip of nodeIPs) service(p, ip, p.nodePort, p.externalPolicyLocal, why.ipvsService(p, 'nodePort', ip), false);
    }
    if (p.healthCheckNodePort !== 0) add('KUBE-HEALTH-CHECK-NODE-PORT', String(p.healthCheckNodePort));
  }
  for (const ip of bind) add('KUBE-IPVS-IPS', ip);
  return { sets, ipvs, bind, noNodeAccess, provenance };
}

/** The `ipset save` text of `sets`: each set's create line (kube-proxy's options), then its entries. */
export function ipsetSaveText(sets: IpvsState['sets']): string {
  const out: string[] = [];
  for (const [name, type] of IPVS_SETS) {
    out.push(type.startsWith('bitmap') ? `create ${name} ${type} range 0-65535` : `create ${name} ${type} family inet hashsize 1024 maxelem 65536`);
    for (const e of sets.get(name) ?? []) out.push(`add ${name} ${e}`);
  }
  return out.join('\n') + '\n';
}
