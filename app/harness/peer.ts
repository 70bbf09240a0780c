/**
 * kube-proxy's own packet-flow cases (../shared/peer-suites/kube-proxy, transcribed from
 * kubernetes `pkg/proxy/iptables/proxier_test.go`): each case is an iptables-save dump written by
 * kube-proxy plus probe packets with the endpoint(s) kube-proxy's tests expect and whether the
 * packet is masqueraded. This module builds a real node around each dump (the node netns with the
 * dump and the jumps kube-proxy installs outside it, a pod behind a cali veth, an external client
 * on the LAN), runs the full engine, and maps the engine's Trace onto the suite's simplified
 * expectations: every random alternative in order (each re-traced with its choice pinned), the
 * terminal verdicts of kube-proxy's filter chains, and masquerade read from the 0x4000 mark.
 * The engine is never simplified to fit.
 */
import { stringify } from 'yaml';
import { simulate } from '../engine';
import type { Trace } from '../engine/trace';
import { flowInput, formatError, loadScenario, type LoadedScenario } from '../scenario';

/** One flow of a peer case. */
export interface PeerFlow {
  readonly name: string;
  readonly sourceIP: string;
  readonly destIP: string;
  readonly destPort: number;
  readonly protocol: string;
  readonly expected: { readonly output: string; readonly masq: boolean };
  readonly note?: string;
}

/** One peer case file. */
export interface PeerCase {
  readonly case?: string;
  readonly node: { readonly nodeIPs: string[]; readonly localAddresses: string[]; readonly podCIDR: string };
  readonly iptablesSave: string;
  readonly flows: readonly PeerFlow[];
}

/** The result of one flow. */
export interface PeerResult {
  readonly flow: string;
  readonly ok: boolean;
  readonly expected: { output: string; masq: boolean };
  readonly got: { output: string; masq: boolean };
  readonly detail?: string;
}

const NODE = 'node';
/** The filter chains whose terminal verdicts the suite's tracer reports (its README §4). */
const REPORTED_FILTER_CHAINS = new Set(['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']);

/**
 * Adds the jumps kube-proxy installs outside its restore data (proxier.go `iptablesJumpChains`;
 * linux-packet-path.md §9.1) for every kube-proxy chain the dump defines, unless the dump already
 * declares the built-in chain itself.
 */
