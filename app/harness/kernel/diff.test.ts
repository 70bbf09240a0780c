/** The harness's own checks: kernel against kernel (golden), outcome, and the side-by-side diff. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../engine';
import { flowInput, loadScenario } from '../../scenario';
import type { KernelTraceRow, KernelWireRow } from '../compare';
import { compareOutcome, compareRecordings, problemKey, sideBySide } from './diff';

const golden = resolve(__dirname, '../../../../shared/golden');

describe.skipIf(!existsSync(golden))('kernel recording against kernel recording', () => {
  const load = (seed: string) => JSON.parse(readFileSync(resolve(golden, `${seed}.kernel.json`), 'utf8')) as { trace: KernelTraceRow[]; wire: KernelWireRow[] };

  it('finds nothing between a recording and itself, and the changed decision or frame otherwise', () => {
    const g = load('seed001-docker-port-mapping');
    expect(compareRecordings(g, g, ['lan'])).toEqual([]);
    const trace = g.trace.map((r, i) => (i === 3 ? { ...r, verdict: 'DROP' } : r));
    expect(compareRecordings({ trace, wire: g.wire }, g, ['lan'])[0]).toMatch(/^host request #2: golden nat:PREROUTING JUMP:DOCKER .* \| here nat:PREROUTING DROP /);
    const wire = g.wire.map((w) => (w.role === 'reply' && w.ns === 'client' ? { ...w, ttl: 1 } : w));
    expect(compareRecordings({ trace: g.trace, wire }, g, ['lan']).some((p) => p.startsWith('wire: golden saw client/eth0 reply'))).toBe(true);
  });

  it('tolerates a repeated first packet (a retransmission) but not a different walk', () => {
    const g = load('seed000-crosshost-masq');
    const again = g.trace.filter((r) => r.ns === 'node112' && r.role === 'request');
    expect(compareRecordings({ trace: [...g.trace, ...again], wire: g.wire }, g, ['lan'])).toEqual([]);
    expect(compareRecordings({ trace: [...g.trace, { ...again[0], verdict: 'DROP' }], wire: g.wire }, g, ['lan']).length).toBeGreaterThan(0);
  });
});

describe('outcome and diff output', () => {
  const r = loadScenario(readFileSync(resolve(__dirname, '../../../scenarios/docker-cross-host-return-no-route.yaml'), 'utf8'), 'x.yaml');
  if (!r.ok) throw new Error('scenario does not load');
  const trace = simulate(r.scenario.world, flowInput(r.scenario.flows[0]));

  it('compares whether the answer came back and where the request was delivered', () => {
    expect(compareOutcome(trace, { probeResult: { ok: false, detail: 'timeout' }, delivered: [] })).toEqual([]);
    expect(compareOutcome(trace, { probeResult: { ok: true, detail: 'echo reply' }, delivered: [] })[0]).toMatch(/^outcome: the kernel's probe got its answer; the engine says the reply is dropped/);
    expect(compareOutcome(trace, { probeResult: { ok: false, detail: '' }, delivered: [{ ns: 'ctr2', proto: 'icmp', local: '1.1.1.1', localPort: 0, remote: '2.2.2.2', remotePort: 0 }] })[0]).toMatch(
      /^delivery: the kernel delivered/,
    );
  });

  it('lists both decision sequences and marks the first difference', () => {
    const out = sideBySide(['a', 'b', 'c'], ['a', 'x']);
    expect(out.split('\n')).toEqual(['      kernel | engine', '        1. a', '      ≠ 2. b', '             | x', '      · 3. c', '             | (nothing)']);
    expect(problemKey('centos7-1 request #7: kernel …')).toEqual({ ns: 'centos7-1', role: 'request' });
    expect(problemKey('wire: …')).toBeNull();
  });
});
