import { describe, expect, it, vi } from 'vitest';
import { type MatchContext, type RecentMatch, RecentLists, ifaceMatches, matchOne, matchRule } from './match';
import type { AddrType, HookName, Match, Rule } from './types';

function rule(...matches: Match[]): Rule {
  return { table: 'filter', chain: 'FOO', index: 1, text: '-A FOO', matches, target: { kind: 'ACCEPT' } };
}

const LOCAL = new Set(['192.168.0.2', '127.0.0.1']);

function ctx(over: Partial<MatchContext> = {}, pkt: Partial<MatchContext['pkt']> = {}): MatchContext {
  return {
    hook: 'FORWARD' as HookName,
    pkt: { src: '10.0.0.5', dst: '172.30.0.41', proto: 'tcp', sport: 40000, dport: 80, tcpFlags: 'S', ...pkt },
    inIface: 'eth0',
    outIface: 'cni0',
    bridged: false,
    mark: 0,
    ctstate: 'NEW',
    ctNat: { snat: false, dnat: false },
    addrType: (addr: string, iface?: string): AddrType => (LOCAL.has(addr) && (iface === undefined || iface === 'eth0') ? 'LOCAL' : 'UNICAST'),
    random: () => true,
    nth: () => 0,
    ...over,
  };
}

const m1 = (m: Match, c: MatchContext = ctx()) => matchOne(m, rule(m), c);

describe('addresses', () => {
  it('-s/-d prefix match and !', () => {
    expect(m1({ kind: 'src', cidr: { addr: '10.0.0.0', len: 8 }, invert: false })).toBe(true);
    expect(m1({ kind: 'src', cidr: { addr: '10.0.0.0', len: 8 }, invert: true })).toBe(false);
    expect(m1({ kind: 'dst', cidr: { addr: '172.30.0.41', len: 32 }, invert: false })).toBe(true);
    expect(m1({ kind: 'dst', cidr: { addr: '172.30.0.40', len: 32 }, invert: false })).toBe(false);
    expect(m1({ kind: 'dst', cidr: { addr: '0.0.0.0', len: 0 }, invert: false })).toBe(true);
  });
});

describe('interfaces', () => {
  it('exact, + wildcard and !', () => {
    expect(ifaceMatches('cali12ab', 'cali+')).toBe(true);
    expect(ifaceMatches('cal', 'cali+')).toBe(false);
    expect(ifaceMatches('', '+')).toBe(true);
    expect(m1({ kind: 'in', name: 'eth0', invert: false })).toBe(true);
    expect(m1({ kind: 'in', name: 'eth+', invert: true })).toBe(false);
    expect(m1({ kind: 'out', name: 'docker0', invert: true })).toBe(true);
  });

  it('a hook without an in/out device compares against the empty name', () => {
    const out = ctx({ hook: 'OUTPUT', inIface: 'eth0', outIface: 'eth0' });
    expect(m1({ kind: 'in', name: 'eth0', invert: false }, out)).toBe(false);
    expect(m1({ kind: 'in', name: 'eth0', invert: true }, out)).toBe(true);
    expect(m1({ kind: 'in', name: '+', invert: false }, out)).toBe(true);
    expect(m1({ kind: 'out', name: 'eth0', invert: false }, out)).toBe(true);
    const pre = ctx({ hook: 'PREROUTING', outIface: 'eth1' });
    expect(m1({ kind: 'out', name: 'eth1', invert: false }, pre)).toBe(false);
  });
});

