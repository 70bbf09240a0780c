/**
 * The format gaps of issue 9 §4: the ICMP echo identifier of a flow (`icmpId`, as `ping -e`),
 * how a UDP listener answers (`reply-from`), interface `ifindex`, and what a scenario gets for
 * `net.bridge.bridge-nf-call-iptables` when it says nothing. Every refusal is positioned.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioError } from './errors';
import { flowInput } from './flows';
import { loadScenario, type LoadResult } from './load';

const BASE = `version: 1
metadata:
  title: format gaps
segments:
  - name: lan
hosts:
  - name: a
    kind: node
    interfaces:
      - name: eth0
        type: ethernet
        segment: lan
        addresses: [10.0.0.1/24]
  - name: b
    kind: node
    listeners: [tcp/80]
    interfaces:
      - name: eth0
        type: ethernet
        segment: lan
        addresses: [10.0.0.2/24]
flows:
  - name: ping
    from: a
    protocol: icmp
    dst: 10.0.0.2
`;

function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

function ok(text: string) {
  const r = loadScenario(text, 'ok.yaml');
  expect(r.ok ? [] : r.errors).toEqual([]);
  if (!r.ok) throw new Error('not loaded');
  return r.scenario;
}

function errorsOf(r: LoadResult): ScenarioError[] {
  expect(r.ok, 'expected the scenario to be rejected').toBe(false);
  return r.ok ? [] : r.errors;
}

/** The single error matching `message`, with the 1-based line and column of `token` on the first line holding `line`. */
function theError(text: string, message: RegExp, line: string, token: string) {
  const errs = errorsOf(loadScenario(text, 'bad.yaml'));
  const hits = errs.filter((e) => message.test(e.message));
  expect(hits, JSON.stringify(errs, null, 1)).toHaveLength(1);
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(line));
  expect(i).toBeGreaterThanOrEqual(0);
  expect(hits[0]).toMatchObject({ line: i + 1, column: lines[i].indexOf(token) + 1 });
  return hits[0];
}

describe('icmpId (ping -e)', () => {
  it('reaches the engine input of an icmp flow', () => {
    const s = ok(edit(BASE, '    protocol: icmp\n', '    protocol: icmp\n    icmpId: 77\n'));
    expect(flowInput(s.flows[0]).icmpId).toBe(77);
  });
  it('is absent when not given (the engine picks its default)', () => {
    expect(flowInput(ok(BASE).flows[0]).icmpId).toBeUndefined();
  });
  it.each([[-1], [65536], [1.5]])('is refused outside 0..65535 (%s) at the key', (v) => {
    const text = edit(BASE, '    protocol: icmp\n', `    protocol: icmp\n    icmpId: ${v}\n`);
    const e = errorsOf(loadScenario(text, 'bad.yaml'));
    expect(e.map((x) => x.path)).toEqual(['flows[0].icmpId']);
  });
  it('is refused on a tcp flow, at the key, saying why', () => {
    const text = edit(BASE, '    protocol: icmp\n', '    protocol: tcp\n    dport: 80\n    icmpId: 7\n');
    const e = theError(text, /icmpId/, 'icmpId: 7', 'icmpId');
    expect(e.path).toBe('flows[0].icmpId');
    expect(e.message).toMatch(/tcp flow/);
  });
});

describe('listeners: reply-from', () => {
  const udp = (item: string) => edit(BASE, '    listeners: [tcp/80]\n', `    listeners:\n      - tcp/80\n      - ${item}\n`);
  it('reaches the World for a UDP listener; the plain form stays as it was', () => {
    const s = ok(udp('{ listen: udp/53, reply-from: route }'));
    expect(s.world.netns.b.listeners).toEqual([
      { protocol: 'tcp', port: 80 },
      { protocol: 'udp', port: 53, replyFrom: 'route' },
    ]);
    expect(ok(udp('{ listen: udp/53, reply-from: destination }')).world.netns.b.listeners?.[1]).toEqual({ protocol: 'udp', port: 53, replyFrom: 'destination' });
    expect(ok(udp('{ listen: udp/53 }')).world.netns.b.listeners?.[1]).toEqual({ protocol: 'udp', port: 53 });
  });
  it('is refused on a TCP listener, at reply-from', () => {
    const text = udp('{ listen: tcp/53, reply-from: route }');
    const e = theError(text, /reply-from is for UDP/, 'listen: tcp/53', 'reply-from');
    expect(e.path).toBe('hosts[1].listeners[1].reply-from');
  });
  it('refuses an unknown value and a port past 65535', () => {
    const v = theError(udp('{ listen: udp/53, reply-from: source }'), /expected one of "destination"\|"route"/, 'reply-from: source', 'reply-from');
    expect(v.path).toBe('hosts[1].listeners[1].reply-from');
    const k = theError(udp('{ port: udp/53 }'), /unknown key "port"/, '{ port: udp/53 }', 'port');
    expect(k.path).toBe('hosts[1].listeners[1].port');
    const e = theError(udp('udp/99999'), /out of range/, 'udp/99999', 'udp/99999');
    expect(e.path).toBe('hosts[1].listeners[1]');
  });
});

describe('interface ifindex', () => {
  const withIx = (a: string, b: string) =>
    edit(edit(BASE, '        addresses: [10.0.0.1/24]\n', `        addresses: [10.0.0.1/24]\n${a}`), '        addresses: [10.0.0.2/24]\n', `        addresses: [10.0.0.2/24]\n${b}`);
  const dummy = (name: string, ix?: number) => `      - { name: ${name}, type: dummy${ix === undefined ? '' : `, ifindex: ${ix}`} }\n`;
  it('reaches the World; an index may repeat across netns', () => {
    const s = ok(withIx(`        ifindex: 2\n${dummy('d0', 3)}`, '        ifindex: 2\n'));
    expect(s.world.netns.a.interfaces.map((i) => [i.name, i.ifindex])).toEqual([
      ['lo', undefined],
      ['eth0', 2],
      ['d0', 3],
    ]);
  });
  it('a duplicate in one netns is refused at the second, naming the first holder', () => {
    const text = withIx(`        ifindex: 2\n${dummy('d0', 2)}`, '');
    const e = theError(text, /ifindex 2 is already "eth0"'s/, 'name: d0', 'ifindex');
    expect(e.path).toBe('hosts[0].interfaces[1].ifindex');
  });
  it('1 belongs to lo: refused on another device, and lo cannot have another', () => {
    expect(theError(withIx('        ifindex: 1\n', ''), /ifindex 1 is the loopback/, 'ifindex: 1', 'ifindex').path).toBe('hosts[0].interfaces[0].ifindex');
    const lo = '      - { name: lo, type: loopback, ifindex: 5 }\n';
    expect(theError(withIx(`        ifindex: 2\n${lo}`, ''), /loopback device always has ifindex 1/, 'name: lo', 'ifindex').path).toBe('hosts[0].interfaces[1].ifindex');
    ok(withIx(`        ifindex: 2\n${lo.replace('5', '1')}`, ''));
  });
  it('some devices with an index and others without is refused at the first without', () => {
    const text = withIx(`        ifindex: 2\n${dummy('d0')}`, '');
    const e = theError(text, /"d0" has no ifindex while "eth0" has one/, 'name: d0', 'name');
    expect(e.path).toBe('hosts[0].interfaces[1].name');
  });
  it('is a positive integer', () => {
    expect(errorsOf(loadScenario(withIx('        ifindex: 0\n', ''), 'bad.yaml')).map((e) => e.path)).toEqual(['hosts[0].interfaces[0].ifindex']);
  });
});
