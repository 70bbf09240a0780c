/**
 * Routers and clients behind them, and the kube-proxy settings a cluster file sets beyond the mode:
 * each changes the generated scenario as a real router or kube-proxy would, and a flow still plays.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine';
import { flowInput, loadScenario } from '../scenario';
import { provenanceKey } from './because';
import { loadErrors, loadedOrThrow } from '../scenario/test/loaded';

const base = readFileSync(resolve(__dirname, 'testdata/calico-service.yaml'), 'utf8');
const ok = loadedOrThrow;
const errorsOf = (text: string) => loadErrors(text, 'cluster.yaml');

/** The test cluster with an edge router (LAN .1, office 203.0.113.0/24) and a client behind it. */
const withRouter = (extra = '') =>
  base.replace(
    'clients:\n  - name: laptop\n    address: 192.168.26.200/24\n',
    `routers:\n  - name: edge\n    addresses: [192.168.26.1/24, 203.0.113.1/24]${extra}\nclients:\n  - name: laptop\n    address: 192.168.26.200/24\n  - name: office\n    address: 203.0.113.50/24\n`,
  ) + '  - name: office-to-nodeport\n    from: client/office\n    to: nodeport/node-1/default/web\n    endpoint: pod/default/web-2\n';

describe('routers and the clients behind them', () => {
  it('a client behind a router reaches a NodePort through it, keeps its address until kube-proxy masquerades, and the reply returns through the router', () => {
    const s = ok(loadScenario(withRouter(), 'cluster.yaml'));
    const edge = s.raw.hosts.find((h) => h.name === 'edge')!;
    expect(edge).toMatchObject({ kind: 'router', sysctls: { 'net.ipv4.ip_forward': 1 } });
    expect(edge.interfaces!.map((i) => [i.name, 'segment' in i ? i.segment : undefined])).toEqual([
      ['eth0', 'lan'],
      ['eth1', 'net-203.0.113.0_24'],
    ]);
    expect(s.raw.hosts.find((h) => h.name === 'office')!.routes).toBe('default via 203.0.113.1 dev eth0\n203.0.113.0/24 dev eth0 proto kernel scope link src 203.0.113.50\n');
    expect(s.raw.hosts.find((h) => h.name === 'node-1')!.routes).toMatch(/^default via 192\.168\.26\.1 dev eth0\n/);
    expect(s.raw.segments?.map((g) => g.title)).toEqual(['192.168.26.0/24 LAN', '203.0.113.0/24 (behind edge)']);
    const f = s.flows.find((x) => x.name === 'office-to-nodeport')!;
    const t = simulate(s.world, flowInput(f));
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'web-2' });
    expect(t.outcome.reply).toMatchObject({ result: 'delivered', netns: 'office' });
    const request = t.steps.filter((x) => x.direction === 'request');
    expect(request.some((x) => x.netns === 'edge' && x.stage === 'forward')).toBe(true);
    const atNode = request.find((x) => x.netns === 'node-1')!;
    expect(atNode.packet.ip.src).toBe('203.0.113.50');
  });

  it("explains the router's devices and routes and the client's route in the provenance index", () => {
    const s = ok(loadScenario(withRouter(`\n    routes: ["10.244.0.0/16 via 192.168.26.101"]`), 'cluster.yaml'));
    const p = s.cluster!.provenance;
    expect(p[provenanceKey('edge', 'iface', 'name', 'eth1')]).toEqual({ key: 'ifaceRouter', params: { router: 'edge', address: '203.0.113.1/24' } });
    expect(p[provenanceKey('edge', 'route', 'line', '10.244.0.0/16 via 192.168.26.101')]).toEqual({ key: 'routeRouterGiven', params: { router: 'edge' } });
    expect(p[provenanceKey('office', 'route', 'line', 'default via 203.0.113.1 dev eth0')]).toEqual({ key: 'routeDefaultRouter', params: { gateway: '203.0.113.1', router: 'edge' } });
    expect(p[provenanceKey('office', 'iface', 'name', 'eth0')]?.key).toBe('ifaceClientBehindRouter');
    expect(p[provenanceKey('laptop', 'iface', 'name', 'eth0')]?.key).toBe('ifaceClient');
  });

  it('refuses a client on no network, a router off the LAN, a gateway that is not the router, and a name used twice, at their fields', () => {
    expect(errorsOf(withRouter().replace('203.0.113.50/24', '198.51.100.7/24'))).toEqual([
      expect.stringMatching(/cluster\.yaml:\d+:\d+: clients\[1\]\.address: 198\.51\.100\.7\/24 is neither on the cluster LAN 192\.168\.26\.0\/24 nor in a router's network \(203\.0\.113\.0\/24\)/),
    ]);
    expect(errorsOf(withRouter().replace('[192.168.26.1/24, 203.0.113.1/24]', '[10.9.9.1/24, 203.0.113.1/24]')).join('\n')).toMatch(
      /routers\[0\]\.addresses\[0\]: 10\.9\.9\.1\/24 is not on the cluster LAN/,
    );
    expect(errorsOf(withRouter().replace('  cni: calico-ipip', '  cni: calico-ipip\n  gateway: 192.168.26.254')).join('\n')).toMatch(
      /clients\[1\]\.address: client office sits behind router edge, but the nodes' default gateway is 192\.168\.26\.254/,
    );
    expect(errorsOf(withRouter().replace('name: edge', 'name: laptop')).join('\n')).toMatch(/routers\[0\]\.name: laptop is already the name of a node, client or router/);
  });

  it("expands a file without routers exactly as before: LAN clients default via the LAN's first address and reach Service VIPs through the first node", () => {
    const s = ok(loadScenario(base, 'cluster.yaml'));
    expect(s.raw.hosts.find((h) => h.name === 'laptop')!.routes).toBe('default via 192.168.26.1 dev eth0\n192.168.26.0/24 dev eth0 proto kernel scope link src 192.168.26.200\n');
    expect(s.raw.segments).toHaveLength(1);
  });
});

