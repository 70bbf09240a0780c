/**
 * The same generated kube-proxy node as kube-proxy-iptables.ts, in kube-proxy's nftables mode
 * (GA in Kubernetes 1.33; pkg/proxy/nftables/proxier.go): one `ip kube-proxy` table whose
 * `services` chain looks the (daddr, protocol, port) triple up in the `service-ips` verdict map
 * instead of walking one rule per Service, a `service-*` chain per Service port marking sources
 * outside the pod network for masquerade and picking an endpoint with `numgen random mod N vmap`,
 * and an `endpoint-*` chain per endpoint doing the DNAT. Written as `nft -f` commands, the form
 * `nft -c -f` checks, with the base chains and helper chains of the bundled
 * canal-nodeport-nftables lesson.
 */
import { benchScenarioYaml } from './bench-scenario';
import { chainHash, clusterIp, endpointIp } from './kube-proxy-iptables';

/** A generated nftables-mode node: its ruleset text and the scenario YAML holding it. */
export interface KubeProxyNftDump {
  readonly services: number;
  readonly endpoints: number;
  /** The ruleset as `nft -f` commands. */
  readonly ruleset: string;
  /** Lines of `ruleset`. */
  readonly lines: number;
  /** A scenario with node1, a client pod and the endpoint pod, and the flow `client-to-last-service`. */
  readonly yaml: string;
  readonly flow: string;
}

const HEAD = `add table ip kube-proxy { comment "rules for kube-proxy" ; }
add set ip kube-proxy cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }
add set ip kube-proxy nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }
add map ip kube-proxy no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }
add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }
add map ip kube-proxy service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }
add chain ip kube-proxy cluster-ips-check
add chain ip kube-proxy filter-forward { type filter hook forward priority 0 ; }
add chain ip kube-proxy filter-output { type filter hook output priority 0 ; }
add chain ip kube-proxy mark-for-masquerade
add chain ip kube-proxy masquerading
add chain ip kube-proxy nat-output { type nat hook output priority -100 ; }
add chain ip kube-proxy nat-postrouting { type nat hook postrouting priority 100 ; }
add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }
add chain ip kube-proxy services
add chain ip kube-proxy service-endpoints-check
add rule ip kube-proxy cluster-ips-check ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
add rule ip kube-proxy cluster-ips-check ip daddr { 10.96.0.0/12 } drop comment "Drop traffic to unallocated ClusterIPs"
add rule ip kube-proxy filter-forward ct state new jump service-endpoints-check
add rule ip kube-proxy filter-forward ct state new jump cluster-ips-check
add rule ip kube-proxy filter-output ct state new jump service-endpoints-check
add rule ip kube-proxy filter-output ct state new jump cluster-ips-check
add rule ip kube-proxy mark-for-masquerade mark set mark or 0x4000
add rule ip kube-proxy masquerading mark and 0x4000 == 0 return
add rule ip kube-proxy masquerading mark set mark xor 0x4000
add rule ip kube-proxy masquerading masquerade fully-random
add rule ip kube-proxy nat-output jump services
add rule ip kube-proxy nat-postrouting jump masquerading
add rule ip kube-proxy nat-prerouting jump services
add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips
add rule ip kube-proxy services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
add rule ip kube-proxy service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services
`;

/**
 * Generates a kube-proxy node of `services` Services × `endpoints` endpoints in nftables mode.
 * @throws RangeError when `services` < 1 or `endpoints` < 1.
 */
export function kubeProxyNftDump(services: number, endpoints = 3): KubeProxyNftDump {
  if (!(services >= 1) || !(endpoints >= 1)) throw new RangeError('services and endpoints must be at least 1');
  const out: string[] = [HEAD];
  let lastSvc = '';
  for (let i = 0; i < services; i++) {
    const port = `ns${i % 50}/svc-${i}/tcp/http`;
    const svc = `service-${chainHash(`${port}`).slice(0, 8)}-${port}`;
    lastSvc = svc;
    const ip = clusterIp(i);
    const eps: string[] = [];
    out.push(`add chain ip kube-proxy ${svc}`);
    for (let j = 0; j < endpoints; j++) {
      const ep = endpointIp(i, j, services, endpoints);
      const chain = `endpoint-${chainHash(`${port}${ep}`).slice(0, 8)}-${port}__${ep}/8080`;
      eps.push(chain);
      out.push(`add chain ip kube-proxy ${chain}`);
      out.push(`add rule ip kube-proxy ${chain} ip saddr ${ep} jump mark-for-masquerade`);
      out.push(`add rule ip kube-proxy ${chain} meta l4proto tcp dnat to ${ep}:8080`);
    }
    out.push(`add rule ip kube-proxy ${svc} ip daddr ${ip} tcp dport 80 ip saddr != 10.244.0.0/16 jump mark-for-masquerade`);
    out.push(`add rule ip kube-proxy ${svc} numgen random mod ${endpoints} vmap { ${eps.map((c, j) => `${j} : goto ${c}`).join(' , ')} }`);
    out.push(`add element ip kube-proxy cluster-ips { ${ip} }`);
    out.push(`add element ip kube-proxy service-ips { ${ip} . tcp . 80 : goto ${svc} }`);
  }
  const ruleset = out.join('\n') + '\n';
  const flow = 'client-to-last-service';
  return {
    services,
    endpoints,
    ruleset,
    lines: ruleset.split('\n').length - 1,
    yaml: benchScenarioYaml({
      title: 'kube-proxy at scale, nftables mode (generated)',
      description: "A node with kube-proxy's nftables rules for many Services; a client pod asks the last Service.",
      rulesKey: 'nftables',
      rules: ruleset,
      vip: clusterIp(services - 1),
      choice: { key: `node1/ip kube-proxy/${lastSvc}`, value: 1 },
      flow,
    }),
    flow,
  };
}
