/**
 * Connection tracking and NAT as users of DNAT/SNAT/MASQUERADE rely on it: the binding is decided
 * on the first packet, the reply is translated back from the conntrack entry, and conntrack only
 * runs in a netns that needs it.
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../trace';
import { dump, findStep, stepsOf, trace } from '../test/world';

/**
 * client (172.16.0.10) ═lan═ gw (172.16.0.1 | eth1 addresses given) ═back═ server (10.0.2.10).
 * `gw` forwards and has the iptables given; `server` may have its own rules. `far` owns 172.31.0.1
 * on the back segment, a gateway outside every subnet of gw's eth1 (reached with `onlink`).
 */
function routed(opts: { gwIptables?: string; gwEth1?: string; gwRoutes?: string; serverIptables?: string; flow?: string } = {}) {
  return `
    segments:
      - name: lan
      - name: back
    hosts:
      - name: client
        kind: external
        interfaces:
          - { name: eth0, type: ethernet, segment: lan, addresses: [172.16.0.10/24] }
        routes: "default via 172.16.0.1"
      - name: gw
        kind: node
        interfaces:
          - { name: eth0, type: ethernet, segment: lan, addresses: [172.16.0.1/24] }
          - { name: eth1, type: ethernet, segment: back, addresses: [${opts.gwEth1 ?? '10.0.2.1/24'}] }
        ${opts.gwRoutes ? `routes: ${JSON.stringify(opts.gwRoutes)}` : ''}
        sysctls: { net.ipv4.ip_forward: 1 }
        ${opts.gwIptables ? `iptables: ${JSON.stringify(opts.gwIptables)}` : ''}
      - name: server
        kind: node
        interfaces:
          - { name: eth0, type: ethernet, segment: back, addresses: [10.0.2.10/24] }
        routes: "default via 10.0.2.1"
        ${opts.serverIptables ? `iptables: ${JSON.stringify(opts.serverIptables)}` : ''}
      - name: far
        kind: router
        interfaces:
          - { name: eth0, type: ethernet, segment: back, addresses: [172.31.0.1/32] }
    flows:
      - { name: web, from: client, protocol: tcp, ${opts.flow ?? 'dst: 10.0.2.10, dport: 80'} }
  `;
}

const nat = (...rules: string[]) => ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]', ...rules, 'COMMIT'].join('\n');

const MASQ_ETH1 = nat('-A POSTROUTING -o eth1 -j MASQUERADE');
const DNAT_VIP = nat('-A PREROUTING -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.10:8080');

function delivered(t: Trace, dir: 'request' | 'reply') {
  const o = dir === 'request' ? t.outcome.request : t.outcome.reply;
  expect(o?.result, dump(t)).toBe('delivered');
  return o!;
}

describe('DNAT', () => {
  const t = trace(routed({ gwIptables: DNAT_VIP, flow: 'dst: 10.96.0.10, dport: 80' }), 'web');

  it('rewrites the first packet to the endpoint', () => {
    const req = delivered(t, 'request');
    expect(req).toMatchObject({ netns: 'server' });
    expect(req.packet.ip).toMatchObject({ src: '172.16.0.10', dst: '10.0.2.10' });
    expect(req.packet.l4).toMatchObject({ sport: 40123, dport: 8080 });
  });

  it("stores the binding in gw's conntrack table", () => {
    expect(t.conntrack.gw).toHaveLength(1);
    expect(t.conntrack.gw[0]).toMatch(/src=172\.16\.0\.10 dst=10\.96\.0\.10 sport=40123 dport=80 .*src=10\.0\.2\.10 dst=172\.16\.0\.10 sport=8080 dport=40123/);
  });

  it('un-DNATs the reply: the client sees it come from the VIP and port it called', () => {
    const rep = delivered(t, 'reply');
    expect(rep).toMatchObject({ netns: 'client' });
    expect(rep.packet.ip).toMatchObject({ src: '10.96.0.10', dst: '172.16.0.10' });
    expect(rep.packet.l4).toMatchObject({ sport: 80, dport: 40123 });
  });

  it('translates the reply from the conntrack entry without walking the nat table', () => {
    const gwReply = stepsOf(t, 'reply', 'gw');
    expect(gwReply.filter((s) => s.table === 'nat' && (s.stage === 'rule' || s.stage === 'policy'))).toEqual([]);
    expect(findStep(t, (s) => s.direction === 'reply' && s.netns === 'gw' && s.stage === 'conntrack').conntrack).toMatchObject({ direction: 'reply', state: 'ESTABLISHED' });
    const undo = gwReply.filter((s) => s.stage === 'nat');
    expect(undo).toHaveLength(1);
    expect(undo[0].changed).toEqual(
      expect.arrayContaining([
        { field: 'ip.src', from: '10.0.2.10', to: '10.96.0.10' },
        { field: 'l4.sport', from: 8080, to: 80 },
      ]),
    );
    // ...while the request did walk it.
    expect(stepsOf(t, 'request', 'gw').some((s) => s.table === 'nat' && s.stage === 'rule' && s.rule?.text.includes('DNAT'))).toBe(true);
  });
});

