/**
 * One node's kube-proxy state as a scenario carries it: in iptables mode the rules of
 * ./iptables.ts plus the jumps kube-proxy installs from the built-in chains (pkg/proxy/iptables/
 * proxier.go `iptablesJumpChains`, as `iptables-save` shows them on a node); in nftables mode the
 * `ip kube-proxy` table of ./nftables.ts. A `#` line before each Service's rules names it.
 */
import { nftTableKey, provenanceKey, type Because } from '../because';
import type { IptablesLine, IptablesPart } from '../iptables-save';
import { kubeProxyIptables, type GeneratedRule } from './iptables';
import { kubeProxyNftablesLines } from './nftables';
import { TABLE } from './nftables-base';
import { why } from './why';
import type { ServicePort } from './service-ports';
import type { ProxierSettings } from './settings';

const NEW = '-m conntrack --ctstate NEW';
const FILTER_JUMPS = [
  `-A INPUT ${NEW} -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`,
  '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
  `-A INPUT ${NEW} -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`,
  '-A INPUT -j KUBE-FIREWALL',
  `-A FORWARD ${NEW} -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`,
  '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
  `-A FORWARD ${NEW} -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
  `-A FORWARD ${NEW} -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`,
  `-A OUTPUT ${NEW} -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`,
  `-A OUTPUT ${NEW} -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
  '-A OUTPUT -j KUBE-FIREWALL',
];
const NAT_JUMPS = [
  '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
];

/** `-A` lines with a `# Service …` line wherever the Service the rules exist for changes. */
function withProvenance(rules: readonly GeneratedRule[]): IptablesLine[] {
  const out: IptablesLine[] = [];
  let last: string | undefined;
  for (const r of rules) {
    if (r.service !== last && r.service) out.push(`# Service ${r.service}`);
    else if (r.service !== last) out.push('# kube-proxy');
    last = r.service;
    out.push({ text: `-A ${r.chain} ${r.args}`, why: r.why });
  }
  return out;
}

/** kube-proxy's iptables state on a node: its filter and nat parts, built-in chain jumps first. */
export function kubeProxyIptablesParts(ports: readonly ServicePort[], settings: ProxierSettings): IptablesPart[] {
  const r = kubeProxyIptables(ports, settings);
  return [
    { table: 'nat', chains: r.nat.chains, rules: ['# kube-proxy: jumps from the built-in chains', ...NAT_JUMPS, ...withProvenance(r.nat.rules)], why: why.jump() },
    { table: 'filter', chains: r.filter.chains, rules: ['# kube-proxy: jumps from the built-in chains', ...FILTER_JUMPS, ...withProvenance(r.filter.rules)], why: why.jump() },
  ];
}

/**
 * kube-proxy's nftables state on a node, as `nft -f` commands, and why each rule and element
 * exists: rules under provenanceKey(netns, `nft:ip kube-proxy`, chain, number in the chain),
 * elements under provenanceKey(netns, `nft:ip kube-proxy`, `element`, the element as written).
 */
export function kubeProxyNftablesText(ports: readonly ServicePort[], settings: ProxierSettings, netns: string): { text: string; provenance: Record<string, Because> } {
  const lines = kubeProxyNftablesLines(ports, settings);
  const table = nftTableKey(...(TABLE.split(' ') as [string, string]));
  const provenance: Record<string, Because> = {};
  const count = new Map<string, number>();
  for (const l of lines) {
    const rule = /^add rule \S+ \S+ (\S+) /.exec(l.text);
    if (rule) {
      const n = (count.get(rule[1]) ?? 0) + 1;
      count.set(rule[1], n);
      provenance[provenanceKey(netns, table, rule[1], n)] = l.why;
      continue;
    }
    const element = /^add element \S+ \S+ \S+ \{ (.*) \}$/.exec(l.text);
    if (element) provenance[provenanceKey(netns, table, 'element', element[1])] = l.why;
  }
  return { text: lines.map((l) => l.text).join('\n') + '\n', provenance };
}
