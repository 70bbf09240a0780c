/**
 * The iptables rules kube-proxy's iptables proxier writes (pkg/proxy/iptables/proxier.go
 * `syncProxyRules`, the full-sync path), as `iptables-restore --noflush` input: the filter and nat
 * tables with the KUBE-* chains and one block of chains per service port. Checked rule for rule
 * against Kubernetes' own test literals (../shared/peer-suites/kube-proxy-gen, `npm run test:peer`).
 * Service ports are taken in svcPortName order (kube-proxy walks a Go map, so its order varies).
 */
import { inCidr } from '../../engine/addr/ipv4';
import { portRouting, type Endpoint, type PortRouting, type ServicePort } from './service-ports';
import { endpointChain, serviceChains } from './chain-names';
import { nodePortsOnLoopback, type ProxierSettings } from './settings';
import { nodePortTail, type KubeProxyIptables, type Writer, writer } from './iptables-writer';
import { why } from './why';

export type { GeneratedRule, GeneratedTable, KubeProxyIptables } from './iptables-writer';

/** 1/n with 10 decimals as Go's `%0.10f` prints it (exact ties round to even). */
export function probability(n: number): string {
  const scale = 1e10;
  let q = Math.floor(scale / n);
  const twice = 2 * (scale - q * n);
  if (twice > n || (twice === n && q % 2 === 1)) q++;
  const digits = String(q).padStart(11, '0');
  return `${digits.slice(0, -10)}.${digits.slice(-10)}`;
}

/** The rules for `ports` on the node `settings` describes. */
export function kubeProxyIptables(ports: readonly ServicePort[], settings: ProxierSettings): KubeProxyIptables {
  const w = writer();
  const mark = settings.masqueradeMark;
  const masq = why.masquerade(settings);
  w.nat('KUBE-POSTROUTING', `-m mark ! --mark ${mark}/${mark} -j RETURN`, masq);
  w.nat('KUBE-POSTROUTING', `-j MARK --xor-mark ${mark}`, masq);
  w.nat('KUBE-POSTROUTING', `-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${settings.randomFully ? ' --random-fully' : ''}`, masq);
  w.nat('KUBE-MARK-MASQ', `-j MARK --or-mark ${mark}`, masq);
  if (localhostNodePorts(settings))
    w.filter('KUBE-FIREWALL', '-m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP', why.localnet());
  for (const p of ports) servicePortRules(w, p, settings);
  for (const tail of nodePortTail(settings)) w.nat('KUBE-SERVICES', tail, why.nodePorts(settings));
  const fwd = why.forward(settings);
  if (!settings.conntrackTCPLiberal)
    w.filter('KUBE-FORWARD', `-m conntrack --ctstate INVALID${settings.nfacct.ctStateInvalidDropped ? ' -m nfacct --nfacct-name ct_state_invalid_dropped_pkts' : ''} -j DROP`, fwd);
  w.filter('KUBE-FORWARD', `-m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`, fwd);
  w.filter('KUBE-FORWARD', '-m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', fwd);
  return w.done();
}

/** NodePorts answer on 127.0.0.1 (IPv4, `--iptables-localhost-nodeports`, loopback among the NodePort addresses). */
export const localhostNodePorts = (s: ProxierSettings): boolean => s.localhostNodePorts && nodePortsOnLoopback(s);

/** How one service port's traffic is routed (syncProxyRules' per-service variables). */
interface Plan extends PortRouting {
  readonly p: ServicePort;
  readonly chains: ReturnType<typeof serviceChains>;
  readonly internalChain: string;
  readonly externalPolicyChain: string;
  readonly usesFW: boolean;
  /** REJECT or DROP rule comment and target when there are no (local) endpoints. */
  readonly internalFilter: readonly [string, string];
  readonly externalFilter: readonly [string, string];
}

function plan(p: ServicePort): Plan {
  const chains = serviceChains(p.svcPortName, p.protocol);
  const routing = portRouting(p);
  const { ep } = routing;
  const noEndpoints: [string, string] = [`"${p.svcPortName} has no endpoints"`, 'REJECT'];
  const noLocal: [string, string] = [`"${p.svcPortName} has no local endpoints"`, 'DROP'];
  return {
    ...routing,
    p,
    chains,
    internalChain: p.internalPolicyLocal ? chains.svl : chains.svc,
    externalPolicyChain: p.externalPolicyLocal ? chains.svl : chains.svc,
    usesFW: ep.any && p.loadBalancerVIPs.length > 0 && p.loadBalancerSourceRanges.length > 0,
    internalFilter: ep.any ? noLocal : noEndpoints,
    externalFilter: ep.any ? noLocal : noEndpoints,
  };
}

