/**
 * kube-proxy's own nftables packet-flow cases (../shared/peer-suites/kube-proxy-nftables,
 * transcribed from kubernetes `pkg/proxy/nftables/helpers_test.go` TestTracePacketV4/V6): each
 * case is the `nft -f` ruleset kube-proxy's test writes plus probe packets with the endpoints its
 * tracer expects and whether the packet is masqueraded. As ./peer.ts does for iptables, this
 * builds a real node around the ruleset (the node netns carrying it as `nftables:`, with the
 * node IPs on eth0; a pod behind a cali veth, an external client on the LAN, or the node itself
 * as the source), runs the full engine (the ruleset's base chains at their hooks and priorities)
 * and maps the Trace onto the suite's simplified expectations: every numgen alternative in order
 * (each re-traced with its choice pinned), DROP/REJECT verdicts in the node, and masquerade read
 * from the `masquerade` statement that fired in nat-postrouting. The engine is never simplified to
 * fit. IPv6 cases are skipped: the engine models IPv4 only.
 */
import { englishOf } from '../i18n/message-renderer';
import { stringify } from 'yaml';
import { simulate } from '../engine';
import type { Trace, TraceStep } from '../engine/trace';
import { flowInput, formatError, loadScenario, type LoadedScenario } from '../scenario';
import type { PeerFlow } from './peer';

/** One case file of the nftables suite (its README "Shape"). */
export interface NftPeerCase {
  readonly source?: string;
  readonly node: { readonly nodeIPs: string[]; readonly localAddresses: string[]; readonly podCIDR: string };
  readonly nftRuleset: string;
  readonly flows: readonly PeerFlow[];
}

/** The result of one flow: compared, or skipped with the reason. */
export interface NftPeerResult {
  readonly flow: string;
  readonly ok: boolean;
  readonly skipped?: string;
  readonly expected: { output: string; masq: boolean };
  readonly got: { output: string; masq: boolean };
  /** On failure: the loader's errors, or the node's nft decisions of each trace. */
  readonly detail?: string;
}

const NODE = 'node';
const V4 = /^\d+\.\d+\.\d+\.\d+$/;

/** Why a case cannot be traced, or undefined: an IPv6 ruleset or flow (the engine models IPv4 only). */
export function nftSkipReason(c: NftPeerCase, flow: PeerFlow): string | undefined {
  if (!V4.test(flow.sourceIP) || !V4.test(flow.destIP) || /^\s*add table ip6\b/m.test(c.nftRuleset)) return 'IPv6 (table ip6 kube-proxy, IPv6 addresses): the engine models IPv4 only';
  return undefined;
}

function inPodCidr(ip: string, c: NftPeerCase): boolean {
  const [net, len] = c.node.podCIDR.split('/');
  const n = (a: string) => a.split('.').reduce((x, o) => x * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(len));
  return Math.floor(n(ip) / size) === Math.floor(n(net) / size);
}

/**
 * The scenario for one flow: the node (every IPv4 node IP on eth0, the first with its /24, a
 * default route to the LAN's 192.168.0.1, forwarding on, the suite's ruleset as `nftables:`) and
 * the flow's source: the node itself, a pod behind a cali veth (Calico wiring, as ./peer.ts), or an
 * external client routed via the node.
 */
export function nftPeerScenario(c: NftPeerCase, flow: PeerFlow): string {
  const v4 = c.node.nodeIPs.filter((a) => V4.test(a));
  const src = flow.sourceIP;
  const fromNode = c.node.localAddresses.includes(src);
  const pod = !fromNode && inPodCidr(src, c);
  const addresses = [`${v4[0]}/24`, ...v4.slice(1).map((a) => `${a}/32`)];
  const nodeIfaces: unknown[] = [{ name: 'eth0', type: 'ethernet', segment: 'lan', mac: '02:00:c0:a8:00:02', addresses }];
  let routes = 'default via 192.168.0.1 dev eth0\n';
  const sysctls: Record<string, number> = { 'net.ipv4.ip_forward': 1 };
  const hosts: unknown[] = [];
  if (pod) {
    nodeIfaces.push({ name: 'cali-src', type: 'veth', peer: 'src/eth0', mac: 'ee:ee:ee:ee:ee:ee' });
    routes += `${src} dev cali-src scope link\n`;
    sysctls['net.ipv4.conf.cali-src.proxy_arp'] = 1;
  }
  hosts.push({ name: NODE, kind: 'node', interfaces: nodeIfaces, routes, sysctls, nftables: c.nftRuleset });
  if (pod)
    hosts.push({
      name: 'src',
      kind: 'pod',
      node: NODE,
      interfaces: [{ name: 'eth0', type: 'veth', peer: `${NODE}/cali-src`, mac: '0a:58:0a:00:00:02', addresses: [`${src}/32`] }],
      routes: '169.254.1.1 dev eth0 scope link\ndefault via 169.254.1.1 dev eth0\n',
    });
  else if (!fromNode)
    hosts.push({
      name: 'src',
      kind: 'external',
      interfaces: [{ name: 'eth0', type: 'ethernet', segment: 'lan', mac: '02:00:cb:00:71:02', addresses: [`${src}/32`] }],
      routes: `default via ${v4[0]} dev eth0 onlink\n`,
    });
  const proto = flow.protocol === 'udp' || flow.protocol === 'sctp' ? flow.protocol : 'tcp';
  return stringify({
    version: 1,
    metadata: { title: `kube-proxy nftables peer case: ${flow.name}` },
    segments: [{ name: 'lan' }],
    hosts,
    flows: [{ name: 'probe', from: fromNode ? NODE : 'src', protocol: proto, src, dst: flow.destIP, dport: flow.destPort }],
  });
}