describe('protocol and ports', () => {
  it('-p names, numbers, all and !', () => {
    expect(m1({ kind: 'proto', proto: 'tcp', invert: false })).toBe(true);
    expect(m1({ kind: 'proto', proto: 'udp', invert: false })).toBe(false);
    expect(m1({ kind: 'proto', proto: 'udp', invert: true })).toBe(true);
    expect(m1({ kind: 'proto', proto: 'all', invert: false })).toBe(true);
    expect(m1({ kind: 'proto', proto: 4, invert: false }, ctx({}, { proto: 'ipip' }))).toBe(true);
    expect(m1({ kind: 'proto', proto: 6, invert: false })).toBe(true);
  });

  it('--sport/--dport ranges and !', () => {
    expect(m1({ kind: 'dport', ports: [{ from: 80, to: 80 }], invert: false })).toBe(true);
    expect(m1({ kind: 'dport', ports: [{ from: 80, to: 80 }], invert: true })).toBe(false);
    expect(m1({ kind: 'sport', ports: [{ from: 1024, to: 65535 }], invert: false })).toBe(true);
    expect(m1({ kind: 'sport', ports: [{ from: 0, to: 1023 }], invert: true })).toBe(true);
  });

  it('port matches never hold without ports, even inverted', () => {
    const icmp = ctx({}, { proto: 'icmp', sport: undefined, dport: undefined, icmpType: 8, icmpCode: 0 });
    expect(m1({ kind: 'dport', ports: [{ from: 80, to: 80 }], invert: true }, icmp)).toBe(false);
    expect(m1({ kind: 'port', ports: [{ from: 80, to: 80 }], invert: true }, icmp)).toBe(false);
  });

  it('multiport --ports matches either port', () => {
    expect(m1({ kind: 'port', ports: [{ from: 40000, to: 40000 }], invert: false })).toBe(true);
    expect(
      m1({
        kind: 'port',
        ports: [
          { from: 22, to: 22 },
          { from: 443, to: 443 },
        ],
        invert: false,
      }),
    ).toBe(false);
    expect(
      m1({
        kind: 'dport',
        ports: [
          { from: 22, to: 22 },
          { from: 79, to: 81 },
        ],
        invert: false,
      }),
    ).toBe(true);
  });

  it('--tcp-flags and --syn', () => {
    const syn: Match = { kind: 'tcp-flags', mask: 0x17, comp: 0x02, invert: false };
    expect(m1(syn)).toBe(true);
    expect(m1(syn, ctx({}, { tcpFlags: 'SA' }))).toBe(false);
    expect(m1({ ...syn, invert: true }, ctx({}, { tcpFlags: 'A' }))).toBe(true);
    expect(m1({ kind: 'tcp-flags', mask: 0x12, comp: 0x12, invert: false }, ctx({}, { tcpFlags: 'SA' }))).toBe(true);
    expect(m1(syn, ctx({}, { proto: 'udp' }))).toBe(false);
  });

  it('--icmp-type type, type/code, any', () => {
    const unreach = ctx({}, { proto: 'icmp', sport: undefined, dport: undefined, icmpType: 3, icmpCode: 3 });
    expect(m1({ kind: 'icmp-type', type: 3, invert: false }, unreach)).toBe(true);
    expect(m1({ kind: 'icmp-type', type: 3, code: 3, invert: false }, unreach)).toBe(true);
    expect(m1({ kind: 'icmp-type', type: 3, code: 4, invert: false }, unreach)).toBe(false);
    expect(m1({ kind: 'icmp-type', type: 8, invert: true }, unreach)).toBe(true);
    expect(m1({ kind: 'icmp-type', type: 255, invert: false }, unreach)).toBe(true);
    expect(m1({ kind: 'icmp-type', type: 255, invert: false })).toBe(false);
  });
});

describe('addrtype', () => {
  const local = ctx({}, { src: '192.168.0.2', dst: '127.0.0.1' });
  it('src and dst types must all hold; ! inverts each', () => {
    const both: Match = { kind: 'addrtype', srcType: { types: ['LOCAL'], invert: false }, dstType: { types: ['LOCAL'], invert: false }, limitIfaceIn: false, limitIfaceOut: false };
    expect(m1(both, local)).toBe(true);
    expect(m1(both, ctx({}, { src: '192.168.0.2', dst: '8.8.8.8' }))).toBe(false);
    expect(m1({ kind: 'addrtype', dstType: { types: ['LOCAL'], invert: true }, limitIfaceIn: false, limitIfaceOut: false })).toBe(true);
    expect(m1({ kind: 'addrtype', dstType: { types: ['UNICAST', 'LOCAL'], invert: false }, limitIfaceIn: false, limitIfaceOut: false })).toBe(true);
  });

  it('--limit-iface-in passes the in-device', () => {
    const spy = vi.fn((): AddrType => 'LOCAL');
    const c = ctx({ hook: 'PREROUTING', inIface: 'eth1', addrType: spy }, { dst: '192.168.0.2' });
    m1({ kind: 'addrtype', dstType: { types: ['LOCAL'], invert: false }, limitIfaceIn: true, limitIfaceOut: false }, c);
    expect(spy).toHaveBeenCalledWith('192.168.0.2', 'eth1');
    m1({ kind: 'addrtype', dstType: { types: ['LOCAL'], invert: false }, limitIfaceIn: false, limitIfaceOut: false }, c);
    expect(spy).toHaveBeenLastCalledWith('192.168.0.2', undefined);
  });
});

