/**
 * Overlay tunnels between two nodes (flannel-style VXLAN and Calico-style IPIP): what the outer
 * headers carry, what encapsulation leaves alone, and where the inner packet reappears.
 *
 *   pod1 (10.244.1.5) ─ cni0 ─ n1 (192.168.0.1) ═lan═ n2 (192.168.0.2) ─ cni0 ─ pod2 (10.244.2.5)
 */
import { describe, expect, it } from 'vitest';
import type { OuterHeader } from '../trace';
import { dump, findStep, stepsOf, trace } from '../test/world';

const VTEP1 = '8a:00:00:00:00:01';
const VTEP2 = '8a:00:00:00:00:02';

interface NodeOpts {
  /** Extra lines under the node (routes, neighbors, fdb, iptables…), already indented by 4. */
  readonly extra: string;
  /** The tunnel interface line. */
  readonly tunnel: string;
  readonly eth0: string;
}

function overlay(n1: NodeOpts, n2: NodeOpts): string {
  const node = (i: number, o: NodeOpts) => `
  - name: n${i}
    kind: node
    interfaces:
      - { name: eth0, type: ethernet, segment: lan, addresses: [${o.eth0}] }
      - ${o.tunnel}
      - { name: veth${i}, type: veth, peer: pod${i}/eth0 }
      - { name: cni0, type: bridge, addresses: [10.244.${i}.1/24], ports: [veth${i}] }
    sysctls: { net.ipv4.ip_forward: 1 }
${o.extra}
  - name: pod${i}
    kind: pod
    node: n${i}
    interfaces:
      - { name: eth0, type: veth, addresses: [10.244.${i}.5/24] }
    routes: "default via 10.244.${i}.1"`;
  return `version: 1
metadata:
  title: overlay
segments:
  - name: lan
hosts:${node(1, n1)}${node(2, n2)}
flows:
  - { name: web, from: pod1, protocol: tcp, dst: 10.244.2.5, dport: 80 }
`;
}

/** A flannel node: flannel.1 with the peer's VTEP as PERMANENT neighbour and FDB entry. */
function flannel(i: 1 | 2, o: { local?: string; dstport?: number; eth0?: string; fdb?: boolean; iptables?: string } = {}): NodeOpts {
  const peer = 3 - i;
  const peerMac = i === 1 ? VTEP2 : VTEP1;
  const local = o.local ?? `192.168.0.${i}`;
  return {
    eth0: o.eth0 ?? `192.168.0.${i}/24`,
    tunnel: `{ name: flannel.1, type: vxlan, mac: "${i === 1 ? VTEP1 : VTEP2}", addresses: [10.244.${i}.0/32], vni: 7, local: ${local}, dev: eth0${o.dstport ? `, dstport: ${o.dstport}` : ''} }`,
    extra: [
      `    routes: "10.244.${peer}.0/24 via 10.244.${peer}.0 dev flannel.1 onlink"`,
      `    neighbors: "10.244.${peer}.0 dev flannel.1 lladdr ${peerMac} PERMANENT"`,
      o.fdb === false ? '' : `    fdb: "${peerMac} dev flannel.1 dst 192.168.0.${peer} self permanent"`,
      o.iptables ? `    iptables: ${JSON.stringify(o.iptables)}` : '',
    ].join('\n'),
  };
}

function vxlanOuter(o: OuterHeader | undefined): Extract<OuterHeader, { kind: 'vxlan' }> {
  expect(o?.kind).toBe('vxlan');
  return o as Extract<OuterHeader, { kind: 'vxlan' }>;
}

