/**
 * The nftables ruleset kube-proxy's nftables proxier writes (pkg/proxy/nftables/proxier.go
 * `syncProxyRules`, a full sync into a fresh table), as `nft -f` lines: the base part
 * (nftables-base.ts), then per service port its chains (service-, local-, external-, firewall-,
 * endpoint-), affinity sets and verdict-map elements. Checked against Kubernetes' own test literals
 * (../shared/peer-suites/kube-proxy-gen, `npm run test:peer`).
 */
import { inCidr } from '../../engine/addr/ipv4';
import { nftEndpointBase, nftServiceBase } from './chain-names';
import { baseLines, TABLE } from './nftables-base';
import { portRouting, type Endpoint, type PortRouting, type ServicePort } from './service-ports';
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

/** How one service port's traffic is routed (syncProxyRules' per-service variables). */
interface Plan extends PortRouting {
  readonly p: ServicePort;
  readonly n: ReturnType<typeof names>;
  readonly internalChain: string;
  readonly usesFW: boolean;
  /** The verdict for traffic with no (local) endpoint: drop, or goto reject-chain with none at all. */
  readonly noEndpoint: string;
}

function plan(p: ServicePort): Plan {
  const n = names(p);
  const routing = portRouting(p);
  return {
    ...routing,
    p,
    n,
    internalChain: p.internalPolicyLocal ? n.local : n.svc,
    usesFW: p.loadBalancerVIPs.length > 0 && p.loadBalancerSourceRanges.length > 0,
    noEndpoint: routing.ep.any ? 'drop' : 'goto reject-chain',
  };
}

function servicePortLines(p: ServicePort, s: ProxierSettings): string[] {
  const x = plan(p);
  const { n, ep } = x;
  const out: string[] = [];
  if (p.affinitySeconds !== undefined)
    for (const e of ep.reachable) out.push(`add set ${TABLE} ${n.affinity(e)} { type ipv4_addr ; flags dynamic,timeout ; timeout ${p.affinitySeconds}s ; }`);
  const chains = [x.usesCluster && n.svc, x.usesLocal && n.local, x.usesExternal && n.ext, x.usesFW && n.fw, ...ep.reachable.map(n.endpoint)];
  for (const c of chains) if (c) out.push(`add chain ${TABLE} ${c}`);
  out.push(...elements(x));
  out.push(...chainRules(x, s));
  if (x.usesCluster) out.push(...policyRules(p, n, n.svc, ep.cluster));
  if (x.usesLocal) out.push(...policyRules(p, n, n.local, ep.local));
  for (const e of ep.reachable) {
    const rule = (r: string) => out.push(`add rule ${TABLE} ${n.endpoint(e)} ${r}`);
    rule(`ip saddr ${e.ip} jump mark-for-masquerade`);
    if (p.affinitySeconds !== undefined) rule(`update @${n.affinity(e)} { ip saddr }`);
    rule(`meta l4proto ${p.protocol} dnat to ${e.text}`);
  }
  return out;
}

/** The port's elements of cluster-ips, service-ips, service-nodeports, firewall-ips and the no-endpoint maps. */
function elements(x: Plan): string[] {
  const { p, n } = x;
  const out: string[] = [];
  const element = (map: string, key: string, value?: string, comment?: string) =>
    out.push(`add element ${TABLE} ${map} { ${key}${comment ? ` comment "${comment}"` : ''}${value ? ` : ${value}` : ''} }`);
  const key = (ip: string) => `${ip} . ${p.protocol} . ${p.port}`;
  element('cluster-ips', p.clusterIP);
  if (x.hasInternal) element('service-ips', key(p.clusterIP), `goto ${x.internalChain}`);
  else element('no-endpoint-services', key(p.clusterIP), x.noEndpoint, p.svcPortName);
  for (const ip of p.externalIPs) {
    if (x.ep.any) element('service-ips', key(ip), `goto ${n.ext}`);
    if (!x.hasExternal) element('no-endpoint-services', key(ip), x.noEndpoint, p.svcPortName);
  }
  for (const ip of p.loadBalancerVIPs) {
    if (x.ep.any) element('service-ips', key(ip), `goto ${n.ext}`);
    if (x.usesFW) element('firewall-ips', key(ip), `goto ${n.fw}`);
  }
  if (!x.hasExternal) for (const ip of p.loadBalancerVIPs) element('no-endpoint-services', key(ip), x.noEndpoint, p.svcPortName);
  if (p.nodePort !== 0) {
    if (x.ep.any) element('service-nodeports', `${p.protocol} . ${p.nodePort}`, `goto ${n.ext}`);
    if (!x.hasExternal) element('no-endpoint-nodeports', `${p.protocol} . ${p.nodePort}`, x.noEndpoint, p.svcPortName);
  }
  return out;
}

/** The internal masquerade rule, the external chain and the firewall chain. */
function chainRules(x: Plan, s: ProxierSettings): string[] {
  const { p, n } = x;
  const out: string[] = [];
  const rule = (c: string, r: string) => out.push(`add rule ${TABLE} ${c} ${r}`);
  if (x.hasInternal) {
    if (s.masqueradeAll) rule(x.internalChain, `ip daddr ${p.clusterIP} ${p.protocol} dport ${p.port} jump mark-for-masquerade`);
    else if (s.clusterCIDR) rule(x.internalChain, `ip daddr ${p.clusterIP} ip saddr != ${s.clusterCIDR} jump mark-for-masquerade`);
  }
  if (x.usesExternal) {
    if (!p.externalPolicyLocal) rule(n.ext, 'jump mark-for-masquerade');
    else {
      if (s.clusterCIDR) rule(n.ext, `ip saddr ${s.clusterCIDR} goto ${n.svc} comment "short-circuit pod traffic"`);
      rule(n.ext, 'fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"');
      rule(n.ext, `fib saddr type local goto ${n.svc} comment "short-circuit local traffic"`);
    }
    if (x.hasExternal) rule(n.ext, `goto ${p.externalPolicyLocal ? n.local : n.svc}`);
  }
  if (x.usesFW) {
    const sources = [...p.loadBalancerSourceRanges];
    if (p.loadBalancerSourceRanges.some((c) => inCidr(s.nodeIP, c))) sources.push(...p.loadBalancerVIPs);
    rule(n.fw, `ip saddr != { ${sources.join(', ')} } drop`);
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