export function withKubeProxyJumps(dump: string): string {
  const jumps: Record<string, Record<string, string[]>> = {
    nat: {
      PREROUTING: ['-m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
      OUTPUT: ['-m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
      POSTROUTING: ['-m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'],
    },
    filter: {
      INPUT: [
        '-m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
        '-m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
        '-m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      ],
      FORWARD: [
        '-m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
        '-m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
        '-m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      ],
      OUTPUT: [
        '-m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
        '-m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      ],
    },
  };
  const out: string[] = [];
  let table = '';
  let declared = new Set<string>();
  let body: string[] = [];
  for (const line of dump.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      declared = new Set();
      body = [];
      out.push(line);
      continue;
    }
    if (line.startsWith(':')) declared.add(line.slice(1).split(/\s+/)[0]);
    if (line.trim() === 'COMMIT') {
      const decls: string[] = [];
      const rules: string[] = [];
      for (const [chain, list] of Object.entries(jumps[table] ?? {})) {
        if (declared.has(chain)) continue;
        const usable = list.filter((r) => declared.has(r.split('-j ')[1]));
        if (!usable.length) continue;
        decls.push(`:${chain} ACCEPT [0:0]`);
        for (const r of usable) rules.push(`-A ${chain} ${r}`);
      }
      // iptables-save order: chain declarations first, then rules.
      const firstRule = body.findIndex((l) => l.startsWith('-A'));
      const head = firstRule < 0 ? body : body.slice(0, firstRule);
      const tail = firstRule < 0 ? [] : body.slice(firstRule);
      out.push(...head, ...decls, ...rules, ...tail, line);
      body = [];
      continue;
    }
    if (table) body.push(line);
    else out.push(line);
  }
  return out.join('\n');
}

function isPodSource(ip: string, c: PeerCase): boolean {
  const [net] = c.node.podCIDR.split('/');
  return ip.split('.')[0] === net.split('.')[0];
}

/** Builds the scenario for one flow: node + the flow's source. */
export function peerScenario(c: PeerCase, flow: PeerFlow): string {
  const nodeIP = c.node.nodeIPs[0];
  const src = flow.sourceIP;
  const fromNode = c.node.localAddresses.includes(src);
  const pod = !fromNode && isPodSource(src, c);
  const hosts: unknown[] = [];
  const nodeIfaces: unknown[] = [{ name: 'eth0', type: 'ethernet', segment: 'lan', mac: '02:00:c0:a8:00:02', addresses: [`${nodeIP}/24`] }];
  let nodeRoutes = 'default via 192.168.0.1 dev eth0\n';
  const sysctls: Record<string, number> = { 'net.ipv4.ip_forward': 1 };
  if (pod) {
    nodeIfaces.push({ name: 'cali-src', type: 'veth', peer: 'src/eth0', mac: 'ee:ee:ee:ee:ee:ee' });
    nodeRoutes += `${src} dev cali-src scope link\n`;
    sysctls['net.ipv4.conf.cali-src.proxy_arp'] = 1;
  }
  hosts.push({ name: NODE, kind: 'node', interfaces: nodeIfaces, routes: nodeRoutes, sysctls, iptables: withKubeProxyJumps(c.iptablesSave) });
  if (pod)
    hosts.push({
      name: 'src',
      kind: 'pod',
      node: NODE,
      interfaces: [{ name: 'eth0', type: 'veth', peer: `${NODE}/cali-src`, mac: '0a:58:0a:00:00:02', addresses: [`${src}/32`] }],
      routes: '169.254.1.1 dev eth0 scope link\ndefault via 169.254.1.1 dev eth0\n',
    });
  else if (!fromNode)
    // The source may be the destination itself (a cloud load balancer hairpinning with its VIP as
    // source): the client then owns another address and sends from the VIP.
    hosts.push({
      name: 'src',
      kind: 'external',
      interfaces: [{ name: 'eth0', type: 'ethernet', segment: 'lan', mac: '02:00:cb:00:71:02', addresses: [`${src === flow.destIP ? '203.0.113.254' : src}/32`] }],
      routes: `default via ${nodeIP} dev eth0 onlink\n`,
    });
  const proto = flow.protocol === 'udp' || flow.protocol === 'sctp' ? flow.protocol : 'tcp';
  return stringify({
    version: 1,
    metadata: { title: `kube-proxy peer case: ${flow.name}` },
    segments: [{ name: 'lan' }],
    hosts,
    flows: [{ name: 'probe', from: fromNode ? NODE : 'src', protocol: proto, src, dst: flow.destIP, dport: flow.destPort }],
  });
}

/** DNAT destination chosen in the node netns in the request direction, as `ip:port`. */
function dnatOf(t: Trace): string | undefined {
  const s = t.steps.find((x) => x.direction === 'request' && x.netns === NODE && x.stage === 'rule' && x.table === 'nat' && /-j DNAT/.test(x.rule?.text ?? ''));
  return s ? `${s.packet.ip.dst}:${s.packet.l4.dport}` : undefined;
}

function masqOf(t: Trace): boolean {
  return t.steps.some((x) => x.direction === 'request' && x.netns === NODE && x.table === 'nat' && (x.hook === 'PREROUTING' || x.hook === 'OUTPUT') && (x.packet.mark & 0x4000) !== 0);
}

/**
 * Runs one flow of a peer case through the engine.
 * @returns the comparison; a scenario that does not load is a failure with the loader's errors.
 */
export function runPeerFlow(c: PeerCase, flow: PeerFlow): PeerResult {
  const expected = { output: flow.expected.output, masq: flow.expected.masq };
  const r = loadScenario(peerScenario(c, flow), `peer:${flow.name}`);
  if (!r.ok) return { flow: flow.name, ok: false, expected, got: { output: '', masq: false }, detail: r.errors.map(formatError).join('\n') };
  const s: LoadedScenario = r.scenario;
  const f = s.flows[0];
  const base = simulate(s.world, flowInput(f));
  const outputs: string[] = [];
  let masq = masqOf(base);
  const alts = base.alternatives.filter((a) => a.choice.startsWith(`${NODE}/nat/`));
  if (alts.length) {
    for (const a of alts) {
      const t = simulate(s.world, flowInput(f, { [a.choice]: a.option }));
      const d = dnatOf(t);
      if (d) outputs.push(d);
      masq = masq || masqOf(t);
    }
  } else {
    const d = dnatOf(base);
    if (d) outputs.push(d);
  }
  for (const st of base.steps) {
    if (st.direction !== 'request' || st.netns !== NODE || st.stage !== 'rule' || st.table !== 'filter') continue;
    if (!REPORTED_FILTER_CHAINS.has(st.chain ?? '')) continue;
    // The kernel's TRACE prints DROP for REJECT (it drops after answering); the suite names the target.
    if (/-j REJECT\b/.test(st.rule?.text ?? '')) outputs.push('REJECT');
    else if (st.verdict === 'ACCEPT' || st.verdict === 'DROP') outputs.push(st.verdict);
  }
  const got = { output: outputs.join(', '), masq };
  return { flow: flow.name, ok: got.output === expected.output && got.masq === expected.masq, expected, got };
}