describe('VXLAN', () => {
  const t = trace(overlay(flannel(1), flannel(2)), 'web');
  const encap = findStep(t, (s) => s.direction === 'request' && s.stage === 'encap', 'encap step');

  it('the pods reach each other through the tunnel, both ways', () => {
    expect(t.outcome.request, dump(t)).toMatchObject({ result: 'delivered', netns: 'pod2' });
    expect(t.outcome.reply).toMatchObject({ result: 'delivered', netns: 'pod1' });
  });

  it("encapsulates on the vxlan device: outer IP from `local` to the FDB entry's dst, UDP 8472, the device's VNI", () => {
    expect(encap).toMatchObject({ netns: 'n1', interface: 'flannel.1' });
    const o = vxlanOuter(encap.packet.outer[0]);
    expect(o.ip).toMatchObject({ src: '192.168.0.1', dst: '192.168.0.2', ttl: 64, proto: 'udp' });
    expect(o.udp.dport).toBe(8472);
    expect(o.udp.sport).toBeGreaterThanOrEqual(32768);
    expect(o.vni).toBe(7);
    // The FDB entry that chose the remote VTEP precedes it.
    const fdb = t.steps[encap.index - 1];
    expect(fdb).toMatchObject({ stage: 'fdb', interface: 'flannel.1', fdb: { how: 'static', text: `${VTEP2} dev flannel.1 dst 192.168.0.2 self permanent` } });
  });

  it("leaves the inner packet alone: its TTL was decremented once by n1's forwarding and encap does not touch it", () => {
    const before = t.steps[encap.index - 1];
    expect(encap.packet.ip).toEqual(before.packet.ip);
    expect(encap.packet.ip.ttl).toBe(63);
    expect(encap.packet.eth).toEqual({ src: VTEP1, dst: VTEP2 });
    expect(t.outcome.request.packet.ip.ttl).toBe(62);
  });

  it("the outer packet leaves n1's eth0 on the LAN towards n2, and the inner frame is not seen on the LAN", () => {
    const x = findStep(t, (s) => s.direction === 'request' && s.netns === 'n1' && s.stage === 'xmit' && s.interface === 'eth0');
    expect(x.link).toMatchObject({ kind: 'segment', to: { netns: 'n2', interface: 'eth0' } });
    expect(x.packet.outer).toHaveLength(1);
    expect(vxlanOuter(x.packet.outer[0]).eth).toBeDefined();
  });

  it("decapsulates on the receiving node's vxlan device and delivers the inner frame there", () => {
    const n2 = stepsOf(t, 'request', 'n2');
    const decap = n2.find((s) => s.stage === 'decap')!;
    expect(decap).toMatchObject({ interface: 'flannel.1' });
    expect(decap.packet.outer).toEqual([]);
    expect(decap.packet.ip).toMatchObject({ src: '10.244.1.5', dst: '10.244.2.5', ttl: 63 });
    const next = n2[n2.indexOf(decap) + 1];
    expect(next).toMatchObject({ stage: 'recv', interface: 'flannel.1' });
    expect(next.packet.outer).toEqual([]);
  });

  it('uses the configured `local` address even when the underlay has another one first', () => {
    const t2 = trace(overlay(flannel(1, { eth0: '192.168.0.1/24, 192.168.0.11/24', local: '192.168.0.11' }), flannel(2)), 'web');
    const e = findStep(t2, (s) => s.direction === 'request' && s.stage === 'encap');
    expect(vxlanOuter(e.packet.outer[0]).ip.src).toBe('192.168.0.11');
  });

  it('uses the configured dstport, and the receiver must listen on the same one', () => {
    const same = trace(overlay(flannel(1, { dstport: 4789 }), flannel(2, { dstport: 4789 })), 'web');
    expect(vxlanOuter(findStep(same, (s) => s.stage === 'encap').packet.outer[0]).udp.dport).toBe(4789);
    expect(same.outcome.request).toMatchObject({ result: 'delivered', netns: 'pod2' });
    const mismatch = trace(overlay(flannel(1, { dstport: 4789 }), flannel(2)), 'web');
    expect(mismatch.outcome.request).toMatchObject({ result: 'dropped', netns: 'n2' });
    expect(mismatch.steps.some((s) => s.netns === 'pod2')).toBe(false);
  });

  it('carries the skb mark onto the outer packet, where rules on the outer packet can match it', () => {
    const mangle = [
      '*mangle',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      '-A FORWARD -p tcp -j MARK --set-mark 0x4000',
      '-A OUTPUT -p udp -m mark --mark 0x4000 -j MARK --or-mark 0x1',
      'COMMIT',
    ].join('\n');
    const t2 = trace(overlay(flannel(1, { iptables: mangle }), flannel(2)), 'web');
    const e = findStep(t2, (s) => s.direction === 'request' && s.stage === 'encap');
    expect(e.packet.mark).toBe(0x4000);
    const outerRule = findStep(t2, (s) => s.direction === 'request' && s.netns === 'n1' && s.hook === 'OUTPUT' && s.stage === 'rule');
    expect(outerRule.packet.mark).toBe(0x4001);
    // The mark is skb metadata: it does not cross to n2.
    expect(findStep(t2, (s) => s.netns === 'n2' && s.stage === 'recv').packet.mark).toBe(0);
  });

  it('without an FDB entry for the destination MAC the frame is dropped at stage fdb', () => {
    const t2 = trace(overlay(flannel(1, { fdb: false }), flannel(2)), 'web');
    expect(t2.outcome.request).toMatchObject({ result: 'dropped', netns: 'n1', interface: 'flannel.1', stage: 'fdb' });
    expect(t2.steps.some((s) => s.stage === 'encap')).toBe(false);
  });
});

