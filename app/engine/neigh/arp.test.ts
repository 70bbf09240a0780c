/**
 * Neighbour resolution and bridging as users see it in `ip neigh` / `bridge fdb`: who answers ARP
 * (the owner, a proxy), static entries, a bridge's learning and flooding, and hairpin mode.
 */
import { describe, expect, it } from 'vitest';
import { englishOf } from '../../i18n/message-renderer';
import { dump, findStep, scenarioText, stepsOf, trace } from '../test/world';

const MAC_A = '02:00:00:00:00:0a';
const MAC_B = '02:00:00:00:00:0b';
const MAC_C = '02:00:00:00:00:0c';

/** a (10.0.0.1), b (10.0.0.2) and c (10.0.0.3) on one LAN; a's neighbour entries are given. */
function lan(neighborsOfA?: string, dst = '10.0.0.2') {
  return `
    segments:
      - name: lan
    hosts:
      - name: a
        kind: node
        interfaces:
          - { name: eth0, type: ethernet, segment: lan, mac: "${MAC_A}", addresses: [10.0.0.1/24] }
        ${neighborsOfA ? `neighbors: ${JSON.stringify(neighborsOfA)}` : ''}
      - name: b
        kind: node
        interfaces:
          - { name: eth0, type: ethernet, segment: lan, mac: "${MAC_B}", addresses: [10.0.0.2/24] }
      - name: c
        kind: node
        interfaces:
          - { name: eth0, type: ethernet, segment: lan, mac: "${MAC_C}", addresses: [10.0.0.3/24] }
    flows:
      - { name: ping, from: a, protocol: icmp, dst: ${dst} }
  `;
}

describe('ARP', () => {
  it("is answered by the owner of the address, whose MAC becomes the frame's destination", () => {
    const t = trace(lan(), 'ping');
    const n = findStep(t, (s) => s.netns === 'a' && s.stage === 'neigh');
    expect(n.neigh).toMatchObject({ how: 'arp', answeredBy: { netns: 'b', interface: 'eth0' }, text: `10.0.0.2 dev eth0 lladdr ${MAC_B} REACHABLE` });
    expect(n.packet.eth).toEqual({ src: MAC_A, dst: MAC_B });
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'b' });
  });

  it('the owner learns the asker from its request, so the reply needs no ARP of its own', () => {
    const t = trace(lan(), 'ping');
    const n = findStep(t, (s) => s.direction === 'reply' && s.netns === 'b' && s.stage === 'neigh');
    expect(n.neigh!.how).toBe('cached');
    expect(n.packet.eth!.dst).toBe(MAC_A);
  });

  it('an address nobody owns gets no answer: drop at stage neigh', () => {
    const t = trace(lan(undefined, '10.0.0.77'), 'ping');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'a', interface: 'eth0', stage: 'neigh' });
    if (t.outcome.request.result === 'dropped') expect(englishOf(t.outcome.request.reason)).toMatch(/no ARP reply for 10\.0\.0\.77/);
  });
});

describe('static (PERMANENT) neighbour entries', () => {
  const entry = `10.0.0.2 dev eth0 lladdr ${MAC_B} PERMANENT`;

  it('are used without ARP, and the step points at the line they were written on', () => {
    const yaml = lan(entry);
    const t = trace(yaml, 'ping');
    const n = findStep(t, (s) => s.netns === 'a' && s.stage === 'neigh');
    expect(n.neigh).toMatchObject({ how: 'static', text: entry });
    expect(n.neigh!.answeredBy).toBeUndefined();
    const line =
      scenarioText(yaml)
        .split('\n')
        .findIndex((l) => l.includes('neighbors:')) + 1;
    expect(n.neigh!.source).toMatchObject({ file: 'test.yaml', line });
    // No ARP request went out, so b has not learned a and must ARP for the reply.
    expect(findStep(t, (s) => s.direction === 'reply' && s.netns === 'b' && s.stage === 'neigh').neigh!.how).toBe('arp');
  });

  it('are trusted as written: a stale MAC sends the frame to a station that is not there', () => {
    const t = trace(lan('10.0.0.2 dev eth0 lladdr 02:00:00:00:00:99 PERMANENT'), 'ping');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'a' });
    expect(t.steps.some((s) => s.netns === 'b')).toBe(false);
  });
});

