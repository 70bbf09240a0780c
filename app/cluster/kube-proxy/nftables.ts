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
import type { Because } from '../because';
import { why } from './why';

/** One `nft -f` line and why kube-proxy writes it. */
export interface NftLine {
  readonly text: string;
  readonly why: Because;
}

/** The nftables chain names of one service port. */
function names(p: ServicePort) {
  const base = nftServiceBase(p.namespace, p.name, p.protocol, p.portName);
  const ep = (e: Endpoint) => nftEndpointBase(p.namespace, p.name, p.protocol, p.portName, e.ip, e.port);
  return {
    svc: `service-${base}`,
    local: `local-${base}`,
    ext: `external-${base}`,
    fw: `firewall-${base}`,
    endpoint: (e: Endpoint) => `endpoint-${ep(e)}`,
    affinity: (e: Endpoint) => `affinity-${ep(e)}`,
  };
}

/** The `nft -f` lines for `ports` on the node `settings` describes, in kube-proxy's order. */
export function kubeProxyNftables(ports: readonly ServicePort[], settings: ProxierSettings): string[] {
  return kubeProxyNftablesLines(ports, settings).map((l) => l.text);
}

/** kubeProxyNftables with each line's Because (the base lines: kube-proxy's masquerading, NodePorts, or its table). */
export function kubeProxyNftablesLines(ports: readonly ServicePort[], settings: ProxierSettings): NftLine[] {
  const out: NftLine[] = baseLines(settings).map((text) => ({
    text,
    why: /masquerad/.test(text) ? why.masquerade(settings) : /nodeport/.test(text) ? why.nodePorts(settings) : why.base(),
  }));
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

function servicePortLines(p: ServicePort, s: ProxierSettings): NftLine[] {
  const x = plan(p);
  const { n, ep } = x;
  const out: NftLine[] = [];
  const cluster = why.clusterIP(p, s);
  if (p.affinitySeconds !== undefined)
    for (const e of ep.reachable) out.push({ text: `add set ${TABLE} ${n.affinity(e)} { type ipv4_addr ; flags dynamic,timeout ; timeout ${p.affinitySeconds}s ; }`, why: why.affinity(p, e) });
  const chains = [x.usesCluster && n.svc, x.usesLocal && n.local, x.usesExternal && n.ext, x.usesFW && n.fw, ...ep.reachable.map(n.endpoint)];
  for (const c of chains) if (c) out.push({ text: `add chain ${TABLE} ${c}`, why: cluster });
  out.push(...elements(x, s));
  out.push(...chainRules(x, s));
  if (x.usesCluster) out.push(...policyRules(p, n, n.svc, ep.cluster));
  if (x.usesLocal) out.push(...policyRules(p, n, n.local, ep.local));
  for (const e of ep.reachable) {
    const rule = (r: string, because: Because) => out.push({ text: `add rule ${TABLE} ${n.endpoint(e)} ${r}`, why: because });
    rule(`ip saddr ${e.ip} jump mark-for-masquerade`, why.hairpin(p, e));
    if (p.affinitySeconds !== undefined) rule(`update @${n.affinity(e)} { ip saddr }`, why.affinity(p, e));
    rule(`meta l4proto ${p.protocol} dnat to ${e.text}`, why.endpoint(p, e, ep.reachable.length));
  }
  return out;
}

/** The port's elements of cluster-ips, service-ips, service-nodeports, firewall-ips and the no-endpoint maps. */
function elements(x: Plan, s: ProxierSettings): NftLine[] {
  const { p, n } = x;
  const out: NftLine[] = [];
  const element = (because: Because, map: string, key: string, value?: string, comment?: string) =>
    out.push({ text: `add element ${TABLE} ${map} { ${key}${comment ? ` comment "${comment}"` : ''}${value ? ` : ${value}` : ''} }`, why: because });
  const key = (ip: string) => `${ip} . ${p.protocol} . ${p.port}`;
  const internalNone = why.noEndpoints(p, s, x.ep.any, 'internalTrafficPolicy');
  const externalNone = why.noEndpoints(p, s, x.ep.any, 'externalTrafficPolicy');
  element(why.clusterIP(p, s), 'cluster-ips', p.clusterIP);
  if (x.hasInternal) element(why.clusterIP(p, s), 'service-ips', key(p.clusterIP), `goto ${x.internalChain}`);
  else element(internalNone, 'no-endpoint-services', key(p.clusterIP), x.noEndpoint, p.svcPortName);
  for (const ip of p.externalIPs) {
    if (x.ep.any) element(why.externalIP(p, ip), 'service-ips', key(ip), `goto ${n.ext}`);
    if (!x.hasExternal) element(externalNone, 'no-endpoint-services', key(ip), x.noEndpoint, p.svcPortName);
  }
  for (const ip of p.loadBalancerVIPs) {
    if (x.ep.any) element(why.loadBalancerIP(p, ip), 'service-ips', key(ip), `goto ${n.ext}`);
    if (x.usesFW) element(why.sourceRanges(p), 'firewall-ips', key(ip), `goto ${n.fw}`);
  }
  if (!x.hasExternal) for (const ip of p.loadBalancerVIPs) element(externalNone, 'no-endpoint-services', key(ip), x.noEndpoint, p.svcPortName);
  if (p.nodePort !== 0) {
    if (x.ep.any) element(why.nodePort(p), 'service-nodeports', `${p.protocol} . ${p.nodePort}`, `goto ${n.ext}`);
    if (!x.hasExternal) element(externalNone, 'no-endpoint-nodeports', `${p.protocol} . ${p.nodePort}`, x.noEndpoint, p.svcPortName);
  }
  return out;
}

/** The internal masquerade rule, the external chain and the firewall chain. */
function chainRules(x: Plan, s: ProxierSettings): NftLine[] {
  const { p, n } = x;
  const out: NftLine[] = [];
  const rule = (because: Because, c: string, r: string) => out.push({ text: `add rule ${TABLE} ${c} ${r}`, why: because });
  if (x.hasInternal) {
    const masq = why.internalMasquerade(p, s);
    if (s.masqueradeAll) rule(masq, x.internalChain, `ip daddr ${p.clusterIP} ${p.protocol} dport ${p.port} jump mark-for-masquerade`);
    else if (s.clusterCIDR) rule(masq, x.internalChain, `ip daddr ${p.clusterIP} ip saddr != ${s.clusterCIDR} jump mark-for-masquerade`);
  }
  if (x.usesExternal) {
    const ext = why.external(p, s);
    if (!p.externalPolicyLocal) rule(ext, n.ext, 'jump mark-for-masquerade');
    else {
      if (s.clusterCIDR) rule(ext, n.ext, `ip saddr ${s.clusterCIDR} goto ${n.svc} comment "short-circuit pod traffic"`);
      rule(ext, n.ext, 'fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"');
      rule(ext, n.ext, `fib saddr type local goto ${n.svc} comment "short-circuit local traffic"`);
    }
    if (x.hasExternal) rule(ext, n.ext, `goto ${p.externalPolicyLocal ? n.local : n.svc}`);
  }
  if (x.usesFW) {
    const sources = [...p.loadBalancerSourceRanges];
    if (p.loadBalancerSourceRanges.some((c) => inCidr(s.nodeIP, c))) sources.push(...p.loadBalancerVIPs);
    rule(why.sourceRanges(p), n.fw, `ip saddr != { ${sources.join(', ')} } drop`);
  }
  return out;
}

/** A policy chain's rules: affinity lookups, then one `numgen` vmap over the endpoints. */
function policyRules(p: ServicePort, n: ReturnType<typeof names>, chain: string, endpoints: readonly Endpoint[]): NftLine[] {
  const out: NftLine[] = [];
  if (p.affinitySeconds !== undefined) for (const e of endpoints) out.push({ text: `add rule ${TABLE} ${chain} ip saddr @${n.affinity(e)} goto ${n.endpoint(e)}`, why: why.affinity(p, e) });
  const vmap = endpoints.map((e, i) => `${i} : goto ${n.endpoint(e)}`).join(' , ');
  out.push({ text: `add rule ${TABLE} ${chain} numgen random mod ${endpoints.length} vmap { ${vmap} }`, why: why.endpoints(p, endpoints.length) });
  return out;
}
