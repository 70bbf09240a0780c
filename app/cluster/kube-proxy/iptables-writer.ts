/**
 * Collects the chains and rules kube-proxy's iptables proxier writes (its `filterChains`,
 * `filterRules`, `natChains` and `natRules` buffers), and renders them as `iptables-restore` input.
 */
import type { Because } from '../because';
import { nodePortIPs, type ProxierSettings } from './settings';

/** One generated rule: its chain, its words after `-A CHAIN`, and why kube-proxy writes it. */
export interface GeneratedRule {
  readonly chain: string;
  readonly args: string;
  /** The Service (`namespace/name`) the rule exists for; undefined for kube-proxy's own rules. */
  readonly service?: string;
  /** The object and behaviour that produced it (app/cluster/because.ts). */
  readonly why: Because;
}

/** One table of the restore input: chains in declaration order, rules in order. */
export interface GeneratedTable {
  readonly chains: readonly string[];
  readonly rules: readonly GeneratedRule[];
}

/** kube-proxy's filter and nat tables. */
export interface KubeProxyIptables {
  readonly filter: GeneratedTable;
  readonly nat: GeneratedTable;
}

/** The chains kube-proxy always declares, in its order (pkg/proxy/iptables/proxier.go). */
const FILTER_CHAINS = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-FIREWALL'];
const NAT_CHAINS = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'];

/** The buffers one sync writes into. */
export interface Writer {
  /** The Service the rules written now exist for (`namespace/name`), or undefined. */
  service: string | undefined;
  filter(chain: string, args: string, why: Because): void;
  nat(chain: string, args: string, why: Because): void;
  /** Declares a per-service chain (once). */
  chain(table: 'nat', chain: string): void;
  done(): KubeProxyIptables;
}

/** A fresh set of buffers with kube-proxy's top-level chains declared. */
export function writer(): Writer {
  const filter = { chains: [...FILTER_CHAINS], rules: [] as GeneratedRule[] };
  const nat = { chains: [...NAT_CHAINS], rules: [] as GeneratedRule[] };
  const declared = new Set(NAT_CHAINS);
  const w: Writer = {
    service: undefined,
    filter: (chain, args, why) => filter.rules.push({ chain, args, why, ...(w.service ? { service: w.service } : {}) }),
    nat: (chain, args, why) => nat.rules.push({ chain, args, why, ...(w.service ? { service: w.service } : {}) }),
    chain: (_table, chain) => {
      if (declared.has(chain)) return;
      declared.add(chain);
      nat.chains.push(chain);
    },
    done: () => ({ filter, nat }),
  };
  return w;
}

/**
 * The last rules of nat KUBE-SERVICES: NodePorts are matched on every local address
 * (`-m addrtype --dst-type LOCAL`), or on each node address inside `--nodeport-addresses`.
 */
export function nodePortTail(s: ProxierSettings): string[] {
  const comment = '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"';
  const ips = nodePortIPs(s);
  if (!ips) return [`${comment} -m addrtype --dst-type LOCAL${s.localhostNodePorts ? '' : ' ! -d 127.0.0.0/8'} -j KUBE-NODEPORTS`];
  return ips.filter((ip) => s.localhostNodePorts || !ip.startsWith('127.')).map((ip) => `${comment} -d ${ip} -j KUBE-NODEPORTS`);
}

/** `iptables-restore` input: `*filter`, its chains and rules, `COMMIT`, then the same for `*nat`. */
export function restoreText(r: KubeProxyIptables): string {
  const table = (name: string, t: GeneratedTable) => [`*${name}`, ...t.chains.map((c) => `:${c} - [0:0]`), ...t.rules.map((x) => `-A ${x.chain} ${x.args}`), 'COMMIT'];
  return [...table('filter', r.filter), ...table('nat', r.nat)].join('\n') + '\n';
}