function servicePortRules(w: Writer, p: ServicePort, s: ProxierSettings): void {
  const x = plan(p);
  w.service = `${p.namespace}/${p.name}`;
  captureRules(w, x, s);
  internalRules(w, x, s);
  externalChain(w, x, s);
  firewallChain(w, x, s);
  if (x.usesCluster) policyChain(w, x.chains.svc, p, x.ep.cluster);
  if (x.usesLocal) policyChain(w, x.chains.svl, p, x.ep.local);
  for (const e of x.ep.reachable) endpointRules(w, p, e, x.ep.reachable.length);
  w.service = undefined;
}

/** KUBE-SERVICES, KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES and KUBE-PROXY-FIREWALL rules of one port. */
function captureRules(w: Writer, x: Plan, s: ProxierSettings): void {
  const { p, chains } = x;
  const proto = `-m ${p.protocol} -p ${p.protocol}`;
  const to = (ip: string) => `${proto} -d ${ip} --dport ${p.port}`;
  if (x.hasInternal) w.nat('KUBE-SERVICES', `-m comment --comment "${p.svcPortName} cluster IP" ${to(p.clusterIP)} -j ${x.internalChain}`, why.clusterIP(p, s));
  else w.filter('KUBE-SERVICES', `-m comment --comment ${x.internalFilter[0]} ${to(p.clusterIP)} -j ${x.internalFilter[1]}`, why.noEndpoints(p, s, x.ep.any, 'internalTrafficPolicy'));
  const externalFilter = (match: string) =>
    w.filter('KUBE-EXTERNAL-SERVICES', `-m comment --comment ${x.externalFilter[0]} ${match} -j ${x.externalFilter[1]}`, why.noEndpoints(p, s, x.ep.any, 'externalTrafficPolicy'));
  for (const ip of p.externalIPs) {
    if (x.ep.any) w.nat('KUBE-SERVICES', `-m comment --comment "${p.svcPortName} external IP" ${to(ip)} -j ${chains.ext}`, why.externalIP(p, ip));
    if (!x.hasExternal) externalFilter(to(ip));
  }
  for (const ip of p.loadBalancerVIPs) {
    if (x.ep.any) w.nat('KUBE-SERVICES', `-m comment --comment "${p.svcPortName} loadbalancer IP" ${to(ip)} -j ${x.usesFW ? chains.fw : chains.ext}`, why.loadBalancerIP(p, ip));
    if (x.usesFW) w.filter('KUBE-PROXY-FIREWALL', `-m comment --comment "${p.svcPortName} traffic not accepted by ${chains.fw}" ${to(ip)} -j DROP`, why.sourceRanges(p));
  }
  if (!x.hasExternal) for (const ip of p.loadBalancerVIPs) externalFilter(to(ip));
  if (p.nodePort !== 0) {
    if (x.ep.any) {
      if (localhostNodePorts(s))
        w.nat(
          'KUBE-NODEPORTS',
          `-m comment --comment ${p.svcPortName} ${proto} -d 127.0.0.0/8 --dport ${p.nodePort}${s.nfacct.localhostNodePortsAccepted ? ' -m nfacct --nfacct-name localhost_nps_accepted_pkts' : ''} -j ${chains.ext}`,
          why.nodePortLocalhost(p),
        );
      w.nat('KUBE-NODEPORTS', `-m comment --comment ${p.svcPortName} ${proto} --dport ${p.nodePort} -j ${chains.ext}`, why.nodePort(p));
    }
    if (!x.hasExternal) externalFilter(`-m addrtype --dst-type LOCAL ${proto} --dport ${p.nodePort}`);
  }
  if (p.healthCheckNodePort !== 0)
    w.filter('KUBE-NODEPORTS', `-m comment --comment "${p.svcPortName} health check node port" -m tcp -p tcp --dport ${p.healthCheckNodePort} -j ACCEPT`, why.healthCheck(p));
}

