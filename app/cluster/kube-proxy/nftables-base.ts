/**
 * The part of kube-proxy's nftables ruleset that does not depend on Services: the `ip kube-proxy`
 * table, its sets and verdict maps, base chains at their hooks and priorities, and the dispatch
 * rules (pkg/proxy/nftables/proxier.go `setupNFTables`), as `nft -f` lines.
 */
import { nodePortIPs, type ProxierSettings } from './settings';

/** The table every line names. */
export const TABLE = 'ip kube-proxy';

const MAPS: readonly (readonly [string, string, string])[] = [
  ['firewall-ips', 'ipv4_addr . inet_proto . inet_service', 'destinations that are subject to LoadBalancerSourceRanges'],
  ['no-endpoint-nodeports', 'inet_proto . inet_service', 'vmap to drop or reject packets to service nodeports with no endpoints'],
  ['no-endpoint-services', 'ipv4_addr . inet_proto . inet_service', 'vmap to drop or reject packets to services with no endpoints'],
  ['service-ips', 'ipv4_addr . inet_proto . inet_service', 'ClusterIP, ExternalIP and LoadBalancer IP traffic'],
  ['service-nodeports', 'inet_proto . inet_service', 'NodePort traffic'],
];

const BASE_CHAINS: readonly (readonly [string, string?])[] = [
  ['cluster-ips-check'],
  ['filter-prerouting-pre-dnat', 'type filter hook prerouting priority -110'],
  ['filter-output-pre-dnat', 'type filter hook output priority -110'],
  ['filter-forward', 'type filter hook forward priority 0'],
  ['filter-input', 'type filter hook input priority 0'],
  ['filter-output', 'type filter hook output priority 0'],
  ['firewall-check'],
  ['mark-for-masquerade'],
  ['masquerading'],
  ['nat-output', 'type nat hook output priority -100'],
  ['nat-postrouting', 'type nat hook postrouting priority 100'],
  ['nat-prerouting', 'type nat hook prerouting priority -100'],
  ['nodeport-endpoints-check'],
  ['reject-chain', 'comment "helper for @no-endpoint-services / @no-endpoint-nodeports"'],
  ['services'],
  ['service-endpoints-check'],
];

/** The Service-independent lines, in kube-proxy's transaction order. */
export function baseLines(s: ProxierSettings): string[] {
  const out = [`add table ${TABLE} { comment "rules for kube-proxy" ; }`];
  out.push(`add set ${TABLE} cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }`);
  out.push(`add set ${TABLE} nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }`);
  for (const [name, type, comment] of MAPS) out.push(`add map ${TABLE} ${name} { type ${type} : verdict ; comment "${comment}" ; }`);
  for (const [name, spec] of BASE_CHAINS) out.push(`add chain ${TABLE} ${name}${spec ? ` { ${spec} ; }` : ''}`);
  const rule = (chain: string, r: string) => out.push(`add rule ${TABLE} ${chain} ${r}`);
  rule('cluster-ips-check', 'ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"');
  if (s.serviceCIDRs?.length) rule('cluster-ips-check', `ip daddr { ${s.serviceCIDRs.join(', ')} } drop comment "Drop traffic to unallocated ClusterIPs"`);
  rule('filter-prerouting-pre-dnat', 'ct state new jump firewall-check');
  rule('filter-forward', 'ct state new jump service-endpoints-check');
  rule('filter-forward', 'ct state new jump cluster-ips-check');
  rule('filter-input', 'ct state new jump nodeport-endpoints-check');
  rule('filter-input', 'ct state new jump service-endpoints-check');
  rule('filter-output', 'ct state new jump service-endpoints-check');
  rule('filter-output-pre-dnat', 'ct state new jump firewall-check');
  rule('filter-output', 'ct state new jump cluster-ips-check');
  rule('firewall-check', 'ip daddr . meta l4proto . th dport vmap @firewall-ips');
  rule('mark-for-masquerade', `mark set mark or ${s.masqueradeMark}`);
  rule('masquerading', `mark and ${s.masqueradeMark} == 0 return`);
  rule('masquerading', `mark set mark xor ${s.masqueradeMark}`);
  rule('masquerading', 'masquerade fully-random');
  rule('nat-output', 'jump services');
  rule('nat-postrouting', 'jump masquerading');
  rule('nat-prerouting', 'jump services');
  const ips = nodePortIPs(s);
  const nodePortDst = ips ? 'ip daddr @nodeport-ips' : 'fib daddr type local ip daddr != 127.0.0.0/8';
  rule('nodeport-endpoints-check', `${nodePortDst} meta l4proto . th dport vmap @no-endpoint-nodeports`);
  rule('reject-chain', 'reject');
  rule('services', 'ip daddr . meta l4proto . th dport vmap @service-ips');
  rule('services', `${nodePortDst} meta l4proto . th dport vmap @service-nodeports`);
  for (const ip of ips ?? []) out.push(`add element ${TABLE} nodeport-ips { ${ip} }`);
  rule('service-endpoints-check', 'ip daddr . meta l4proto . th dport vmap @no-endpoint-services');
  return out;
}