describe('kube-proxy settings in the cluster file', () => {
  const withSettings = (lines: string) => base.replace('  mode: iptables\n', `  mode: iptables\n${lines}`);
  const node1 = (text: string) => ok(loadScenario(text, 'cluster.yaml')).raw.hosts.find((h) => h.name === 'node-1')!;

  it('masqueradeBit moves the masquerade mark (15 → 0x8000) in every rule, and a NodePort connection is still masqueraded', () => {
    const text = withSettings('  masqueradeBit: 15\n');
    const rules = node1(text).iptables!;
    expect(rules).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x8000');
    expect(rules).toContain('-A KUBE-POSTROUTING -m mark ! --mark 0x8000/0x8000 -j RETURN');
    expect(rules).not.toMatch(/KUBE-[A-Z-]+ .*0x4000/);
    const s = ok(loadScenario(text, 'cluster.yaml'));
    const t = simulate(s.world, flowInput(s.flows.find((f) => f.name === 'laptop-to-nodeport')!));
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'web-2' });
    expect(t.steps.some((x) => x.netns === 'node-1' && x.chain === 'KUBE-POSTROUTING' && x.rule?.text.includes('-j MASQUERADE') && x.verdict === 'ACCEPT')).toBe(true);
  });

  it('localhostNodePorts: false — no route_localnet, no 127.0.0.0/8 NodePort rule, and NodePorts skip loopback destinations', () => {
    const on = node1(base);
    expect(on.sysctls?.['net.ipv4.conf.all.route_localnet']).toBe(1);
    expect(on.iptables).toContain('-d 127.0.0.0/8 --dport 30080');
    const off = node1(withSettings('  localhostNodePorts: false\n'));
    expect(off.sysctls?.['net.ipv4.conf.all.route_localnet']).toBeUndefined();
    expect(off.iptables).not.toContain('-d 127.0.0.0/8 --dport');
    expect(off.iptables).toContain('-m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS');
  });

  it('randomFully: false drops --random-fully; conntrackTCPBeLiberal: true drops the INVALID drop from KUBE-FORWARD', () => {
    expect(node1(base).iptables).toContain('-j MASQUERADE --random-fully');
    expect(node1(base).iptables).toContain('-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP');
    const changed = node1(withSettings('  randomFully: false\n  conntrackTCPBeLiberal: true\n')).iptables!;
    expect(changed).not.toContain('--random-fully');
    expect(changed).not.toContain('--ctstate INVALID');
  });

  it('refuses a masquerade bit outside 0–31 at its field', () => {
    expect(errorsOf(withSettings('  masqueradeBit: 32\n')).join('\n')).toMatch(/cluster\.yaml:\d+:\d+: kubeProxy\.masqueradeBit/);
  });
});