/** A Calico IPIP node: tunl0 (remote any) and `via <peer> dev tunl0 onlink`. */
function calico(i: 1 | 2, mtu = 1480): NodeOpts {
  const peer = 3 - i;
  return {
    eth0: `192.168.0.${i}/24`,
    tunnel: `{ name: tunl0, type: ipip, mtu: ${mtu}, local: any, remote: any }`,
    extra: `    routes: "10.244.${peer}.0/24 via 192.168.0.${peer} dev tunl0 onlink"`,
  };
}

describe('IPIP', () => {
  const t = trace(overlay(calico(1), calico(2)), 'web');
  const encap = findStep(t, (s) => s.direction === 'request' && s.stage === 'encap', 'encap step');

  it('the pods reach each other through tunl0, both ways', () => {
    expect(t.outcome.request, dump(t)).toMatchObject({ result: 'delivered', netns: 'pod2' });
    expect(t.outcome.reply).toMatchObject({ result: 'delivered', netns: 'pod1' });
  });

  it("puts an outer IPv4 header (protocol ipip) addressed to the route's gateway, and no inner Ethernet header", () => {
    expect(encap).toMatchObject({ netns: 'n1', interface: 'tunl0' });
    expect(encap.packet.outer).toHaveLength(1);
    const o = encap.packet.outer[0];
    expect(o.kind).toBe('ipip');
    expect(o.ip).toMatchObject({ src: '192.168.0.1', dst: '192.168.0.2', proto: 'ipip' });
    expect(encap.packet.eth).toBeUndefined();
    expect(encap.packet.ip).toMatchObject({ src: '10.244.1.5', dst: '10.244.2.5', ttl: 63 });
    // On the wire only the outer packet has an Ethernet header.
    const x = findStep(t, (s) => s.direction === 'request' && s.netns === 'n1' && s.stage === 'xmit' && s.link !== undefined);
    expect(x.packet.outer[0].eth).toBeDefined();
    expect(x.packet.eth).toBeUndefined();
    expect(x.link!.to).toEqual({ netns: 'n2', interface: 'eth0' });
  });

  // ENGINE BUG (kernel): tunl0 is the fallback device that ip_tunnel_init_net() creates from zeroed
  // parms, so its TTL is 0 = "inherit" (`ip tunnel show tunl0`: "ttl inherit nopmtudisc"), and
  // ip_tunnel_xmit() (net/ipv4/ip_tunnel.c) does `ttl = tnl_params->ttl; if (ttl == 0) ttl =
  // inner_iph->ttl;`. The outer TTL should be the inner one after n1's forwarding (63); the
  // engine always writes 64 (path.ts ipipXmit). VXLAN, by contrast, does use 64 (ip4_dst_hoplimit).
  it('the outer TTL is inherited from the inner packet (tunl0 is "ttl inherit")', () => {
    expect(encap.packet.outer[0].ip.ttl).toBe(encap.packet.ip.ttl);
  });

  it("decapsulates on the receiving node's tunl0", () => {
    const decap = findStep(t, (s) => s.direction === 'request' && s.stage === 'decap');
    expect(decap).toMatchObject({ netns: 'n2', interface: 'tunl0' });
    expect(decap.packet.outer).toEqual([]);
    expect(decap.packet.ip).toMatchObject({ src: '10.244.1.5', dst: '10.244.2.5' });
    // The inner packet is then routed as received on tunl0.
    const route = findStep(t, (s) => s.index > decap.index && s.netns === 'n2' && s.stage === 'route');
    expect(route).toMatchObject({ interface: 'tunl0', route: { text: '10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1' } });
  });

  it('a default-size SYN fits any tunl0 MTU: a much smaller MTU gives the same trace', () => {
    const small = trace(overlay(calico(1, 576), calico(2, 576)), 'web');
    expect(small.outcome).toEqual(t.outcome);
    expect(small.steps.map((s) => s.stage)).toEqual(t.steps.map((s) => s.stage));
  });
});
