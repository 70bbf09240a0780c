/**
 * Routing as a user of `ip route` expects it: longest prefix, metric, the local table first,
 * gateways, preferred sources, error routes, forwarding, TTL and reverse-path filtering.
 */
import { describe, expect, it } from 'vitest';
import { englishOf } from '../../i18n/message-renderer';
import { dump, findStep, stepsOf, trace } from '../test/world';

/**
 * `a` (10.0.0.1) on a LAN with two routers r1 (10.0.0.2) and r2 (10.0.0.3); `a`'s routes are
 * given. The probe pings 10.9.1.5, which neither router owns: what matters is where `a` sends it.
 */
function lan(routesOfA: string, flow = 'dst: 10.9.1.5') {
  return `
    segments:
      - name: lan
    hosts:
      - name: a
        kind: node
        interfaces:
          - { name: eth0, type: ethernet, segment: lan, mac: "02:00:00:00:00:01", addresses: [10.0.0.1/24, 10.0.0.9/24] }
        routes: ${JSON.stringify(routesOfA)}
      - name: r1
        kind: router
        interfaces:
          - { name: eth0, type: ethernet, segment: lan, mac: "02:00:00:00:00:02", addresses: [10.0.0.2/24, 192.168.99.1/32] }
      - name: r2
        kind: router
        interfaces:
          - { name: eth0, type: ethernet, segment: lan, mac: "02:00:00:00:00:03", addresses: [10.0.0.3/24] }
    flows:
      - { name: probe, from: a, protocol: icmp, ${flow} }
  `;
}

/** The route `a` used for its probe, and the router its frame went to. */
function firstHop(yaml: string) {
  const t = trace(yaml, 'probe');
  const route = findStep(t, (s) => s.netns === 'a' && s.stage === 'route', 'route step of a');
  const xmit = findStep(t, (s) => s.netns === 'a' && s.stage === 'xmit', 'xmit step of a');
  return { t, route: route.route!.text, to: xmit.link!.to.netns };
}

describe('route selection', () => {
  it('picks the longest matching prefix, wherever it is written', () => {
    const { route, to } = firstHop(lan('10.9.1.0/24 via 10.0.0.3 dev eth0\n10.9.0.0/16 via 10.0.0.2 dev eth0'));
    expect(route).toBe('10.9.1.0/24 via 10.0.0.3 dev eth0');
    expect(to).toBe('r2');
    const other = firstHop(lan('10.9.0.0/16 via 10.0.0.2 dev eth0\n10.9.1.0/24 via 10.0.0.3 dev eth0\ndefault via 10.0.0.2'));
    expect(other.route).toBe('10.9.1.0/24 via 10.0.0.3 dev eth0');
  });

  it('breaks a tie between equal prefixes by the lowest metric', () => {
    const { route, to } = firstHop(lan('10.9.0.0/16 via 10.0.0.2 dev eth0 metric 200\n10.9.0.0/16 via 10.0.0.3 dev eth0 metric 100'));
    expect(route).toBe('10.9.0.0/16 via 10.0.0.3 dev eth0 metric 100');
    expect(to).toBe('r2');
  });

  it('consults the local table first: a main route cannot take over a local address', () => {
    // A /32 main route for a's own address through r1 is as specific as the local route, and loses.
    const t = trace(lan('10.0.0.1 via 10.0.0.2 dev eth0', 'dst: 10.0.0.1'), 'probe');
    const route = findStep(t, (s) => s.netns === 'a' && s.stage === 'route');
    expect(route.route).toMatchObject({ table: 'local', type: 'local' });
    expect(t.steps.some((s) => s.netns === 'r1')).toBe(false);
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'a' });
  });

  it('follows "via G dev D onlink" to a gateway outside every connected prefix, resolving G on D', () => {
    const { t, route, to } = firstHop(lan('10.9.0.0/16 via 192.168.99.1 dev eth0 onlink'));
    expect(route).toBe('10.9.0.0/16 via 192.168.99.1 dev eth0 onlink');
    // The next hop (not the destination) is resolved: r1 owns 192.168.99.1 and answers.
    const neigh = findStep(t, (s) => s.netns === 'a' && s.stage === 'neigh');
    expect(neigh.neigh!.text).toMatch(/^192\.168\.99\.1 dev eth0 /);
    expect(neigh.packet.eth!.dst).toBe('02:00:00:00:00:02');
    expect(to).toBe('r1');
  });
});