describe('mark and conntrack', () => {
  it('(mark & mask) === value, unsigned, and !', () => {
    const masq: Match = { kind: 'mark', value: 0x4000, mask: 0x4000, invert: false };
    expect(m1(masq, ctx({ mark: 0x4001 }))).toBe(true);
    expect(m1(masq, ctx({ mark: 0x1 }))).toBe(false);
    expect(m1({ ...masq, invert: true }, ctx({ mark: 0x1 }))).toBe(true);
    expect(m1({ kind: 'mark', value: 0x80000000, mask: 0xffffffff, invert: false }, ctx({ mark: 0x80000000 }))).toBe(true);
    expect(m1({ kind: 'mark', value: 0x80000000, mask: 0x80000000, invert: false }, ctx({ mark: -0x80000000 }))).toBe(true);
  });

  it('ctstate lists, DNAT/SNAT virtual states and !', () => {
    const est = ctx({ ctstate: 'ESTABLISHED', ctNat: { snat: false, dnat: true } });
    expect(m1({ kind: 'ctstate', states: ['RELATED', 'ESTABLISHED'], invert: false }, est)).toBe(true);
    expect(m1({ kind: 'ctstate', states: ['NEW'], invert: false }, est)).toBe(false);
    expect(m1({ kind: 'ctstate', states: ['DNAT'], invert: false }, est)).toBe(true);
    expect(m1({ kind: 'ctstate', states: ['SNAT'], invert: true }, est)).toBe(true);
    const inv = ctx({ ctstate: 'INVALID', ctNat: { snat: false, dnat: true } });
    expect(m1({ kind: 'ctstate', states: ['DNAT'], invert: false }, inv)).toBe(false);
    expect(m1({ kind: 'ctstate', states: ['INVALID'], invert: false }, inv)).toBe(true);
  });
});

describe('statistic', () => {
  it('random is drawn only when every earlier match held (short-circuit)', () => {
    const random = vi.fn(() => true);
    const r = rule({ kind: 'dst', cidr: { addr: '172.30.0.99', len: 32 }, invert: false }, { kind: 'statistic-random', probability: 0.5, invert: false });
    expect(matchRule(r, ctx({ random }))).toBe(false);
    expect(random).not.toHaveBeenCalled();
    const r2 = rule({ kind: 'dst', cidr: { addr: '172.30.0.41', len: 32 }, invert: false }, { kind: 'statistic-random', probability: 0.5, invert: false });
    expect(matchRule(r2, ctx({ random }))).toBe(true);
    expect(random).toHaveBeenCalledWith(r2, 0.5);
    expect(matchRule(r2, ctx({ random: () => false }))).toBe(false);
    const inv = rule({ kind: 'statistic-random', probability: 0.5, invert: true });
    expect(matchRule(inv, ctx({ random: () => false }))).toBe(true);
  });

  it('nth matches packet k of every n', () => {
    let count = 0;
    const c = ctx({ nth: () => count++ });
    const m: Match = { kind: 'statistic-nth', every: 3, packet: 1, invert: false };
    const r = rule(m);
    expect([0, 1, 2, 3, 4, 5].map(() => matchRule(r, c))).toEqual([false, true, false, false, true, false]);
  });
});

