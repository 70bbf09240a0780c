/**
 * The nftables ruleset kube-proxy's nftables proxier writes (pkg/proxy/nftables/proxier.go
 * `syncProxyRules`, a full sync into a fresh table), as `nft -f` lines: the base part
 * (nftables-base.ts), then per service port its chains (service-, local-, external-, firewall-,
 * endpoint-), affinity sets and verdict-map elements. Checked against Kubernetes' own test literals
 * (../shared/peer-suites/kube-proxy-gen, `npm run test:peer`).
 */
import { inPrefix } from '../../engine/addr/ipv4';
import { nftEndpointBase, nftServiceBase } from './chain-names';
import { baseLines, TABLE } from './nftables-base';
import { categorizeEndpoints, externallyAccessible, type Endpoint, type ServicePort } from './service-ports';
import type { ProxierSettings } from './settings';

/** The nftables chain names of one service port. */
function names(p: ServicePort) {
  const base = nftServiceBase(p.namespace, p.name, p.protocol, p.portName);
  const ep = (e: Endpoint) => nftEndpointBase(p.namespace, p.name, p.protocol, p.portName, e.ip, e.port);
  return { svc: `service-${base}`, local: `local-${base}`, ext: `external-${base}`, fw: `firewall-${base}`, endpoint: (e: Endpoint) => `endpoint-${ep(e)}`, affinity: (e: Endpoint) => `affinity-${ep(e)}` };
}

/** The `nft -f` lines for `ports` on the node `settings` describes, in kube-proxy's order. */
export function kubeProxyNftables(ports: readonly ServicePort[], settings: ProxierSettings): string[] {
  const out = baseLines(settings);
  for (const p of ports) out.push(...servicePortLines(p, settings));
  return out;
}

function servicePortLines(p: ServicePort, s: ProxierSettings): string[] {
  const out: string[] = [];
  const n = names(p);
  const ep = categorizeEndpoints(p);
  const any = ep.any;
  const hasInternal = any && !(p.internalPolicyLocal && ep.local.length === 0);
  const hasExternal = any && !(p.externalPolicyLocal && ep.local.length === 0);
  const internalChain = p.internalPolicyLocal ? n.local : n.svc;
  const usesCluster = ep.cluster.length > 0 && (!p.internalPolicyLocal || externallyAccessible(p));
  const usesLocal = ep.local.length > 0 && (p.internalPolicyLocal || p.externalPolicyLocal);
  const usesExternal = any && externallyAccessible(p);
  const usesFW = p.loadBalancerVIPs.length > 0 && p.loadBalancerSourceRanges.length > 0;
  const internalVerdict = any ? 'drop' : 'goto reject-chain';
  const externalVerdict = internalVerdict;
  const chain = (c: string) => out.push(`add chain ${TABLE} ${c}`);
  const rule = (c: string, r: string) => out.push(`add rule ${TABLE} ${c} ${r}`);
  const element = (map: string, key: string, value?: string, comment?: string) =>
    out.push(`add element ${TABLE} ${map} { ${key}${comment ? ` comment "${comment}"` : ''}${value ? ` : ${value}` : ''} }`);
  const key = (ip: string) => `${ip} . ${p.protocol} . ${p.port}`;

  if (p.affinitySeconds !== undefined)
    for (const e of ep.reachable) out.push(`add set ${TABLE} ${n.affinity(e)} { type ipv4_addr ; flags dynamic,timeout ; timeout ${p.affinitySeconds}s ; }`);
  if (usesCluster) chain(n.svc);
  if (usesLocal) chain(n.local);
  if (usesExternal) chain(n.ext);
  if (usesFW) chain(n.fw);
  for (const e of ep.reachable) chain(n.endpoint(e));

  element('cluster-ips', p.clusterIP);
  if (hasInternal) element('service-ips', key(p.clusterIP), `goto ${internalChain}`);
  else element('no-endpoint-services', key(p.clusterIP), internalVerdict, p.svcPortName);
  for (const ip of p.externalIPs) {
    if (any) element('service-ips', key(ip), `goto ${n.ext}`);
    if (!hasExternal) element('no-endpoint-services', key(ip), externalVerdict, p.svcPortName);
  }
  for (const ip of p.loadBalancerVIPs) {
    if (any) element('service-ips', key(ip), `goto ${n.ext}`);
    if (usesFW) element('firewall-ips', key(ip), `goto ${n.fw}`);
  }
  if (!hasExternal) for (const ip of p.loadBalancerVIPs) element('no-endpoint-services', key(ip), externalVerdict, p.svcPortName);
  if (p.nodePort !== 0) {
    if (any) element('service-nodeports', `${p.protocol} . ${p.nodePort}`, `goto ${n.ext}`);
    if (!hasExternal) element('no-endpoint-nodeports', `${p.protocol} . ${p.nodePort}`, externalVerdict, p.svcPortName);
  }

  if (hasInternal) {
    if (s.masqueradeAll) rule(internalChain, `ip daddr ${p.clusterIP} ${p.protocol} dport ${p.port} jump mark-for-masquerade`);
    else if (s.clusterCIDR) rule(internalChain, `ip daddr ${p.clusterIP} ip saddr != ${s.clusterCIDR} jump mark-for-masquerade`);
  }
  if (usesExternal) {
    if (!p.externalPolicyLocal) rule(n.ext, 'jump mark-for-masquerade');
    else {
      if (s.clusterCIDR) rule(n.ext, `ip saddr ${s.clusterCIDR} goto ${n.svc} comment "short-circuit pod traffic"`);
      rule(n.ext, 'fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"');
      rule(n.ext, `fib saddr type local goto ${n.svc} comment "short-circuit local traffic"`);
    }
    if (hasExternal) rule(n.ext, `goto ${p.externalPolicyLocal ? n.local : n.svc}`);
  }
  if (usesFW) {
    const sources = [...p.loadBalancerSourceRanges];
    if (p.loadBalancerSourceRanges.some((c) => inPrefix(s.nodeIP, c.split('/')[0], Number(c.split('/')[1])))) sources.push(...p.loadBalancerVIPs);
    rule(n.fw, `ip saddr != { ${sources.join(', ')} } drop`);
  }
  if (usesCluster) out.push(...policyRules(p, n, n.svc, ep.cluster));
  if (usesLocal) out.push(...policyRules(p, n, n.local, ep.local));
  for (const e of ep.reachable) {
    rule(n.endpoint(e), `ip saddr ${e.ip} jump mark-for-masquerade`);
    if (p.affinitySeconds !== undefined) rule(n.endpoint(e), `update @${n.affinity(e)} { ip saddr }`);
    rule(n.endpoint(e), `meta l4proto ${p.protocol} dnat to ${e.text}`);
  }
  return out;
}

/** A policy chain's rules: affinity lookups, then one `numgen` vmap over the endpoints. */
function policyRules(p: ServicePort, n: ReturnType<typeof names>, chain: string, endpoints: readonly Endpoint[]): string[] {
  const out: string[] = [];
  if (p.affinitySeconds !== undefined) for (const e of endpoints) out.push(`add rule ${TABLE} ${chain} ip saddr @${n.affinity(e)} goto ${n.endpoint(e)}`);
  const vmap = endpoints.map((e, i) => `${i} : goto ${n.endpoint(e)}`).join(' , ');
  out.push(`add rule ${TABLE} ${chain} numgen random mod ${endpoints.length} vmap { ${vmap} }`);
  return out;
}
