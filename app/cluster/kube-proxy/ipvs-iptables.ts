/**
 * The iptables rules kube-proxy's IPVS proxier writes (pkg/proxy/ipvs/proxier.go, v1.31–v1.33):
 * its chains (`iptablesChains`), the jumps from the built-in chains (`iptablesJumpChain`, each
 * prepended, so the last listed comes first), and `writeIptablesRules`: one rule per non-empty
 * ipset of `ipsetWithIptablesChain`, the cluster-IP masquerade rule, external-IP rules, the
 * NodePort dispatch, KUBE-LOAD-BALANCER, the source-range drop, the rules that keep node processes
 * off load-balancer IPs whose source ranges leave the node out, the ACCEPT of IPVS traffic,
 * KUBE-FORWARD, the health-check ACCEPT, KUBE-IPVS-FILTER and KUBE-POSTROUTING / KUBE-MARK-MASQ,
 * in that order, as iptables-restore input.
 */
import type { IptablesLine, IptablesPart } from '../iptables-save';
import type { BecauseKey } from '../because';
import { IPVS_SETS, type IpvsSetName, type IpvsState } from './ipvs';
import type { ProxierSettings } from './settings';
import { why } from './why';

const NAT_CHAINS = ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ'];
const FILTER_CHAINS = ['KUBE-FORWARD', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'KUBE-IPVS-FILTER', 'KUBE-IPVS-OUT-FILTER'];

/** The jumps after kube-proxy prepended each of `iptablesJumpChain` in turn. */
const NAT_JUMPS = [
  '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
];
const FILTER_JUMPS = [
  '-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
  '-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
  '-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT',
  '-A FORWARD -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
  '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
  '-A OUTPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-OUT-FILTER',
];