describe('source address of a locally generated packet (flow without src)', () => {
  it('uses the route\'s "src" when it has one', () => {
    const t = trace(lan('10.9.0.0/16 via 10.0.0.2 dev eth0 src 10.0.0.9'), 'probe');
    expect(findStep(t, (s) => s.stage === 'send').packet.ip.src).toBe('10.0.0.9');
    expect(findStep(t, (s) => s.netns === 'r1' && s.stage === 'recv').packet.ip.src).toBe('10.0.0.9');
  });

  it("otherwise uses the first address of the out device in the next hop's subnet", () => {
    const t = trace(lan('10.9.0.0/16 via 10.0.0.2 dev eth0'), 'probe');
    expect(findStep(t, (s) => s.stage === 'send').packet.ip.src).toBe('10.0.0.1');
  });
});

describe('error routes and missing routes', () => {
  it.each([
    ['blackhole', /blackhole/],
    ['unreachable', /unreachable/],
    ['prohibit', /prohibit/],
  ])('a %s route drops the packet at stage route and nothing answers', (type, reason) => {
    const t = trace(lan(`${type} 10.9.0.0/16\ndefault via 10.0.0.2 dev eth0`), 'probe');
    const o = t.outcome.request;
    expect(o).toMatchObject({ result: 'dropped', netns: 'a', stage: 'route' });
    if (o.result === 'dropped') expect(englishOf(o.reason)).toMatch(reason);
    expect(t.outcome.reply).toBeNull();
    expect(t.steps.some((s) => s.stage === 'xmit')).toBe(false);
  });

  it('an error route only covers its prefix: other destinations still use the default route', () => {
    const t = trace(lan('blackhole 10.8.0.0/16\ndefault via 10.0.0.2 dev eth0'), 'probe');
    expect(findStep(t, (s) => s.netns === 'a' && s.stage === 'xmit').link!.to.netns).toBe('r1');
  });

  it('with no matching route the packet is dropped at stage route ("no route")', () => {
    const t = trace(lan('10.7.0.0/16 via 10.0.0.2 dev eth0'), 'probe');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'a', stage: 'route' });
    if (t.outcome.request.result === 'dropped') expect(englishOf(t.outcome.request.reason)).toMatch(/no route/i);
    expect(t.outcome.reply).toBeNull();
  });
});

/**
 * client ─veth─ sw (a plain bridge, no IP) ─veth─ r1 ═segment core═ r2 ─veth─ server.
 * r1 and r2 route; the bridge in sw only switches.
 */
function chain(opts: { forwardR1?: number; rpFilterR2?: string } = {}) {
  return `
    segments:
      - name: core
    hosts:
      - name: client
        kind: external
        interfaces:
          - { name: eth0, type: veth, peer: sw/p1, addresses: [10.0.1.10/24] }
        routes: "default via 10.0.1.1"
      - name: sw
        kind: node
        interfaces:
          - { name: p1, type: veth }
          - { name: p2, type: veth }
          - { name: br0, type: bridge, ports: [p1, p2] }
      - name: r1
        kind: router
        interfaces:
          - { name: eth0, type: veth, peer: sw/p2, addresses: [10.0.1.1/24] }
          - { name: eth1, type: ethernet, segment: core, addresses: [10.0.12.1/24] }
        routes: "10.0.2.0/24 via 10.0.12.2"
        sysctls: { net.ipv4.ip_forward: ${opts.forwardR1 ?? 1} }
      - name: r2
        kind: router
        interfaces:
          - { name: eth1, type: ethernet, segment: core, addresses: [10.0.12.2/24] }
          - { name: eth0, type: veth, peer: server/eth0, addresses: [10.0.2.1/24] }
        routes: "10.0.1.0/24 via 10.0.12.1"
        sysctls: { net.ipv4.ip_forward: 1 ${opts.rpFilterR2 ?? ''} }
      - name: server
        kind: node
        interfaces:
          - { name: eth0, type: veth, addresses: [10.0.2.10/24] }
        routes: "default via 10.0.2.1"
    flows:
      - { name: web, from: client, protocol: tcp, dst: 10.0.2.10, dport: 80 }
  `;
}