/** The node's nft rule steps of the request. */
function nodeNftSteps(t: Trace): TraceStep[] {
  return t.steps.filter((s) => s.direction === 'request' && s.netns === NODE && s.nft && s.stage === 'rule');
}

/** Where a `dnat to` that fired in the node sent the request, as `ip:port`. */
function dnatOf(t: Trace): string | undefined {
  const s = nodeNftSteps(t).find((x) => x.verdict === 'ACCEPT' && /\bdnat\b/.test(x.rule?.text ?? ''));
  return s ? `${s.packet.ip.dst}:${s.packet.l4.dport}` : undefined;
}

/** True when a `masquerade` statement fired in the node (kube-proxy's masquerading chain, reached with mark 0x4000). */
function masqOf(t: Trace): boolean {
  return nodeNftSteps(t).some((x) => x.verdict === 'ACCEPT' && /\bmasquerade\b/.test(x.rule?.text ?? ''));
}

/** DROP and REJECT decisions in the node, in order (a reject is traced DROP; the rule names it). */
function dropsOf(t: Trace): string[] {
  return nodeNftSteps(t)
    .filter((s) => s.verdict === 'DROP')
    .map((s) => (/\breject\b/.test(s.rule?.text ?? '') ? 'REJECT' : 'DROP'));
}

/** The node's nft decisions as lines, for a failure's detail. */
function describe(t: Trace): string {
  const lines = t.steps
    .filter((s) => s.direction === 'request' && s.netns === NODE && s.nft)
    .map((s) => `  ${s.hook} ${s.nft!.family} ${s.nft!.table} ${s.chain} ${s.verdict}${s.rule ? ` #${s.rule.index} ${s.rule.text}` : ' (policy)'}${s.nft!.element ? ` [${s.nft!.element}]` : ''}`);
  const o = t.outcome.request;
  return [...lines, `  outcome: ${o.result}${'reason' in o && o.reason ? ` (${englishOf(o.reason)})` : ''}`].join('\n');
}

/**
 * Runs one flow of an nftables peer case through the engine.
 * @returns the comparison; a scenario that does not load is a failure with the loader's errors.
 */
export function runNftPeerFlow(c: NftPeerCase, flow: PeerFlow): NftPeerResult {
  const expected = { output: flow.expected.output, masq: flow.expected.masq };
  const skipped = nftSkipReason(c, flow);
  if (skipped) return { flow: flow.name, ok: false, skipped, expected, got: { output: '', masq: false } };
  const r = loadScenario(nftPeerScenario(c, flow), `peer-nft:${flow.name}`);
  if (!r.ok) return { flow: flow.name, ok: false, expected, got: { output: '', masq: false }, detail: r.errors.map(formatError).join('\n') };
  return compareNftPeer(r.scenario, flow);
}

/**
 * Traces a loaded peer scenario (its one flow, then once per numgen alternative pinned) and
 * compares what the node did with the flow's expectation.
 */
export function compareNftPeer(s: LoadedScenario, flow: PeerFlow): NftPeerResult {
  const expected = { output: flow.expected.output, masq: flow.expected.masq };
  const f = s.flows[0];
  const base = simulate(s.world, flowInput(f));
  const traces = [base];
  const alts = base.alternatives.filter((a) => a.choice.startsWith(`${NODE}/`));
  const outputs: string[] = [];
  if (alts.length) {
    for (const a of alts) {
      const t = a.chosen ? base : simulate(s.world, flowInput(f, { [a.choice]: a.option }));
      if (t !== base) traces.push(t);
      const d = dnatOf(t);
      if (d) outputs.push(d);
    }
  } else {
    const d = dnatOf(base);
    if (d) outputs.push(d);
  }
  outputs.push(...dropsOf(base));
  const got = { output: outputs.join(', '), masq: traces.some(masqOf) };
  const ok = got.output === expected.output && got.masq === expected.masq;
  return { flow: flow.name, ok, expected, got, ...(ok ? {} : { detail: traces.map(describe).join('\n  --\n') }) };
}