describe('always-true and bridge matches', () => {
  it('comment and module loads always match', () => {
    expect(m1({ kind: 'comment', text: 'x' })).toBe(true);
    expect(m1({ kind: 'module', name: 'tcp' })).toBe(true);
    expect(matchRule(rule(), ctx())).toBe(true);
  });

  it('physdev: no bridge info → only inverted options hold', () => {
    expect(m1({ kind: 'physdev-in', name: 'veth1', invert: false })).toBe(false);
    expect(m1({ kind: 'physdev-in', name: 'veth1', invert: true })).toBe(true);
    expect(m1({ kind: 'physdev-is-bridged', invert: false })).toBe(false);
    expect(m1({ kind: 'physdev-is-bridged', invert: true })).toBe(true);
  });

  it('physdev with bridge info', () => {
    const br = ctx({ physIn: 'veth1', physOut: 'veth2', bridged: true });
    expect(m1({ kind: 'physdev-in', name: 'veth+', invert: false }, br)).toBe(true);
    expect(m1({ kind: 'physdev-out', name: 'veth1', invert: false }, br)).toBe(false);
    expect(m1({ kind: 'physdev-is-bridged', invert: false }, br)).toBe(true);
    const routed = ctx({ physIn: 'veth1', bridged: false });
    expect(m1({ kind: 'physdev-is-bridged', invert: true }, routed)).toBe(true);
    expect(m1({ kind: 'physdev-out', name: 'veth2', invert: true }, routed)).toBe(true);
  });

  it('physdev --physdev-is-in / --physdev-is-out (xt_physdev: entered / leaves by a bridge port)', () => {
    // kube-proxy IPVS mode's external-IP rule: `-m physdev ! --physdev-is-in`, traffic not from a container.
    expect(m1({ kind: 'physdev-is-in', invert: true })).toBe(true);
    expect(m1({ kind: 'physdev-is-in', invert: false })).toBe(false);
    const fromPod = ctx({ physIn: 'veth1', bridged: false });
    expect(m1({ kind: 'physdev-is-in', invert: true }, fromPod)).toBe(false);
    expect(m1({ kind: 'physdev-is-in', invert: false }, fromPod)).toBe(true);
    expect(m1({ kind: 'physdev-is-out', invert: false }, fromPod)).toBe(false);
    expect(m1({ kind: 'physdev-is-out', invert: false }, ctx({ physIn: 'veth1', physOut: 'veth2', bridged: true }))).toBe(true);
  });
});

describe('recent', () => {
  const rm = (over: Partial<RecentMatch>): RecentMatch => ({ kind: 'recent', name: 'L', mode: 'rcheck', side: 'src', reap: false, invert: false, ...over });

  it('without ctx.recent: --set matches, --rcheck finds nothing', () => {
    expect(m1(rm({ mode: 'set' }))).toBe(true);
    expect(m1(rm({ mode: 'rcheck' }))).toBe(false);
    expect(m1(rm({ mode: 'rcheck', invert: true }))).toBe(true);
  });

  it('RecentLists: set, rcheck within --seconds, hitcount, update, remove; side picks the address', () => {
    let now = 0;
    const lists = new RecentLists(() => now);
    const c = ctx({ recent: (m, a) => lists.check(m, a) });
    expect(m1(rm({ mode: 'rcheck', seconds: 10 }), c)).toBe(false);
    expect(m1(rm({ mode: 'set' }), c)).toBe(true);
    expect(lists.entries('L').has('10.0.0.5')).toBe(true);
    now = 5;
    expect(m1(rm({ mode: 'rcheck', seconds: 10 }), c)).toBe(true);
    expect(m1(rm({ mode: 'rcheck', hitcount: 2 }), c)).toBe(false);
    expect(m1(rm({ mode: 'update', seconds: 10 }), c)).toBe(true); // refreshes to t=5
    now = 14;
    expect(m1(rm({ mode: 'rcheck', seconds: 10 }), c)).toBe(true);
    expect(m1(rm({ mode: 'rcheck', hitcount: 2 }), c)).toBe(true);
    now = 16;
    expect(m1(rm({ mode: 'rcheck', seconds: 10 }), c)).toBe(false);
    expect(m1(rm({ mode: 'rcheck', side: 'dst' }), c)).toBe(false);
    expect(m1(rm({ mode: 'remove' }), c)).toBe(true);
    expect(m1(rm({ mode: 'rcheck' }), c)).toBe(false);
  });

  it('--mask: the list holds the masked address, so a neighbour in the same /24 finds the entry', () => {
    const lists = new RecentLists(() => 0);
    const c = ctx({ recent: (m, a) => lists.check(m, a) });
    expect(m1(rm({ mode: 'set', mask: '255.255.255.0' }), c)).toBe(true);
    expect([...lists.entries('L').keys()]).toEqual(['10.0.0.0']);
    expect(m1(rm({ mode: 'rcheck', mask: '255.255.255.0' }), c)).toBe(true);
    expect(m1(rm({ mode: 'rcheck' }), c)).toBe(false);
  });
});
