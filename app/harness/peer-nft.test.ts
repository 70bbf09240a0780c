/**
 * The kube-proxy nftables peer suite through the full engine: every IPv4 flow of
 * TestTracePacketV4 agrees with kube-proxy's tracer, the IPv6 flows are skipped with the reason,
 * and a wrong expectation is reported as a failure with the node's nft decisions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { nftPeerScenario, nftSkipReason, runNftPeerFlow, type NftPeerCase } from './peer-nft';

const dir = resolve(process.env.NFT_PEER_SUITE_DIR ?? '../shared/peer-suites/kube-proxy-nftables');
const read = (f: string) => JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as NftPeerCase;
const present = existsSync(resolve(dir, 'TestTracePacketV4.json'));

describe.skipIf(!present)('kube-proxy nftables peer suite', () => {
  const v4 = present ? read('TestTracePacketV4.json') : undefined;
  const v6 = present ? read('TestTracePacketV6.json') : undefined;

  it.each(v4?.flows.map((f) => [f.name, f] as const) ?? [])('V4 %s', (_name, flow) => {
    const r = runNftPeerFlow(v4!, flow);
    expect(r.skipped).toBeUndefined();
    expect(r.got, r.detail).toEqual(r.expected);
    expect(r.ok).toBe(true);
  });

  it('the IPv6 flows are skipped with the reason, never passed', () => {
    for (const flow of v6!.flows) {
      const r = runNftPeerFlow(v6!, flow);
      expect(r).toMatchObject({ ok: false, skipped: expect.stringMatching(/IPv4 only/) });
    }
  });

  it('a wrong expectation fails and shows the node decisions', () => {
    const flow = v4!.flows.find((f) => f.name === 'multiple endpoints')!;
    const r = runNftPeerFlow(v4!, { ...flow, expected: { output: '10.180.0.5:80, 10.180.0.4:80', masq: false } });
    expect(r.ok).toBe(false);
    expect(r.got.output).toBe('10.180.0.4:80, 10.180.0.5:80');
    expect(r.detail).toMatch(/services GOTO:service-LAUZTJTB/);
  });

  it('the scenario puts the node IPs on eth0, the ruleset under nftables:, and the source where it lives', () => {
    const byName = (n: string) => v4!.flows.find((f) => f.name === n)!;
    const pod = parse(nftPeerScenario(v4!, byName('single endpoint')));
    expect(pod.hosts[0].interfaces[0].addresses).toEqual(['192.168.0.2/24', '192.168.1.2/32', '192.168.99.11/32']);
    expect(pod.hosts[0].nftables).toBe(v4!.nftRuleset);
    expect(pod.hosts[1]).toMatchObject({ name: 'src', kind: 'pod' });
    expect(parse(nftPeerScenario(v4!, byName('local, mark for masquerade'))).flows[0].from).toBe('node');
    expect(parse(nftPeerScenario(v4!, byName('DROP'))).hosts[1]).toMatchObject({ kind: 'external' });
    expect(nftSkipReason(v4!, byName('DROP'))).toBeUndefined();
  });
});
