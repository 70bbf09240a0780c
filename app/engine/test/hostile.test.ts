/**
 * Hostile inputs from issue 8: crafted topologies and rulesets that used to hang the engine, tell a
 * wrong story (a drop blamed on a policy or a jump), or exceed what the kernel accepts. Each case
 * asserts what the kernel does (measured where noted) or that the engine says it stopped itself.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '..';
import { flowInput, formatError, loadScenario } from '../../scenario';
import { load } from './world';
import { englishOf } from '../../i18n/message-renderer';

function runFile(name: string) {
  const r = loadScenario(readFileSync(resolve(__dirname, 'hostile', name), 'utf8'), name);
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  return simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
}

/** Two hosts on a veth pair; `b` listens on tcp/80 and carries `filter` as its filter table body. */
function twoHosts(filter: string, decl = ':LONG - [0:0]'): string {
  const rules = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', decl, filter, 'COMMIT'].join('\n');
  return [
    'hosts:',
    '  - name: a',
    '    kind: node',
    '    interfaces:',
    '      - { name: eth0, type: veth, addresses: [10.0.0.2/24], peer: b/eth0 }',
    '  - name: b',
    '    kind: node',
    '    interfaces:',
    '      - { name: eth0, type: veth, addresses: [10.0.0.1/24], peer: a/eth0 }',
    '    listeners: [tcp/80]',
    '    iptables: |',
    ...rules.split('\n').map((l) => `      ${l}`),
    'flows:',
    '  - { name: f, from: a, protocol: tcp, dst: 10.0.0.1, dport: 80 }',
  ].join('\n');
}
const repeat = (n: number, line: string) => Array.from({ length: n }, () => line).join('\n');
const chainOf = (n: number, rule: string) => repeat(n, `-A LONG ${rule}`);
const trace = (yaml: string, limits = {}) => {
  const s = load(yaml);
  return simulate(s.world, flowInput(s.flows[0]), limits);
};

describe('tunnels that route into themselves', () => {
  it('a VXLAN device whose route to the remote VTEP leaves by itself drops the frame (circular route, ELOOP)', () => {
    const t = runFile('vxlan-circular-route.yaml');
    const o = t.outcome.request;
    expect(o.result).toBe('dropped');
    expect(o.result === 'dropped' && englishOf(o.reason)).toMatch(/^circular route: the route to the remote VTEP 172\.16\.0\.9 \("172\.16\.0\.0\/16 dev vx0"\) leaves by vx0 itself/);
    expect(t.steps.filter((s) => s.stage === 'encap')).toHaveLength(0);
    expect(t.steps.length).toBeLessThan(10);
  });
  it('two VXLAN devices routing into each other stop at the kernel recursion limit, on the fourth encapsulation', () => {
    const t = runFile('vxlan-dead-loop.yaml');
    const o = t.outcome.request;
    expect(o.result).toBe('dropped');
    expect(o.netns).toBe('a');
    expect(o.interface).toBe('vx1');
    expect(o.result === 'dropped' && englishOf(o.reason)).toMatch(/dead loop on virtual device vx1/);
    expect(t.steps.filter((s) => s.stage === 'encap').map((s) => s.interface)).toEqual(['vx0', 'vx1', 'vx0']);
    expect(o.packet.outer).toHaveLength(3);
  });
});