/** `ipsetWithIptablesChain`: set, table, from chain, target, match directions, protocol, why. */
const SET_RULES: readonly (readonly [IpvsSetName, 'nat' | 'filter', string, string, string, string, BecauseKey])[] = [
  ['KUBE-LOOP-BACK', 'nat', 'KUBE-POSTROUTING', 'MASQUERADE', 'dst,dst,src', '', 'ipvsLoopback'],
  ['KUBE-LOAD-BALANCER', 'nat', 'KUBE-SERVICES', 'KUBE-LOAD-BALANCER', 'dst,dst', '', 'ipvsLoadBalancer'],
  ['KUBE-LOAD-BALANCER-LOCAL', 'nat', 'KUBE-LOAD-BALANCER', 'RETURN', 'dst,dst', '', 'ipvsLoadBalancerLocal'],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst', 'tcp', 'ipvsNodePortLocal'],
  ['KUBE-NODE-PORT-TCP', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst', 'tcp', 'ipvsNodePortMasquerade'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst', 'udp', 'ipvsNodePortLocal'],
  ['KUBE-NODE-PORT-UDP', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst', 'udp', 'ipvsNodePortMasquerade'],
  ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst,dst', 'sctp', 'ipvsNodePortLocal'],
  ['KUBE-NODE-PORT-SCTP-HASH', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst,dst', 'sctp', 'ipvsNodePortMasquerade'],
  ['KUBE-LOAD-BALANCER-FW', 'filter', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'dst,dst', '', 'ipvsSourceRanges'],
  ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'filter', 'KUBE-SOURCE-RANGES-FIREWALL', 'RETURN', 'dst,dst,src', '', 'ipvsSourceRangesAllowed'],
  ['KUBE-LOAD-BALANCER-SOURCE-IP', 'filter', 'KUBE-SOURCE-RANGES-FIREWALL', 'RETURN', 'dst,dst,src', '', 'ipvsSourceRangesAllowed'],
];

const comment = (set: IpvsSetName) => `-m comment --comment "${IPVS_SETS.find(([n]) => n === set)![2]}"`;

/** The filter and nat parts of IPVS mode for `state` on the node `s` describes. */
export function kubeProxyIpvsIptablesParts(state: IpvsState, s: ProxierSettings): IptablesPart[] {
  const nat: IptablesLine[] = ['# kube-proxy (IPVS mode): jumps from the built-in chains', ...NAT_JUMPS, '# kube-proxy (IPVS mode)'];
  const filter: IptablesLine[] = ['# kube-proxy (IPVS mode): jumps from the built-in chains', ...FILTER_JUMPS, '# kube-proxy (IPVS mode)'];
  const empty = (set: IpvsSetName) => (state.sets.get(set) ?? []).length === 0;
  const natRule = (key: BecauseKey, text: string, set = '') => nat.push({ text, why: why.ipvsSet(key, set, s) });
  const filterRule = (key: BecauseKey, text: string, set = '') => filter.push({ text, why: why.ipvsSet(key, set, s) });
  natRule('ipvsLocalhost', '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN');
  for (const [set, table, from, to, dirs, proto, key] of SET_RULES) {
    if (empty(set)) continue;
    const text = `-A ${from}${proto ? ` -p ${proto}` : ''} ${comment(set)} -m set --match-set ${set} ${dirs} -j ${to}`;
    if (table === 'nat') natRule(key, text, set);
    else filterRule(key, text, set);
  }
  if (!empty('KUBE-CLUSTER-IP')) {
    const head = `-A KUBE-SERVICES ${comment('KUBE-CLUSTER-IP')} -m set --match-set KUBE-CLUSTER-IP`;
    if (s.masqueradeAll) natRule('ipvsMasqueradeAll', `${head} dst,dst -j KUBE-MARK-MASQ`, 'KUBE-CLUSTER-IP');
    else if (s.clusterCIDR) natRule('ipvsClusterIPMasquerade', `${head} dst,dst ! -s ${s.clusterCIDR} -j KUBE-MARK-MASQ`, 'KUBE-CLUSTER-IP');
    else natRule('ipvsClusterIPNoDetector', `${head} src,dst -j KUBE-MARK-MASQ`, 'KUBE-CLUSTER-IP');
  }
  const externalRules = (set: IpvsSetName) => {
    const head = `-A KUBE-SERVICES ${comment(set)} -m set --match-set ${set} dst,dst`;
    natRule('ipvsExternalIPAccept', `${head} -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT`, set);
    natRule('ipvsExternalIPAccept', `${head} -m addrtype --dst-type LOCAL -j ACCEPT`, set);
  };
  if (!empty('KUBE-EXTERNAL-IP')) {
    natRule('ipvsExternalIP', `-A KUBE-SERVICES ${comment('KUBE-EXTERNAL-IP')} -m set --match-set KUBE-EXTERNAL-IP dst,dst -j KUBE-MARK-MASQ`, 'KUBE-EXTERNAL-IP');
    externalRules('KUBE-EXTERNAL-IP');
  }
  if (!empty('KUBE-EXTERNAL-IP-LOCAL')) externalRules('KUBE-EXTERNAL-IP-LOCAL');
  natRule('ipvsNodePorts', '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT');
  natRule('ipvsLoadBalancer', '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ', 'KUBE-LOAD-BALANCER');
  filterRule('ipvsSourceRangesDrop', '-A KUBE-SOURCE-RANGES-FIREWALL -j DROP');
  for (const e of state.noNodeAccess) filterRule('ipvsNoNodeAccess', `-A KUBE-IPVS-OUT-FILTER -s ${e.ip} -m ipvs --vaddr ${e.ip} --vproto ${e.protocol} --vport ${e.port} -j DROP`);
  for (const set of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER'] as const) if (!empty(set)) natRule('ipvsAccept', `-A KUBE-SERVICES -m set --match-set ${set} dst,dst -j ACCEPT`, set);
  const mark = s.masqueradeMark;
  filterRule('kubeProxyForward', `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`);
  filterRule('kubeProxyForward', '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  filterRule('ipvsHealthCheck', `-A KUBE-NODE-PORT ${comment('KUBE-HEALTH-CHECK-NODE-PORT')} -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT`, 'KUBE-HEALTH-CHECK-NODE-PORT');
  for (const set of ['KUBE-LOAD-BALANCER', 'KUBE-CLUSTER-IP', 'KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL'] as const)
    filterRule('ipvsFilter', `-A KUBE-IPVS-FILTER -m set --match-set ${set} dst,dst -j RETURN`, set);
  filterRule('ipvsFilter', '-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN', 'KUBE-HEALTH-CHECK-NODE-PORT');
  filterRule('ipvsFilter', '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT', 'KUBE-IPVS-IPS');
  natRule('kubeProxyMasquerade', `-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN`);
  natRule('kubeProxyMasquerade', `-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}`);
  natRule('kubeProxyMasquerade', `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${s.randomFully ? ' --random-fully' : ''}`);
  natRule('kubeProxyMasquerade', `-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}`);
  return [
    { table: 'nat', chains: NAT_CHAINS, rules: nat, why: why.jump() },
    { table: 'filter', chains: FILTER_CHAINS, rules: filter, why: why.jump() },
  ];
}