describe('proxy ARP (Calico: pod default via 169.254.1.1)', () => {
  function calico(sysctls: string) {
    return `
      segments:
        - name: lan
      hosts:
        - name: ext
          kind: external
          interfaces:
            - { name: eth0, type: ethernet, segment: lan, addresses: [192.168.0.20/24] }
          routes: "10.244.0.0/16 via 192.168.0.1"
        - name: node
          kind: node
          interfaces:
            - { name: eth0, type: ethernet, segment: lan, addresses: [192.168.0.1/24] }
            - { name: cali123, type: veth, mac: "ee:ee:ee:ee:ee:ee", peer: pod/eth0 }
          routes: |
            default via 192.168.0.254 dev eth0
            10.244.1.5 dev cali123 scope link
          sysctls: { ${sysctls} }
        - name: pod
          kind: pod
          node: node
          interfaces:
            - { name: eth0, type: veth, addresses: [10.244.1.5/32] }
          routes: |
            default via 169.254.1.1 dev eth0
            169.254.1.1 dev eth0 scope link
      flows:
        - { name: out, from: pod, protocol: icmp, dst: 192.168.0.20 }
    `;
  }

  it('the host end with proxy_arp=1 and ip_forward=1 answers for 169.254.1.1 with its own MAC', () => {
    const t = trace(calico('net.ipv4.ip_forward: 1, net.ipv4.conf.cali123.proxy_arp: 1'), 'out');
    const n = findStep(t, (s) => s.netns === 'pod' && s.stage === 'neigh');
    expect(n.neigh).toMatchObject({ how: 'proxy-arp', answeredBy: { netns: 'node', interface: 'cali123' } });
    expect(n.packet.eth!.dst).toBe('ee:ee:ee:ee:ee:ee');
    expect(t.outcome.request, dump(t)).toMatchObject({ result: 'delivered', netns: 'ext' });
    expect(t.outcome.reply).toMatchObject({ result: 'delivered', netns: 'pod' });
  });

  it.each([
    ['proxy_arp=0', 'net.ipv4.ip_forward: 1, net.ipv4.conf.cali123.proxy_arp: 0'],
    ['proxy_arp=1 but ip_forward=0', 'net.ipv4.ip_forward: 0, net.ipv4.conf.cali123.proxy_arp: 1'],
  ])('with %s nobody answers: drop at stage neigh in the pod', (_what, sysctls) => {
    const t = trace(calico(sysctls), 'out');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'pod', interface: 'eth0', stage: 'neigh' });
    if (t.outcome.request.result === 'dropped') expect(englishOf(t.outcome.request.reason)).toMatch(/169\.254\.1\.1/);
    expect(t.steps.some((s) => s.netns === 'node')).toBe(false);
  });
});

describe('bridge FDB', () => {
  /** Containers a, b, c on bridge br0 of `node` (ports va, vb, vc); neighbour entries given. */
  function bridge(neigh: { a?: string; b?: string } = {}, dst = '10.0.0.3') {
    return `
      hosts:
        - name: node
          kind: node
          interfaces:
            - { name: va, type: veth, peer: a/eth0 }
            - { name: vb, type: veth, peer: b/eth0 }
            - { name: vc, type: veth, peer: c/eth0 }
            - { name: br0, type: bridge, ports: [va, vb, vc] }
        - name: a
          kind: container
          node: node
          interfaces:
            - { name: eth0, type: veth, mac: "${MAC_A}", addresses: [10.0.0.2/24] }
          ${neigh.a ? `neighbors: ${JSON.stringify(neigh.a)}` : ''}
        - name: b
          kind: container
          node: node
          interfaces:
            - { name: eth0, type: veth, mac: "${MAC_B}", addresses: [10.0.0.3/24] }
          ${neigh.b ? `neighbors: ${JSON.stringify(neigh.b)}` : ''}
        - name: c
          kind: container
          node: node
          interfaces:
            - { name: eth0, type: veth, mac: "${MAC_C}", addresses: [10.0.0.4/24] }
      flows:
        - { name: ping, from: a, protocol: icmp, dst: ${dst} }
    `;
  }
  const fdbSteps = (t: ReturnType<typeof trace>, dir: 'request' | 'reply') => stepsOf(t, dir, 'node').filter((s) => s.stage === 'fdb');

  it('floods a frame for a MAC it has never seen to every port but the ingress, then learns the sender for the reply', () => {
    // Static neighbours: no ARP broadcast teaches the bridge anything beforehand.
    const t = trace(bridge({ a: `10.0.0.3 dev eth0 lladdr ${MAC_B} PERMANENT`, b: `10.0.0.2 dev eth0 lladdr ${MAC_A} PERMANENT` }), 'ping');
    const [req] = fdbSteps(t, 'request');
    expect(req.fdb).toMatchObject({ how: 'flood', ports: ['vb', 'vc'] });
    expect(t.outcome.request, dump(t)).toMatchObject({ result: 'delivered', netns: 'b' });
    const [rep] = fdbSteps(t, 'reply');
    expect(rep.fdb).toMatchObject({ how: 'learned', ports: ['va'] });
    expect(rep.fdb!.text).toContain(MAC_A);
    expect(t.outcome.reply).toMatchObject({ result: 'delivered', netns: 'a' });
  });

  it('an ARP exchange teaches the bridge both MACs, so even the first frame is not flooded', () => {
    const t = trace(bridge(), 'ping');
    expect(fdbSteps(t, 'request')[0].fdb).toMatchObject({ how: 'learned', ports: ['vb'] });
  });

  it("a flooded frame that no port's station owns is dropped at stage fdb", () => {
    const t = trace(bridge({ a: '10.0.0.3 dev eth0 lladdr 02:00:00:00:00:99 PERMANENT' }), 'ping');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'node', stage: 'fdb' });
    expect(t.steps.some((s) => s.netns === 'b' || s.netns === 'c')).toBe(false);
  });
});