describe('long and repeated chains', () => {
  it('a chain of 16,000 non-terminal rules jumped to twice ends at the engine step limit, named as such', () => {
    const t = trace(twoHosts(`-A INPUT -j LONG\n-A INPUT -j LONG\n${chainOf(16_000, '-j MARK --set-xmark 0x1/0x1')}`));
    const o = t.outcome.request;
    expect(o.result).toBe('engine-limit');
    if (o.result !== 'engine-limit') return;
    expect(o.limit).toBe('steps');
    expect(englishOf(o.reason)).toMatch(/^the engine stopped after 9999 steps, its limit for one flow$/);
    const last = t.steps[t.steps.length - 1];
    expect(last.stage).toBe('limit');
    expect(englishOf(last.explain)).toMatch(/a limit of PacketWalk, not of the kernel/);
  });
  it('INPUT policy ACCEPT after three jumps into 40,000 non-matching rules delivers the packet', () => {
    const t = trace(twoHosts(`-A INPUT -j LONG\n-A INPUT -j LONG\n-A INPUT -j LONG\n${chainOf(40_000, '-s 192.0.2.1/32 -j DROP')}`));
    expect(t.outcome.request.result).toBe('delivered');
    const input = t.steps.filter((s) => s.direction === 'request' && s.netns === 'b' && s.chain === 'LONG' && s.verdict === 'RETURN');
    expect(input).toHaveLength(3);
    expect(input.every((s) => s.notMatched?.from === 1 && s.notMatched.to === 40_000)).toBe(true);
  });
  it('2,000 matched non-terminal rules are 2,000 decisions, and the packet is delivered', () => {
    const t = trace(twoHosts(`-A INPUT -j LONG\n${chainOf(2000, '-j MARK --set-xmark 0x1/0x1')}`));
    expect(t.outcome.request.result).toBe('delivered');
    expect(t.outcome.reply?.result).toBe('delivered');
    expect(t.steps.filter((s) => s.chain === 'LONG' && s.verdict === 'CONTINUE')).toHaveLength(2000);
  });
  it('diamond-shaped chains 12 deep are walked path by path (2^11 calls of the last chain), not called a loop', () => {
    const d = 12;
    const decl = Array.from({ length: d }, (_, i) => `:D${i + 1} - [0:0]`).join('\n');
    const body = ['-A INPUT -j D1', ...Array.from({ length: d - 1 }, (_, i) => `-A D${i + 1} -j D${i + 2}\n-A D${i + 1} -j D${i + 2}`)].join('\n');
    const t = trace(twoHosts(body, decl));
    expect(t.outcome.request.result).toBe('delivered');
    expect(t.steps.filter((s) => s.direction === 'request' && s.chain === `D${d - 1}` && s.verdict === `JUMP:D${d}`)).toHaveLength(2 ** (d - 1));
  });
  it('the rule-evaluation limit ends the flow as an engine limit at the rule where it ran out, never as a drop', () => {
    const t = trace(twoHosts(`-A INPUT -j LONG\n-A INPUT -j LONG\n${chainOf(1000, '-s 192.0.2.1/32 -j DROP')}`), { ruleEvaluations: 1500 });
    const o = t.outcome.request;
    expect(o.result).toBe('engine-limit');
    if (o.result !== 'engine-limit') return;
    expect(o.limit).toBe('rule-evaluations');
    expect(englishOf(o.reason)).toBe('the engine stopped at filter LONG rule 499 after evaluating 1,500 rules for this flow, its limit');
  });
});

describe('jump depth: the kernel refuses chains nested 16 calls deep (iptables-nft, EMLINK)', () => {
  const nested = (n: number) => {
    const decl = Array.from({ length: n }, (_, i) => `:C${i + 1} - [0:0]`).join('\n');
    const body = ['-A INPUT -j C1', ...Array.from({ length: n - 1 }, (_, i) => `-A C${i + 1} -j C${i + 2}`)].join('\n');
    const text = `version: 1\nmetadata:\n  title: t\n${twoHosts(body, decl)}`;
    return { r: loadScenario(text, 'deep.yaml'), lineOf: (rule: string) => text.split('\n').findIndex((l) => l.trim() === rule) + 1 };
  };
  it('15 nested chains load and deliver', () => {
    expect(nested(15).r.ok).toBe(true);
  });
  it('16 nested chains are refused at the rule in C15 that jumps to C16, as iptables-restore does', () => {
    const { r, lineOf } = nested(16);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0];
    // Column 17 is the `-j` of `      -A C15 -j C16`.
    expect(`${e.line}:${e.column}`).toBe(`${lineOf('-A C15 -j C16')}:17`);
    expect(e.message).toBe('with this rule chain C16 is reached 16 calls deep (INPUT → C1 → C2 → … → C15 → C16); the kernel allows 15 and refuses the table: RULE_APPEND failed (Too many links) here');
  });
  it('70 nested chains: refused at the first rule past the limit, which counts the later ones (no "dropped by C62 rule 1")', () => {
    const { r, lineOf } = nested(70);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].line).toBe(lineOf('-A C15 -j C16'));
    expect(r.errors[0].message).toMatch(/RULE_APPEND failed \(Too many links\) here and at the 54 later rules of the table$/);
  });
  it('a deep tree written before the built-in chain jumps into it is refused at that jump, as the kernel does', () => {
    const decl = Array.from({ length: 16 }, (_, i) => `:C${i + 1} - [0:0]`).join('\n');
    const body = [...Array.from({ length: 15 }, (_, i) => `-A C${i + 1} -j C${i + 2}`), '-A INPUT -j C1'].join('\n');
    const text = `version: 1\nmetadata:\n  title: t\n${twoHosts(body, decl)}`;
    const r = loadScenario(text, 'late.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].line).toBe(text.split('\n').findIndex((l) => l.trim() === '-A INPUT -j C1') + 1);
    expect(r.errors[0].message).toMatch(/^with this rule chain C16 is reached 16 calls deep \(INPUT → C1 → C2 → … → C15 → C16\)/);
  });
  it('a deep chain no built-in chain reaches is accepted (the kernel validates only from base chains)', () => {
    const decl = Array.from({ length: 20 }, (_, i) => `:U${i + 1} - [0:0]`).join('\n');
    const body = Array.from({ length: 19 }, (_, i) => `-A U${i + 1} -j U${i + 2}`).join('\n');
    expect(loadScenario(`version: 1\nmetadata:\n  title: t\n${twoHosts(body, decl)}`, 'u.yaml').ok).toBe(true);
  });
});