describe('SNAT and MASQUERADE', () => {
  it('SNAT --to-source rewrites the source, and the reply is un-SNATed back to the client', () => {
    const t = trace(routed({ gwIptables: nat('-A POSTROUTING -s 172.16.0.0/24 -o eth1 -j SNAT --to-source 10.0.2.1') }), 'web');
    expect(delivered(t, 'request').packet.ip).toMatchObject({ src: '10.0.2.1', dst: '10.0.2.10' });
    const rep = delivered(t, 'reply');
    expect(rep).toMatchObject({ netns: 'client' });
    expect(rep.packet.ip).toMatchObject({ src: '10.0.2.10', dst: '172.16.0.10' });
    expect(stepsOf(t, 'reply', 'gw').some((s) => s.table === 'nat' && (s.stage === 'rule' || s.stage === 'policy'))).toBe(false);
  });

  it("MASQUERADE picks the out interface's address whose subnet holds the next hop", () => {
    // eth1's first address is 192.168.50.1; the server is on its second subnet.
    const t = trace(routed({ gwIptables: MASQ_ETH1, gwEth1: '192.168.50.1/24, 10.0.2.1/24' }), 'web');
    expect(delivered(t, 'request').packet.ip.src).toBe('10.0.2.1');
    expect(delivered(t, 'reply').packet.ip.dst).toBe('172.16.0.10');
  });

  it("MASQUERADE takes the out interface's first address when no subnet holds the next hop", () => {
    const t = trace(routed({ gwIptables: MASQ_ETH1, gwEth1: '192.168.50.1/24, 10.0.2.1/24', gwRoutes: '10.77.0.0/16 via 172.31.0.1 dev eth1 onlink', flow: 'dst: 10.77.0.5, dport: 80' }), 'web');
    const out = findStep(t, (s) => s.netns === 'gw' && s.stage === 'xmit' && s.interface === 'eth1', 'gw transmit on eth1');
    expect(out.link!.to.netns).toBe('far');
    expect(out.packet.ip.src).toBe('192.168.50.1');
  });
});

describe('where conntrack runs', () => {
  it('only in a netns with a nat table: hosts without iptables track nothing', () => {
    const t = trace(routed({ gwIptables: MASQ_ETH1 }), 'web');
    const ctNetns = new Set(t.steps.filter((s) => s.stage === 'conntrack').map((s) => s.netns));
    expect([...ctNetns]).toEqual(['gw']);
    expect(Object.keys(t.conntrack)).toEqual(['gw']);
  });

  it('a filter table without ctstate rules does not start conntrack; a ctstate rule does', () => {
    const filter = (rule: string) => ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', rule, 'COMMIT'].join('\n');
    const plain = trace(routed({ gwIptables: filter('-A FORWARD -p tcp -j ACCEPT'), serverIptables: filter('-A INPUT -p tcp -j ACCEPT') }), 'web');
    expect(plain.steps.filter((s) => s.stage === 'conntrack')).toEqual([]);
    expect(plain.conntrack).toEqual({});
    const stateful = trace(routed({ gwIptables: filter('-A FORWARD -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT'), serverIptables: filter('-A INPUT -p tcp -j ACCEPT') }), 'web');
    expect(new Set(stateful.steps.filter((s) => s.stage === 'conntrack').map((s) => s.netns))).toEqual(new Set(['gw']));
  });
});