describe('hairpin mode', () => {
  /**
   * A pod reaching itself through a Service VIP (kubenet-style hairpin): br_netfilter DNATs the
   * bridged frame back to the pod, so it must leave by the port it came in on.
   */
  function selfViaService(hairpin: string, neighbour = '') {
    const nat = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      '-A PREROUTING -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.0.2:8080',
      '-A POSTROUTING -s 10.244.0.2/32 -d 10.244.0.2/32 -j MASQUERADE',
      'COMMIT',
    ].join('\n');
    return `
      hosts:
        - name: node
          kind: node
          interfaces:
            - { name: veth-a, type: veth, peer: a/eth0 }
            - { name: cbr0, type: bridge, addresses: [10.244.0.1/24], ports: [veth-a], hairpin: [${hairpin}] }
          sysctls: { net.ipv4.ip_forward: 1, net.bridge.bridge-nf-call-iptables: 1 }
          neighbors: ${JSON.stringify(neighbour)}
          iptables: ${JSON.stringify(nat)}
        - name: a
          kind: pod
          node: node
          interfaces:
            - { name: eth0, type: veth, mac: "02:00:0a:f4:00:02", addresses: [10.244.0.2/24] }
          routes: "default via 10.244.0.1"
      flows:
        - { name: self, from: a, protocol: tcp, dst: 10.96.0.10, dport: 80 }
    `;
  }

  // With the pod's MAC already known, the bridged DNAT obeys the hairpin rule.
  const known = '10.244.0.2 dev cbr0 lladdr 02:00:0a:f4:00:02 REACHABLE';

  it('a frame that must leave by its ingress port is dropped when hairpin is off', () => {
    const t = trace(selfViaService('', known), 'self');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'node', stage: 'fdb' });
    if (t.outcome.request.result === 'dropped') expect(englishOf(t.outcome.request.reason)).toMatch(/hairpin/);
    expect(stepsOf(t, 'request', 'a').filter((s) => s.stage === 'recv')).toEqual([]);
  });

  it('a first packet that waited for ARP is sent back out of its port by the bridge device, skips POSTROUTING and is a martian in the pod (kernel-measured)', () => {
    const t = trace(selfViaService(''), 'self');
    expect(stepsOf(t, 'request', 'a').some((s) => s.stage === 'recv')).toBe(true);
    expect(stepsOf(t, 'request', 'node').some((s) => s.hook === 'POSTROUTING')).toBe(false);
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'a', stage: 'route' });
    if (t.outcome.request.result === 'dropped') expect(englishOf(t.outcome.request.reason)).toMatch(/martian/);
  });

  it('with the port in hairpin the frame goes back out of it and the pod reaches itself', () => {
    const t = trace(selfViaService('veth-a', known), 'self');
    const back = findStep(t, (s) => s.netns === 'node' && s.stage === 'xmit');
    expect(back.interface).toBe('veth-a');
    expect(t.outcome.request, dump(t)).toMatchObject({ result: 'delivered', netns: 'a' });
    expect(t.outcome.request.packet.ip).toMatchObject({ src: '10.244.0.1', dst: '10.244.0.2' });
    expect(t.outcome.reply).toMatchObject({ result: 'delivered', netns: 'a' });
    expect(t.outcome.reply!.packet.ip.src).toBe('10.96.0.10');
  });
});
