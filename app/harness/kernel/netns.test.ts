/** The kernel harness's build plan (pure: the commands as text), checked without root. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenario';
import { linksNotUp, staleNames } from './lab';
import { listenPorts } from './listen-ports';
import { pinRandom, planBuild, ruleTextMap, sysctlPath } from './netns';
import { kernelChoices } from './probe';

const load = (file: string) => {
  const r = loadScenario(readFileSync(resolve(__dirname, '../../../scenarios', file), 'utf8'), file);
  if (!r.ok) throw new Error(`${file} does not load`);
  return r.scenario;
};

describe('build plan', () => {
  const sc = load('canal-nodeport.yaml');
  const plan = planBuild(sc, 'pwk1r0-', { fromNs: 'client' });

  it('gives every netns and segment a namespace under the prefix, and changes nothing in the root namespace', () => {
    expect(plan.unsupported).toEqual([]);
    expect(plan.namespaces.map((n) => n.real).every((n) => n.startsWith('pwk1r0-'))).toBe(true);
    expect(plan.namespaces.find((n) => n.logical === '~lan')?.kind).toBe('segment');
    // Root-namespace commands only create namespaces and veth pairs whose both ends live in them.
    expect(plan.createNs.every((l) => /^netns add pwk1r0-\S+$/.test(l))).toBe(true);
    for (const l of plan.links) expect(l).toMatch(/^link add \S+ netns pwk1r0-\S+ type veth peer name \S+ netns pwk1r0-\S+$/);
    expect(plan.links.some((l) => l.startsWith('link add ens33 ') && / peer name p\d+ /.test(l))).toBe(true);
  });

  it('builds devices, addresses, routes (gateways reachable first, kernel routes skipped), neighbours, FDB, sysctls and iptables', () => {
    const c1 = plan.phase2[plan.namespaces.find((n) => n.logical === 'centos7-1')!.real];
    expect(c1).toContain('ip link add flannel.1 type vxlan id 1 local 172.16.240.131 dev ens33 dstport 8472 nolearning');
    expect(c1).toContain('ip addr add 172.16.240.131/24 brd + dev ens33');
    expect(c1).toContain('ip route add 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
    expect(c1).not.toContain('proto kernel');
    expect(c1).toContain('ip neigh replace 10.244.0.0 lladdr 32:a9:79:6d:0b:b1 dev flannel.1 nud permanent');
    expect(c1).toContain('bridge fdb append 32:a9:79:6d:0b:b1 dev flannel.1 dst 172.16.240.132 self permanent');
    expect(c1).toContain('echo 1 > /proc/sys/net/ipv4/conf/calif0e9df43659/proxy_arp');
    expect(c1).toMatch(/iptables-restore <<'PW_IPTABLES_EOF'\n\*nat\n/);
    expect(c1).toContain('iptables -t raw -I PREROUTING 1 -j TRACE');
    const pod = plan.phase2[plan.namespaces.find((n) => n.logical === 'ghost-ep1')!.real];
    expect(pod.indexOf('ip route add 169.254.1.1 dev eth0 scope link')).toBeLessThan(pod.indexOf('ip route add default via 169.254.1.1 dev eth0'));
    const p1 = plan.phase1[plan.namespaces.find((n) => n.logical === 'centos7-1')!.real];
    expect(p1).toContain('echo 1 > /proc/sys/net/ipv4/ip_forward');
    expect(p1).toContain('echo 0 > /proc/sys/net/ipv4/conf/all/rp_filter');
    expect(p1).toContain('echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6');
    expect(plan.vxlanPorts).toEqual([8472]);
    expect(plan.captures.some((c) => c.ns === 'client' && c.iface === 'lo')).toBe(true);
    expect(plan.captures.some((c) => c.ns === 'centos7-1' && c.iface === 'lo')).toBe(false);
  });

  it("pins a flow's random choice in the kernel rules", () => {
    const pinned = planBuild(sc, 'p-', { choices: { 'centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY': 2 } });
    const c1 = pinned.phase2[pinned.namespaces.find((n) => n.logical === 'centos7-1')!.real];
    expect(c1).toContain('-A KUBE-SVC-TFV3VPHN2LAGKCVY -m comment --comment "default/ghost:" -m statistic --mode random --probability 0 -j KUBE-SEP-UJXTJ7PNRUN6D2JD');
    expect(pinned.iptables['centos7-1']).toContain('--probability 0.50000000000');
    expect(pinRandom('*nat\n-A S -m statistic --mode random --probability 0.33 -j A\n-A S -m statistic --mode random --probability 0.5 -j B\n-A S -j C\nCOMMIT', 'nat', 'S', 2)).toBe(
      '*nat\n-A S -m statistic --mode random --probability 0 -j A\n-A S -m statistic --mode random --probability 1 -j B\n-A S -j C\nCOMMIT',
    );
  });

  it('refuses what this kernel cannot build (IPIP)', () => {
    const ipip = planBuild(load('calico-ipip.yaml'), 'p-');
    expect(ipip.unsupported.join()).toMatch(/IPIP/);
  });

  it('listens where the engine would answer', () => {
    const ports = listenPorts(sc.world, { protocol: 'tcp', dport: 31266 });
    expect(ports['ghost-ep2']).toEqual({ tcp: [2368], udp: [] });
    // No listener list: every port answers, so the flow's port and every DNAT port are opened.
    expect(ports.client).toEqual({ tcp: [31266, 2368], udp: [] });
    const ports2 = listenPorts(load('docker-cross-host-fixed.yaml').world, { protocol: 'udp', dport: 53 });
    expect(ports2.ctr111).toEqual({ tcp: [], udp: [53] });
  });
});

describe('rule text and names', () => {
  it("maps the kernel's canonical rule text to the scenario's, by chain position, ignoring TRACE rules", () => {
    const original = '*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp --dport 80 -m comment --comment "x y" -j ACCEPT\nCOMMIT\n*raw\n-A PREROUTING -j ACCEPT\nCOMMIT\n';
    const saved =
      '*raw\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j TRACE\n-A PREROUTING -j ACCEPT\nCOMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -m tcp --dport 80 -m comment --comment "x y" -j ACCEPT\nCOMMIT\n';
    const map = ruleTextMap(original, saved);
    expect(map.get('nat -A PREROUTING -p tcp -m tcp --dport 80 -m comment --comment "x y" -j ACCEPT')).toBe('-A PREROUTING -p tcp --dport 80 -m comment --comment "x y" -j ACCEPT');
    expect(map.get('raw -A PREROUTING -j ACCEPT')).toBe('-A PREROUTING -j ACCEPT');
    expect(map.has('raw -A PREROUTING -j TRACE')).toBe(false);
  });

  it('writes sysctls through /proc/sys, device names with dots included', () => {
    expect(sysctlPath('net.ipv4.conf.flannel.1.proxy_arp')).toBe('/proc/sys/net/ipv4/conf/flannel.1/proxy_arp');
    expect(sysctlPath('net.ipv4.ip_forward')).toBe('/proc/sys/net/ipv4/ip_forward');
    expect(sysctlPath('net.bridge.bridge-nf-call-iptables')).toBe('/proc/sys/net/bridge/bridge-nf-call-iptables');
  });

  it('waits for links the kernel has not brought up yet and bridge ports not yet forwarding', () => {
    const ipLink = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '2: br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000',
      '3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
      '4: va@vb: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue master br0 state LOWERLAYERDOWN mode DEFAULT',
      '5: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
    ].join('\n');
    const bridge =
      '4: va@vb: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 master br0 state disabled priority 32 cost 2 \n6: vc@vd: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 ';
    expect(linksNotUp(ipLink, bridge)).toEqual(['br0 DOWN', 'va LOWERLAYERDOWN', 'va disabled']);
  });

  it('sweeps only namespaces of harness processes that are gone', () => {
    const names = ['pwk123r4ab-0', 'pwk456rzz-s1', 'other', 'pwkx-1', `pwk${process.pid}rq-2`];
    expect(staleNames(names, (pid) => pid === 456)).toEqual(['pwk123r4ab-0', `pwk${process.pid}rq-2`]);
  });

  it("reads the kernel's random choice from its trace", () => {
    const sc = load('canal-nodeport.yaml');
    const rule = '-A KUBE-SVC-TFV3VPHN2LAGKCVY -m comment --comment "default/ghost:" -j KUBE-SEP-MNOUPYFQRWSOE45J';
    const rows = [
      {
        ns: 'centos7-1',
        role: 'request' as const,
        table: 'nat',
        chain: 'KUBE-SVC-TFV3VPHN2LAGKCVY',
        kind: 'rule' as const,
        verdict: 'JUMP:KUBE-SEP-MNOUPYFQRWSOE45J',
        rule: `-t nat ${rule}`,
        in: 'ens33',
        out: null,
      },
    ];
    expect(kernelChoices(sc.world, rows)).toEqual({ 'centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY': 2 });
  });
});

describe('device creation order', () => {
  it('creates a bridge listed before the veth interfaces before the veth pairs (ifindex order is the scenario order); one listed after, after them', () => {
    const yaml = `version: 1
metadata: { title: order }
hosts:
  - name: a
    kind: node
    interfaces:
      - { name: br0, type: bridge, addresses: [10.9.0.1/24], ports: [] }
      - { name: v0, type: veth, addresses: [10.2.0.1/24], peer: b/v0 }
      - { name: br1, type: bridge, ports: [] }
  - name: b
    kind: node
    interfaces:
      - { name: v0, type: veth, addresses: [10.2.0.2/24], peer: a/v0 }
flows:
  - { name: p, from: a, protocol: icmp, dst: 10.2.0.2 }
`;
    const r = loadScenario(yaml, 'order.yaml');
    if (!r.ok) throw new Error('does not load');
    const plan = planBuild(r.scenario, 'pwk1r0-');
    const a = plan.namespaces.find((n) => n.logical === 'a')!.real;
    expect(plan.phase1[a]).toContain('ip link add br0 type bridge');
    expect(plan.phase2[a]).not.toContain('ip link add br0 ');
    expect(plan.phase1[a]).not.toContain('br1');
    expect(plan.phase2[a]).toContain('ip link add br1 type bridge');
  });
});

describe('what this kernel cannot build', () => {
  it('says IPVS and dummy devices cannot be built (no ip_vs, no dummy module), as for IPIP', () => {
    const u = planBuild(load('canal-nodeport-ipvs.yaml'), 'pwk1r0-').unsupported.join('\n');
    expect(u).toMatch(/centos7-1: IPVS virtual services need the ip_vs module/);
    expect(u).toMatch(/kube-ipvs0: dummy devices need the dummy module/);
    expect(planBuild(load('canal-nodeport.yaml'), 'pwk1r0-').unsupported).toEqual([]);
  });
});