describe('-m conntrack --ctstate in FORWARD', () => {
  const fw = (...rules: string[]) => ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT'].join('\n');
  const ESTABLISHED = '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT';
  const NEW_IN = '-A FORWARD -i eth0 -o eth1 -p tcp -m tcp --dport 80 -j ACCEPT';

  it('ESTABLISHED matches the reply, so a stateful firewall lets it back', () => {
    const t = trace(routed({ gwIptables: fw(ESTABLISHED, NEW_IN) }), 'web');
    delivered(t, 'request');
    expect(delivered(t, 'reply')).toMatchObject({ netns: 'client' });
    const reqDecision = findStep(t, (s) => s.direction === 'request' && s.netns === 'gw' && s.hook === 'FORWARD' && s.stage === 'rule');
    expect(reqDecision.rule!.text).toBe(NEW_IN);
    // Rule 1 of the chain (the ESTABLISHED rule) was evaluated first and did not match.
    expect(reqDecision.notMatched).toEqual({ from: 1, to: 1 });
    expect(reqDecision.rule!.index).toBe(2);
    const repDecision = findStep(t, (s) => s.direction === 'reply' && s.netns === 'gw' && s.hook === 'FORWARD' && s.stage === 'rule');
    expect(repDecision).toMatchObject({ verdict: 'ACCEPT', rule: { text: ESTABLISHED } });
  });

  it('without the ESTABLISHED rule the reply falls to the DROP policy', () => {
    const t = trace(routed({ gwIptables: fw(NEW_IN) }), 'web');
    delivered(t, 'request');
    expect(t.outcome.reply).toMatchObject({ result: 'dropped', netns: 'gw', stage: 'rule' });
  });
});

describe('reverse NAT bypassed', () => {
  /**
   * Hairpin through a Service VIP on one bridge: pod a calls 10.96.0.10:80, the node DNATs to pod b
   * on the same bridge, without MASQUERADE. b answers a directly over the bridge.
   */
  function hairpin(brNf: number) {
    return `
      hosts:
        - name: node
          kind: node
          interfaces:
            - { name: veth-a, type: veth, peer: a/eth0 }
            - { name: veth-b, type: veth, peer: b/eth0 }
            - { name: cbr0, type: bridge, addresses: [10.244.0.1/24], ports: [veth-a, veth-b] }
          sysctls: { net.ipv4.ip_forward: 1, net.bridge.bridge-nf-call-iptables: ${brNf} }
          iptables: ${JSON.stringify(nat('-A PREROUTING -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.0.3:8080'))}
        - name: a
          kind: pod
          node: node
          interfaces:
            - { name: eth0, type: veth, addresses: [10.244.0.2/24] }
          routes: "default via 10.244.0.1"
        - name: b
          kind: pod
          node: node
          interfaces:
            - { name: eth0, type: veth, addresses: [10.244.0.3/24] }
          routes: "default via 10.244.0.1"
      flows:
        - { name: svc, from: a, protocol: tcp, dst: 10.96.0.10, dport: 80 }
    `;
  }

  it("without br_netfilter the reply skips the node's conntrack and reaches the client from the wrong address", () => {
    const t = trace(hairpin(0), 'svc');
    expect(delivered(t, 'request')).toMatchObject({ netns: 'b' });
    expect(t.outcome.reply).toMatchObject({ result: 'dropped', netns: 'a', stage: 'deliver' });
    expect(t.outcome.reply!.packet.ip.src).toBe('10.244.0.3');
    expect(stepsOf(t, 'reply', 'node').some((s) => s.stage === 'conntrack' || s.stage === 'nat')).toBe(false);
  });

  it('with bridge-nf-call-iptables=1 the bridged reply is un-DNATed and accepted', () => {
    const t = trace(hairpin(1), 'svc');
    expect(delivered(t, 'reply')).toMatchObject({ netns: 'a' });
    expect(t.outcome.reply!.packet.ip.src).toBe('10.96.0.10');
  });
});
