/**
 * The importer on a real capture: canal-lab.capture.json is what public/capture.sh recorded in the
 * kernel harness's namespaces for scenarios/canal-nodeport.yaml (the lab's netns prefix renamed
 * `lab-`). Checked here without root: veth pairs joined across namespaces, the lab's switch netns
 * turned into a segment, devices, routes, neighbours, FDB, sysctls and iptables carried over, what
 * cannot be imported listed, and a flow that plays like the scenario's. The same loop against the
 * live kernel is `npm run test:kernel` (capture-roundtrip.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine';
import { flowInput, formatError, loadScenario } from '../scenario';
import { parseFlowSpec } from './flow-spec';
import { captureSchema, type Capture } from './capture';
import { importCaptures } from './import';
import { importedText } from './text';
import { withoutLabRules } from '../harness/kernel/capture-roundtrip';
import { EXAMPLE, exampleScenarioText } from './example';
import { englishOf } from '../i18n/message-renderer';

const text = readFileSync(resolve(__dirname, 'testdata/canal-lab.capture.json'), 'utf8');
const capture = (): Capture => captureSchema.parse(JSON.parse(text));
const NAMES = { 'lab-0': 'client', 'lab-1': 'centos7-1', 'lab-2': 'ghost-ep1', 'lab-3': 'centos7-2', 'lab-4': 'ghost-ep2', 'lab-s0': '~lan' };
const host = (s: ReturnType<typeof importCaptures>['scenario'], name: string) => s.hosts.find((h) => h.name === name)!;

describe('importing a capture', () => {
  const imported = importCaptures([{ file: 'canal-lab.capture.json', capture: capture() }], { names: NAMES });

  it('joins veth pairs across namespaces by ifindex and netnsid, and turns the switch netns into a segment', () => {
    const s = imported.scenario;
    expect(s.hosts.map((h) => h.name).sort()).toEqual(['centos7-1', 'centos7-2', 'client', 'ghost-ep1', 'ghost-ep2']);
    expect(s.segments).toEqual([{ name: 'lan' }]);
    const ep1 = host(s, 'ghost-ep1').interfaces!.find((i) => i.name === 'eth0')!;
    const ep2 = host(s, 'ghost-ep2').interfaces!.find((i) => i.name === 'eth0')!;
    // Both pods' eth0 have ifindex 2 and peer ifindex 3: only the netnsid tells the two nodes apart.
    expect(ep1).toMatchObject({ type: 'veth', peer: 'centos7-1/calif0e9df43659' });
    expect(ep2).toMatchObject({ type: 'veth', peer: 'centos7-2/cali4a6ea607e95' });
    expect(host(s, 'centos7-1').interfaces!.find((i) => i.name === 'ens33')).toMatchObject({ type: 'ethernet', segment: 'lan', addresses: ['172.16.240.131/24'] });
  });

  it('carries over the VXLAN device, routes, the VTEP neighbour and FDB entry, sysctls and iptables as their text', () => {
    const n1 = host(imported.scenario, 'centos7-1');
    expect(n1.interfaces!.find((i) => i.name === 'flannel.1')).toMatchObject({ type: 'vxlan', vni: 1, local: '172.16.240.131', dstport: 8472, dev: 'ens33', learning: false });
    expect(n1.routes).toContain('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink\n');
    expect(n1.routes).toContain('172.16.240.0/24 dev ens33 proto kernel scope link src 172.16.240.131\n');
    expect(n1.routes).not.toContain('table local');
    expect(n1.neighbors).toBe('10.244.0.0 dev flannel.1 lladdr 32:a9:79:6d:0b:b1 PERMANENT\n');
    expect(n1.fdb).toContain('32:a9:79:6d:0b:b1 dev flannel.1 dst 172.16.240.132 self permanent');
    expect(n1.fdb).not.toMatch(/^33:33|^01:00:5e/m);
    expect(n1.sysctls).toMatchObject({ 'net.ipv4.ip_forward': 1, 'net.ipv4.conf.calif0e9df43659.proxy_arp': 1 });
    expect(n1.iptables).toMatch(/^-A KUBE-NODEPORTS .*--dport 31266/m);
    // iptables-nft's own nftables tables are the iptables rules again: not imported twice.
    expect(n1['nftables-json']).toBeUndefined();
    expect(imported.leftOut).toEqual([]);
  });

  it("loads, and a flow traced on it crosses both nodes as in the scenario (the lab's TRACE rules taken out)", () => {
    const c = capture();
    for (const ns of c.namespaces) if (ns.iptables) ns.iptables = withoutLabRules(ns.iptables, false);
    const imported = importCaptures([{ file: 'canal-lab.capture.json', capture: c }], { names: NAMES });
    const flows = [{ name: 'nodeport', from: 'client', protocol: 'tcp' as const, dst: '172.16.240.131', dport: 31266, choices: { 'centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY': 1 } }];
    const t = importedText({ ...imported, scenario: { ...imported.scenario, flows } }, ['canal-lab.capture.json']);
    expect(t).toMatch(/^# Imported by PacketWalk from canal-lab\.capture\.json/);
    expect(t).toContain('# from canal-lab.capture.json: node lab, netns name:lab-1');
    const r = loadScenario(t, 'imported.yaml', { maxBytes: Infinity });
    if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
    const trace = simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
    expect(trace.steps.some((s) => s.netns === 'centos7-1' && s.stage === 'encap')).toBe(true);
    expect(trace.outcome.request).toMatchObject({ result: 'delivered', netns: 'ghost-ep2' });
  });

  it('imports the XDP program and tc filters of a device as attached; a packet that crosses it stops there honestly', () => {
    const c = capture();
    for (const ns of c.namespaces) if (ns.iptables) ns.iptables = withoutLabRules(ns.iptables, false);
    const node1 = c.namespaces.find((n) => n.ref === 'name:lab-1')!;
    const ens33 = node1.link!.find((l) => l.ifname === 'ens33')!;
    ens33.xdp = { mode: 1, prog: { id: 42, name: 'xdp_lb' } };
    node1.tcfilters = [
      `ens33\tingress\t[{"protocol":"all","pref":1,"kind":"bpf","chain":0},{"protocol":"all","pref":1,"kind":"bpf","chain":0,"options":{"handle":"0x1","bpf_name":"cil_from_netdev","direct-action":true}}]`,
      'ens33\tegress\t[]',
    ].join('\n');
    const i = importCaptures([{ file: 'canal-lab.capture.json', capture: c }], { names: NAMES });
    expect(host(i.scenario, 'centos7-1').interfaces!.find((x) => x.name === 'ens33')).toMatchObject({ attached: { ingress: 'XDP program xdp_lb id 42; tc ingress bpf cil_from_netdev' } });
    const flows = [{ name: 'nodeport', from: 'client', protocol: 'tcp' as const, dst: '172.16.240.131', dport: 31266 }];
    const r = loadScenario(importedText({ ...i, scenario: { ...i.scenario, flows } }, ['canal-lab.capture.json']), 'imported.yaml', { maxBytes: Infinity });
    if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
    expect(r.scenario.unevaluable.filter((u) => u.kind === 'device').map((u) => `${u.netns} ${u.where}: ${u.text}`)).toEqual([
      'centos7-1 ens33 ingress: XDP program xdp_lb id 42; tc ingress bpf cil_from_netdev',
    ]);
    const trace = simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
    expect(trace.outcome.request).toMatchObject({ result: 'engine-limit', limit: 'cannot-evaluate', netns: 'centos7-1', interface: 'ens33' });
  });

  it("opens in the loader directly (the app and the CLIs): hosts named by netns, and the lab's TRACE rule stops a packet honestly", () => {
    const r = loadScenario(text, 'canal-lab.capture.json', { maxBytes: Infinity });
    if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
    expect(Object.keys(r.scenario.world.netns).sort()).toEqual(['lab-0', 'lab-1', 'lab-2', 'lab-3', 'lab-4']);
    expect(r.scenario.expandedText).toMatch(/^# Imported by PacketWalk/);
    expect(r.scenario.unevaluable.some((u) => /TRACE/.test(JSON.stringify(u)))).toBe(true);
  });

  it('points rule sources and load errors into the capture: file, netns, command and the line of its output', () => {
    const c = capture();
    const ns = c.namespaces.find((n) => n.ref === 'name:lab-1')!;
    const lines = ns.iptables!.split('\n');
    const trace = lines.findIndex((l) => l.includes('-j TRACE')) + 1;
    const r = loadScenario(JSON.stringify(c), 'node.json', { maxBytes: Infinity });
    if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
    const u = r.scenario.unevaluable.find((x) => x.netns === 'lab-1' && x.text.includes('TRACE'))!;
    expect(u.source).toEqual({ file: 'node.json: netns name:lab-1: iptables-save', line: trace, column: 1 });
    // A rule the kernel would refuse: the error names the capture's line, not the imported text's.
    const nat = lines.findIndex((l) => l.startsWith('-A KUBE-NODEPORTS'));
    lines[nat] = lines[nat].replace('--dport', '--dprot');
    ns.iptables = lines.join('\n');
    const bad = loadScenario(JSON.stringify(c), 'node.json', { maxBytes: Infinity });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(formatError(bad.errors[0])).toMatch(new RegExp(`^node\\.json: netns name:lab-1: iptables-save:${nat + 1}:\\d+: .*--dprot`));
  });

  it('names a pod netns after the kubectl Pod whose podIP it holds, and lists what it cannot import', () => {
    const c = capture();
    for (const n of c.namespaces) if (n.iptables) n.iptables = withoutLabRules(n.iptables, false);
    const ns = c.namespaces.find((n) => n.ref === 'name:lab-1')!;
    ns.link = [...(ns.link ?? []), { ifindex: 90, ifname: 'macvlan0', link: 'ens33', link_type: 'ether', linkinfo: { info_kind: 'macvlan' } }];
    ns.route = [
      ...(ns.route ?? []),
      { dst: '10.9.0.0/16', gateway: '172.16.240.2', dev: 'ens33', table: '100' },
      { dst: '10.8.0.0/16', dev: 'macvlan0' },
      { dst: '10.7.0.0/16', nexthops: [{}, {}] },
      {
        dst: '10.6.0.0/16',
        protocol: 'static',
        nexthops: [
          { gateway: '172.16.240.2', dev: 'ens33', weight: 1 },
          { gateway: '172.16.240.3', dev: 'ens33', weight: 3, flags: ['onlink'] },
        ],
      },
    ];
    ns.rule = [
      ...(ns.rule ?? []),
      { priority: 100, src: 'all', fwmark: '0x1', fwmask: '0x1', table: '100' },
      { priority: 200, src: '10.1.0.0', srclen: 16, ipproto: 'tcp', table: '100' },
      { priority: 300, src: 'all', flowlabel: '0x1', table: '100' },
    ];
    const kubectl = { kind: 'List', items: [{ kind: 'Pod', metadata: { name: 'ghost-abc', namespace: 'demo' }, spec: { nodeName: 'lab' }, status: { podIP: '10.244.0.74' } }] };
    const i = importCaptures([{ file: 'c.json', capture: c }], { kubectl });
    expect(i.scenario.hosts.find((h) => h.name === 'ghost-abc')).toMatchObject({ kind: 'node', title: 'demo/ghost-abc (10.244.0.74)' });
    expect(i.leftOut.map((l) => `${l.where}: ${l.what}`)).toEqual([
      'lab-1: multipath route 10.7.0.0/16: a next hop has neither gateway nor device, left out',
      'lab-1: ip rule 300 has fields the importer does not know (flowlabel): left out',
    ]);
    const host = i.scenario.hosts.find((h) => h.name === 'lab-1')!;
    expect(host.routes).toContain('10.9.0.0/16 via 172.16.240.2 dev ens33 table 100\n');
    expect(host.routes).toContain('10.6.0.0/16 proto static nexthop via 172.16.240.2 dev ens33 weight 1 nexthop via 172.16.240.3 dev ens33 weight 3 onlink\n');
    expect(host.rules?.split('\n').slice(-4)).toEqual(['32767: from all lookup default', '100: from all fwmark 0x1/0x1 lookup 100', '200: from 10.1.0.0/16 ipproto tcp lookup 100', '']);
    const loaded = loadScenario(importedText(i, ['c.json']), 'i.yaml', { maxBytes: Infinity });
    if (!loaded.ok) throw new Error(loaded.errors.map(formatError).join('\n'));
    // The policy rule with a selector the engine does not model is loaded and listed.
    expect(loaded.scenario.unevaluable.filter((u) => u.kind === 'ip-rule').map((u) => u.text)).toEqual(['200: from 10.1.0.0/16 ipproto tcp lookup 100']);
    expect(i.scenario.metadata.notes?.some((n) => n.startsWith('Left out at lab-1: multipath route'))).toBe(true);
    // A device of a kind the engine does not model is imported with its routes; a packet sent through it stops there.
    expect(host.interfaces?.find((x) => x.name === 'macvlan0')).toMatchObject({ type: 'other', kind: 'macvlan', link: 'ens33' });
    expect(host.routes).toContain('10.8.0.0/16 dev macvlan0\n');
    expect(loaded.scenario.unevaluable.find((u) => u.kind === 'device')).toMatchObject({ netns: 'lab-1', where: 'macvlan0', text: 'macvlan link ens33' });
    const t = simulate(loaded.scenario.world, { name: 'to-macvlan', from: 'lab-1', protocol: 'icmp', dst: '10.8.0.1' });
    expect(t.outcome.request).toMatchObject({ result: 'engine-limit', limit: 'cannot-evaluate', interface: 'macvlan0' });
    const o = t.outcome.request;
    expect(o.result === 'engine-limit' && englishOf(o.reason)).toMatch(/^the engine cannot evaluate sending through macvlan0 \(i\.yaml:\d+:\d+\): PacketWalk does not model macvlan devices$/);
  });

  it('refuses a file that is not a capture it reads, at the field', () => {
    const bad = JSON.parse(text);
    bad.namespaces[0].ref = 'somewhere';
    const r = loadScenario(JSON.stringify(bad, null, 1), 'bad.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatError(r.errors[0])).toMatch(/^bad\.json:\d+:\d+: namespaces\[0\]\.ref: expected root, name:NAME or pid:PID/);
  });
});

describe('npm run import --flow', () => {
  it('reads NAME=HOST->DST:PORT/PROTO and NAME=HOST->DST/icmp, and says what is wrong otherwise', () => {
    expect(parseFlowSpec('dns=client->10.96.0.10:53/udp')).toEqual({ name: 'dns', from: 'client', protocol: 'udp', dst: '10.96.0.10', dport: 53 });
    expect(parseFlowSpec('ping=node-1->10.0.0.1/icmp')).toEqual({ name: 'ping', from: 'node-1', protocol: 'icmp', dst: '10.0.0.1' });
    expect(parseFlowSpec('web=client->10.0.0.1/tcp')).toMatch(/a tcp flow needs :PORT/);
    expect(parseFlowSpec('nonsense')).toMatch(/expected NAME=HOST->DST:PORT\/PROTO/);
  });
});

describe('the bundled capture example', () => {
  it('is the import of the bundled capture, byte for byte (npm run capture-example wrote both), and its flows deliver', () => {
    const repo = resolve(__dirname, '../..');
    const cluster = loadScenario(readFileSync(resolve(repo, EXAMPLE.cluster), 'utf8'), EXAMPLE.cluster);
    if (!cluster.ok) throw new Error(cluster.errors.map(formatError).join('\n'));
    const text = exampleScenarioText(readFileSync(resolve(repo, EXAMPLE.capture), 'utf8'), cluster.scenario.raw.flows ?? []);
    expect(text).toBe(readFileSync(resolve(repo, EXAMPLE.scenario), 'utf8'));
    const s = loadScenario(text, EXAMPLE.scenario);
    if (!s.ok) throw new Error(s.errors.map(formatError).join('\n'));
    expect(s.scenario.flows.map((f) => f.name)).toEqual(['pod-to-service', 'laptop-to-nodeport']);
    for (const f of s.scenario.flows) expect(simulate(s.scenario.world, flowInput(f)).outcome.request.result, f.name).toBe('delivered');
    // Redacted: the lab's MACs and kube-proxy's comments are pseudonyms.
    expect(text).not.toContain('default/web:http');
    expect(text).toMatch(/--comment "c-[0-9a-f]{10}"/);
  });
});

describe("opening captures together (the app's multi-file open)", () => {
  it('imports every capture among the companions and names pods from a kubectl output among them', () => {
    const kubectl = JSON.stringify({ kind: 'List', items: [{ kind: 'Pod', metadata: { name: 'ghost-abc', namespace: 'demo' }, spec: { nodeName: 'lab' }, status: { podIP: '10.244.0.74' } }] });
    const files: Record<string, string> = { 'kubectl.json': kubectl };
    const r = loadScenario(text, 'canal-lab.capture.json', { maxBytes: Infinity, companions: Object.keys(files), readFile: (n) => ({ text: files[n] }) });
    if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
    expect(Object.keys(r.scenario.world.netns)).toContain('ghost-abc');
    const bad = loadScenario(text, 'canal-lab.capture.json', { companions: ['other.json'], readFile: () => ({ text: '{"format": "packetwalk-capture", "version": 2}' }) });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(formatError(bad.errors[0])).toMatch(/^other\.json:1:\d+: version: /);
  });
});