describe('forwarding', () => {
  it('a host with net.ipv4.ip_forward=0 drops a packet not addressed to it at stage forward', () => {
    const t = trace(chain({ forwardR1: 0 }), 'web');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'r1', stage: 'forward' });
    if (t.outcome.request.result === 'dropped') expect(englishOf(t.outcome.request.reason)).toMatch(/ip_forward/);
    expect(t.steps.some((s) => s.netns === 'r2')).toBe(false);
    expect(t.outcome.reply).toBeNull();
  });

  it('with ip_forward=1 on both routers the request and the reply get through', () => {
    const t = trace(chain(), 'web');
    expect(t.outcome.request, dump(t)).toMatchObject({ result: 'delivered', netns: 'server', interface: 'eth0' });
    expect(t.outcome.reply).toMatchObject({ result: 'delivered', netns: 'client' });
  });
});

describe('TTL', () => {
  it('is decremented exactly once per routed hop, and never by a veth or a bridge', () => {
    const t = trace(chain(), 'web');
    for (const dir of ['request', 'reply'] as const) {
      const steps = stepsOf(t, dir);
      const forwards = steps.filter((s) => s.stage === 'forward');
      expect(forwards.map((s) => s.netns)).toEqual(dir === 'request' ? ['r1', 'r2'] : ['r2', 'r1']);
      // Only forward steps change the TTL, by one each.
      const ttlChanges = steps.filter((s) => s.changed.some((c) => c.field === 'ip.ttl'));
      expect(ttlChanges).toEqual(forwards);
      for (const s of forwards) {
        const ttl = s.changed.find((c) => c.field === 'ip.ttl')!;
        expect(ttl.to).toBe((ttl.from as number) - 1);
      }
      // The bridge in sw and the veths leave it alone.
      const sw = steps.filter((s) => s.netns === 'sw');
      expect(sw.length).toBeGreaterThan(0);
      for (const s of sw) expect(s.packet.ip.ttl).toBe(dir === 'request' ? 64 : 62);
    }
    const out = t.outcome;
    expect(out.request.packet.ip.ttl).toBe(62);
    expect(out.reply!.packet.ip.ttl).toBe(62);
  });

  it('a routing loop between two routers ends as in the kernel: the TTL runs out (no engine loop guard first)', () => {
    const yaml = `
      segments:
        - name: core
      hosts:
        - name: client
          kind: external
          interfaces:
            - { name: eth0, type: ethernet, segment: core, addresses: [10.0.0.10/24] }
          routes: "default via 10.0.0.1"
        - name: r1
          kind: router
          interfaces:
            - { name: eth0, type: ethernet, segment: core, addresses: [10.0.0.1/24] }
          routes: "default via 10.0.0.2"
          sysctls: { net.ipv4.ip_forward: 1 }
        - name: r2
          kind: router
          interfaces:
            - { name: eth0, type: ethernet, segment: core, addresses: [10.0.0.2/24] }
          routes: "default via 10.0.0.1"
          sysctls: { net.ipv4.ip_forward: 1 }
      flows:
        - { name: lost, from: client, protocol: icmp, dst: 10.99.0.1 }
    `;
    const t = trace(yaml, 'lost');
    const o = t.outcome.request;
    expect(o.result).toBe('dropped');
    if (o.result === 'dropped') expect(englishOf(o.reason)).toMatch(/TTL expired \(TTL 1\)/);
    expect(['r1', 'r2']).toContain(o.netns);
    expect(t.outcome.reply).toBeNull();
    // It really bounced between the routers, losing TTL on every hop.
    const forwards = t.steps.filter((s) => s.stage === 'forward');
    // TTL 64 leaves the client; every forward takes one, until a router receives TTL 1.
    expect(forwards.length).toBe(63);
    expect(new Set(forwards.map((s) => s.netns))).toEqual(new Set(['r1', 'r2']));
    expect(Math.min(...t.steps.map((s) => s.packet.ip.ttl))).toBeLessThan(62);
  });
});

