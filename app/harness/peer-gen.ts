/**
 * kube-proxy's own rule-generation cases (../shared/peer-suites/kube-proxy-gen, transcribed from
 * kubernetes `pkg/proxy/iptables/proxier_test.go` and `pkg/proxy/nftables/proxier_test.go`): each
 * case gives Services, EndpointSlices and the proxier's settings, and the exact ruleset
 * kube-proxy's test expects. This runs PacketWalk's generator (app/cluster/kube-proxy) on the same
 * objects and compares as the upstream tests do: iptables output through `sortIPTablesRules`, nft
 * transactions both through `sortNFTablesTransaction`, then byte for byte (the suite's README,
 * "How the tests compare"). Cases that depend on an
 * earlier sync (`dependsOnHistory`) are not pure functions of their objects and are skipped.
 */
import { kubeProxyIptables } from '../cluster/kube-proxy/iptables';
import { kubeProxyNftables } from '../cluster/kube-proxy/nftables';
import { restoreText } from '../cluster/kube-proxy/iptables-writer';
import { endpointSliceSchema, serviceSchema } from '../cluster/kube-proxy/objects';
import { servicePorts } from '../cluster/kube-proxy/service-ports';
import type { ProxierSettings } from '../cluster/kube-proxy/settings';

/** One case file of the suite (its README "Shape"), the fields read here. */
export interface GenCase {
  readonly mode: 'iptables' | 'nftables';
  readonly case?: string;
  readonly proxier: {
    readonly nodeName: string;
    readonly nodeIP: string;
    readonly localDetector?: { readonly mode: string; readonly clusterCIDR?: string };
    readonly masqueradeAll: boolean;
    readonly masqueradeMark: string;
    readonly nodePortAddresses: readonly string[] | null;
    readonly localhostNodePorts?: boolean;
    readonly nfAcctCounters?: Readonly<Record<string, boolean>>;
    readonly conntrackTCPLiberal?: boolean;
    readonly iptablesHasRandomFully?: boolean;
    readonly interfaceAddresses?: Readonly<Record<string, readonly string[]>>;
    readonly serviceCIDRs?: string;
  };
  readonly objects: { readonly services: unknown[]; readonly endpointSlices: unknown[] };
  readonly expected: string;
  readonly dependsOnHistory?: boolean;
}

/** The outcome of one case: passed, failed (with the first differing line), or skipped (why). */
export type GenResult = { readonly ok: true } | { readonly ok: false; readonly detail: string } | { readonly skipped: string };

/** The proxier settings a case's test used. */
export function caseSettings(c: GenCase): ProxierSettings {
  const p = c.proxier;
  return {
    nodeName: p.nodeName,
    nodeIP: p.nodeIP,
    ...(p.localDetector?.mode === 'ClusterCIDR' && p.localDetector.clusterCIDR ? { clusterCIDR: p.localDetector.clusterCIDR } : {}),
    masqueradeAll: p.masqueradeAll,
    masqueradeMark: p.masqueradeMark,
    ...(p.nodePortAddresses ? { nodePortAddresses: p.nodePortAddresses } : {}),
    ...(p.interfaceAddresses ? { interfaceAddresses: p.interfaceAddresses } : {}),
    localhostNodePorts: p.localhostNodePorts ?? true,
    nfacct: { ctStateInvalidDropped: !!p.nfAcctCounters?.ct_state_invalid_dropped_pkts, localhostNodePortsAccepted: !!p.nfAcctCounters?.localhost_nps_accepted_pkts },
    conntrackTCPLiberal: p.conntrackTCPLiberal ?? false,
    randomFully: p.iptablesHasRandomFully ?? false,
    ...(p.serviceCIDRs ? { serviceCIDRs: p.serviceCIDRs.split(',').map((c) => c.trim()) } : {}),
  };
}

/** The chain order of upstream's `sortIPTablesRules`: KUBE-NODEPORTS, KUBE-SERVICES, other KUBE-*, the rest. */
function chainRank(name: string): [number, string] {
  if (name === 'KUBE-NODEPORTS') return [0, ''];
  if (name === 'KUBE-SERVICES') return [1, ''];
  return [name.startsWith('KUBE-') ? 2 : 3, name];
}