/** The first rule of the internal policy chain: masquerade off-cluster traffic to the ClusterIP. */
function internalRules(w: Writer, x: Plan, s: ProxierSettings): void {
  const { p } = x;
  if (!x.hasInternal) return;
  const args = `-m comment --comment "${p.svcPortName} cluster IP" -m ${p.protocol} -p ${p.protocol} -d ${p.clusterIP} --dport ${p.port}`;
  if (s.masqueradeAll) w.nat(x.internalChain, `${args} -j KUBE-MARK-MASQ`, why.internalMasquerade(p, s));
  else if (s.clusterCIDR) w.nat(x.internalChain, `${args} ! -s ${s.clusterCIDR} -j KUBE-MARK-MASQ`, why.internalMasquerade(p, s));
}

/** KUBE-EXT-…: masquerade (Cluster policy) or short-circuit local traffic (Local policy). */
function externalChain(w: Writer, x: Plan, s: ProxierSettings): void {
  const { p, chains } = x;
  if (!x.usesExternal) return;
  w.chain('nat', chains.ext);
  const name = p.svcPortName;
  const because = why.external(p, s);
  if (!p.externalPolicyLocal) w.nat(chains.ext, `-m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`, because);
  else {
    if (s.clusterCIDR) w.nat(chains.ext, `-m comment --comment "pod traffic for ${name} external destinations" -s ${s.clusterCIDR} -j ${chains.svc}`, because);
    w.nat(chains.ext, `-m comment --comment "masquerade LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`, because);
    w.nat(chains.ext, `-m comment --comment "route LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j ${chains.svc}`, because);
  }
  if (x.hasExternal) w.nat(chains.ext, `-j ${x.externalPolicyChain}`, because);
}

/** KUBE-FW-…: loadBalancerSourceRanges. */
function firewallChain(w: Writer, x: Plan, s: ProxierSettings): void {
  const { p, chains } = x;
  if (!x.usesFW) return;
  w.chain('nat', chains.fw);
  const head = `-m comment --comment "${p.svcPortName} loadbalancer IP"`;
  let allowFromNode = false;
  const because = why.sourceRanges(p);
  for (const cidr of p.loadBalancerSourceRanges) {
    w.nat(chains.fw, `${head} -s ${cidr} -j ${chains.ext}`, because);
    if (inCidr(s.nodeIP, cidr)) allowFromNode = true;
  }
  if (allowFromNode) for (const ip of p.loadBalancerVIPs) w.nat(chains.fw, `${head} -s ${ip} -j ${chains.ext}`, because);
  w.nat(chains.fw, `-m comment --comment "other traffic to ${p.svcPortName} will be dropped by KUBE-PROXY-FIREWALL"`, because);
}

/** KUBE-SVC-… / KUBE-SVL-…: affinity checks, then one probability rule per endpoint. */
function policyChain(w: Writer, chain: string, p: ServicePort, endpoints: readonly Endpoint[]): void {
  w.chain('nat', chain);
  const sep = (e: Endpoint) => endpointChain(p.svcPortName, p.protocol, e.text);
  if (p.affinitySeconds !== undefined)
    for (const e of endpoints)
      w.nat(chain, `-m comment --comment "${p.svcPortName} -> ${e.text}" -m recent --name ${sep(e)} --rcheck --seconds ${p.affinitySeconds} --reap -j ${sep(e)}`, why.affinity(p, e));
  endpoints.forEach((e, i) => {
    const random = i < endpoints.length - 1 ? ` -m statistic --mode random --probability ${probability(endpoints.length - i)}` : '';
    w.nat(chain, `-m comment --comment "${p.svcPortName} -> ${e.text}"${random} -j ${sep(e)}`, why.endpoint(p, e, endpoints.length));
  });
}

/** KUBE-SEP-…: hairpin masquerade, then DNAT to the endpoint (recording affinity). */
function endpointRules(w: Writer, p: ServicePort, e: Endpoint, count: number): void {
  const chain = endpointChain(p.svcPortName, p.protocol, e.text);
  w.chain('nat', chain);
  const head = `-m comment --comment ${p.svcPortName}`;
  w.nat(chain, `${head} -s ${e.ip} -j KUBE-MARK-MASQ`, why.hairpin(p, e));
  const recent = p.affinitySeconds !== undefined ? ` -m recent --name ${chain} --set` : '';
  w.nat(chain, `${head}${recent} -m ${p.protocol} -p ${p.protocol} -j DNAT --to-destination ${e.text}`, why.endpoint(p, e, count));
}
