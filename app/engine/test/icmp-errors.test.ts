/**
 * The `error` direction (issue 9): the packet the kernel sends back about a dropped request, walked
 * back to the sender with conntrack's RELATED handling, and what the sending socket sees.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '..';
import { flowInput, formatError, loadScenario } from '../../scenario';

function run(file: string, patch: (text: string) => string = (t) => t) {
  const r = loadScenario(patch(readFileSync(resolve(__dirname, 'icmp', file), 'utf8')), file);
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  return simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
}

describe('ICMP errors travel back', () => {
  it('a REJECT after a DNAT: the error leaves from the service address and quotes it (kernel 6.18 capture)', () => {
    const t = run('reject-after-dnat.yaml');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'r', answer: { kind: 'icmp', type: 3, code: 3 } });
    const err = t.outcome.error!;
    expect(err).toMatchObject({ result: 'delivered', netns: 'a', errno: 'ECONNREFUSED' });
    expect(err.packet.ip).toMatchObject({ src: '10.96.0.1', dst: '10.0.1.2', proto: 'icmp', ttl: 64, len: 88 });
    expect(err.packet.embedded!.ip).toMatchObject({ src: '10.0.1.2', dst: '10.96.0.1', ttl: 63 });
    expect(err.packet.embedded!.l4).toMatchObject({ dport: 80 });
    // Generated with r's address towards a, then rewritten by conntrack at POSTROUTING.
    const send = t.steps.find((s) => s.direction === 'error' && s.stage === 'send')!;
    expect(send.packet.ip.src).toBe('10.0.1.1');
    expect(send.packet.embedded!.ip.dst).toBe('10.0.2.2');
    const nat = t.steps.find((s) => s.direction === 'error' && s.stage === 'nat')!;
    expect(nat).toMatchObject({ netns: 'r', hook: 'POSTROUTING' });
    expect(nat.changed.map((c) => c.field).sort()).toEqual(['embedded.ip.dst', 'embedded.l4.dport', 'ip.src']);
  });
  it('REJECT --reject-with icmp-host-prohibited: code 10, EHOSTUNREACH for the client', () => {
    const t = run('reject-after-dnat.yaml', (x) => x.replace('-j REJECT', '-j REJECT --reject-with icmp-host-prohibited'));
    expect(t.outcome.error).toMatchObject({ result: 'delivered', errno: 'EHOSTUNREACH' });
    expect(t.outcome.request).toMatchObject({ answer: { kind: 'icmp', type: 3, code: 10 } });
  });
  it('REJECT --reject-with tcp-reset answers with an RST from the service address', () => {
    const t = run('reject-after-dnat.yaml', (x) => x.replace('-j REJECT', '-p tcp -j REJECT --reject-with tcp-reset'));
    expect(t.outcome.error).toMatchObject({ result: 'delivered', netns: 'a', errno: 'ECONNREFUSED' });
    expect(t.outcome.error!.packet.ip.src).toBe('10.96.0.1');
    expect(t.outcome.error!.packet.l4).toMatchObject({ sport: 80, flags: 'RA' });
  });
  it('no route on the router: ICMP net unreachable, ENETUNREACH for the client', () => {
    const t = run('reject-after-dnat.yaml', (x) => x.replace('-A FORWARD -d 10.0.2.2/32 -j REJECT\n', '').replace('--to-destination 10.0.2.2:8080', '--to-destination 192.0.2.9:8080'));
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'r', stage: 'route', answer: { type: 3, code: 0 } });
    expect(t.outcome.error).toMatchObject({ result: 'delivered', netns: 'a', errno: 'ENETUNREACH' });
  });
  it('a router that does not forward sends no error', () => {
    const t = run('reject-after-dnat.yaml', (x) => x.replace('net.ipv4.ip_forward: 1', 'net.ipv4.ip_forward: 0').replace('--to-destination 10.0.2.2:8080', '--to-destination 192.0.2.9:8080'));
    expect(t.outcome.request.result).toBe('dropped');
    expect(t.outcome.error).toBeNull();
  });
});