/** The service a KUBE-SERVICES/KUBE-NODEPORTS rule is for: its comment up to the first space or colon. */
function serviceOf(rule: string): string {
  const m = /--comment ("[^"]*"|\S+)/.exec(rule);
  return m ? m[1].replace(/"/g, '').split(/[ :]/)[0] : '';
}

/** Upstream's `sortIPTablesRules` (pkg/proxy/iptables/proxier_test.go), as the suite's README describes it. */
export function sortIptablesRules(text: string): string {
  const tables: { name: string; decls: Map<string, string>; rules: Map<string, string[]>; deletes: string[] }[] = [];
  let t: (typeof tables)[number] | undefined;
  for (const line of text.trim().split('\n')) {
    if (line.startsWith('*')) tables.push((t = { name: line.slice(1), decls: new Map(), rules: new Map(), deletes: [] }));
    else if (!t || line === 'COMMIT') continue;
    else if (line.startsWith(':')) t.decls.set(line.slice(1).split(' ')[0], line);
    else if (line.startsWith('-X ')) t.deletes.push(line);
    else if (line.startsWith('-A ')) {
      const chain = line.split(' ')[1];
      t.rules.set(chain, [...(t.rules.get(chain) ?? []), line]);
    }
  }
  const cmp = (a: string, b: string) => {
    const [ra, na] = chainRank(a);
    const [rb, nb] = chainRank(b);
    return ra - rb || (na < nb ? -1 : na > nb ? 1 : 0);
  };
  const out: string[] = [];
  for (const tb of tables.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    out.push(`*${tb.name}`);
    out.push(...[...tb.decls.keys()].sort(cmp).map((c) => tb.decls.get(c)!));
    for (const chain of [...tb.rules.keys()].sort(cmp)) {
      let rules = tb.rules.get(chain)!;
      if (chain === 'KUBE-NODEPORTS' || chain === 'KUBE-SERVICES') {
        const last = rules.filter((r) => r.includes('must be the last rule'));
        rules = [...rules.filter((r) => !last.includes(r)).sort((a, b) => (serviceOf(a) < serviceOf(b) ? -1 : serviceOf(a) > serviceOf(b) ? 1 : 0)), ...last];
      }
      out.push(...rules);
    }
    out.push(...tb.deletes, 'COMMIT');
  }
  return out.join('\n') + '\n';
}

/** The first line where `got` and `expected` differ, with both lines. */
function firstDifference(got: string, expected: string): string {
  const g = got.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(g.length, e.length); i++) if (g[i] !== e[i]) return `line ${i + 1}:\n  expected ${JSON.stringify(e[i] ?? '(end)')}\n  got      ${JSON.stringify(g[i] ?? '(end)')}`;
  return 'texts differ';
}

/** Object types in the order upstream's `sortNFTablesTransaction` puts them. */
const NFT_ORDER: Readonly<Record<string, number>> = { table: 1, chain: 2, rule: 3, set: 4, map: 5, element: 6 };

/**
 * Upstream's `sortNFTablesTransaction` (pkg/proxy/nftables/helpers_test.go): blank and `#` lines
 * dropped, lines stably sorted by object type, then object name; rules of one chain keep their order,
 * other lines of one type and name are sorted as text.
 */
export function sortNftablesTransaction(text: string): string {
  const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const rank = (w: string[]) => NFT_ORDER[w[1]] ?? 7;
  const words = new Map(lines.map((l) => [l, l.split(' ')]));
  return lines
    .map((l, i) => [l, i] as const)
    .sort(([a, ia], [b, ib]) => {
      const wa = words.get(a)!;
      const wb = words.get(b)!;
      if (wa[1] !== wb[1]) return rank(wa) - rank(wb);
      const na = wa[4] ?? '';
      const nb = wb[4] ?? '';
      if (na !== nb) return na < nb ? -1 : 1;
      if (wa[1] === 'rule') return ia - ib;
      return a < b ? -1 : a > b ? 1 : ia - ib;
    })
    .map(([l]) => l)
    .join('\n');
}

/** Runs one case. */
export function runGenCase(c: GenCase): GenResult {
  if (c.dependsOnHistory) return { skipped: 'depends on an earlier sync (not a pure function of its objects)' };
  const services = c.objects.services.map((s) => serviceSchema.parse(s));
  const slices = c.objects.endpointSlices.map((s) => endpointSliceSchema.parse(s));
  const settings = caseSettings(c);
  const { ports } = servicePorts(services, slices, settings.nodeName);
  let got: string;
  let expected: string;
  if (c.mode === 'iptables') {
    got = sortIptablesRules(restoreText(kubeProxyIptables(ports, settings)));
    expected = c.expected.replace(/^[\s]+/, '');
  } else {
    got = sortNftablesTransaction(kubeProxyNftables(ports, settings).join('\n'));
    expected = sortNftablesTransaction(c.expected);
  }
  return got === expected ? { ok: true } : { ok: false, detail: firstDifference(got, expected) };
}