describe('reverse-path filter', () => {
  /**
   * `c` (10.7.0.5) reaches r over segment B; r's route back to 10.7.0.0/16 is given. c knows r's
   * MAC statically, so no ARP (which rp_filter would also affect) is involved.
   */
  function asym(rpFilter: number, backRoute: string, staticNeighbour = true) {
    return `
      segments:
        - name: a
        - name: b
      hosts:
        - name: c
          kind: external
          interfaces:
            - { name: eth0, type: ethernet, segment: b, mac: "02:00:00:00:0c:01", addresses: [10.7.0.5/24] }
          routes: "default via 10.5.0.1 dev eth0 onlink"
          ${staticNeighbour ? 'neighbors: "10.5.0.1 dev eth0 lladdr 02:00:00:00:0b:01 PERMANENT"' : ''}
        - name: r
          kind: router
          interfaces:
            - { name: eth0, type: ethernet, segment: a, addresses: [10.0.1.1/24] }
            - { name: eth1, type: ethernet, segment: b, mac: "02:00:00:00:0b:01", addresses: [10.5.0.1/24] }
          routes: ${JSON.stringify(backRoute)}
          sysctls: { net.ipv4.ip_forward: 1, net.ipv4.conf.all.rp_filter: ${rpFilter} }
        - name: server
          kind: node
          interfaces:
            - { name: eth0, type: ethernet, segment: a, addresses: [10.0.1.10/24] }
          routes: "default via 10.0.1.1"
      flows:
        - { name: in, from: c, protocol: udp, dst: 10.0.1.10, dport: 53 }
    `;
  }

  it('rp_filter=1 drops a packet whose route back leaves by another interface', () => {
    const t = trace(asym(1, '10.7.0.0/16 via 10.0.1.254 dev eth0'), 'in');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'r', interface: 'eth1', stage: 'route' });
    if (t.outcome.request.result === 'dropped') expect(englishOf(t.outcome.request.reason)).toMatch(/rp_filter/);
  });

  it('the same asymmetric packet passes with rp_filter=0', () => {
    const t = trace(asym(0, '10.7.0.0/16 via 10.0.1.254 dev eth0'), 'in');
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'server' });
  });

  // ENGINE BUG (kernel): arp_process() (net/ipv4/arp.c) answers a request only if
  // `ip_route_input_noref(skb, tip, sip, 0, dev) == 0`; for a local target that runs
  // fib_validate_source() on the sender address, which fails with rp_filter=1 when the route back
  // to it leaves by another device. So r never answers c's ARP for 10.5.0.1 and the packet dies in
  // c at neighbour resolution. The engine's ARP (neigh/arp.ts answersAsOwner) ignores rp_filter, so
  // the frame reaches r and is dropped there at stage route instead.
  it("rp_filter=1 also refuses the asymmetric sender's ARP request: drop at stage neigh in c", () => {
    const t = trace(asym(1, '10.7.0.0/16 via 10.0.1.254 dev eth0', false), 'in');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'c', stage: 'neigh' });
  });

  it('rp_filter=1 passes a packet whose route back uses the ingress interface', () => {
    const t = trace(asym(1, '10.7.0.0/16 via 10.5.0.7 dev eth1'), 'in');
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'server' });
  });
});
