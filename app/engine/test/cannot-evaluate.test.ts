/**
 * Rules the engine cannot evaluate never block a file and are never silently matched or skipped:
 * they load, and a packet that reaches them stops with the engine limit `cannot-evaluate`, naming
 * the rule and its file position; a packet that an earlier match already turned away passes by.
 */
import { englishOf } from '../../i18n/message-renderer';
import type { Message } from '../message';
import { describe, expect, it } from 'vitest';
import { simulate } from '..';
import { flowInput, formatError, loadScenario } from '../../scenario';

const world = (iptables: string, nftables = '') => `version: 1
metadata: { title: A router with rules the engine cannot evaluate }
hosts:
  - name: a
    kind: external
    interfaces:
      - { name: eth0, type: veth, addresses: [10.0.1.2/24], peer: r/eth0 }
    routes: |
      default via 10.0.1.1 dev eth0
  - name: r
    kind: node
    sysctls: { net.ipv4.ip_forward: 1 }
    interfaces:
      - { name: eth0, type: veth, addresses: [10.0.1.1/24], peer: a/eth0 }
      - { name: eth1, type: veth, addresses: [10.0.2.1/24], peer: b/eth0 }
    iptables: |
${iptables
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
${
  nftables
    ? `    nftables: |\n${nftables
        .split('\n')
        .map((l) => `      ${l}`)
        .join('\n')}`
    : ''
}
  - name: b
    kind: node
    interfaces:
      - { name: eth0, type: veth, addresses: [10.0.2.2/24], peer: r/eth1 }
    routes: |
      default via 10.0.2.1 dev eth0
flows:
  - { name: ssh, from: a, protocol: tcp, dst: 10.0.2.2, dport: 22 }
  - { name: web, from: a, protocol: tcp, dst: 10.0.2.2, dport: 80 }
`;

function run(iptables: string, flow: number, nftables = '') {
  const r = loadScenario(world(iptables, nftables), 'cannot.yaml');
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  return simulate(r.scenario.world, flowInput(r.scenario.flows[flow]));
}

const FILTER = [
  '*filter',
  ':FORWARD ACCEPT [0:0]',
  '-A FORWARD -p tcp -m tcp --dport 22 -m limit --limit 3/min -j ACCEPT',
  '-A FORWARD -p tcp -m tcp --dport 80 -j CONNMARK --set-mark 1',
  'COMMIT',
].join('\n');

describe('cannot evaluate', () => {
  it('an iptables match the engine does not model stops the packet that reaches it, naming the rule and its line', () => {
    const t = run(FILTER, 0);
    expect(t.outcome.request).toMatchObject({ result: 'engine-limit', limit: 'cannot-evaluate', netns: 'r' });
    const o = { reason: englishOf((t.outcome.request as { reason: Message }).reason) };
    expect(o.reason).toContain('-m limit --limit 3/min');
    expect(o.reason).toContain('filter FORWARD rule 1');
    expect(o.reason).toMatch(/cannot\.yaml:\d+:\d+/);
  });
  it('a packet an earlier match turned away passes the rule by; an unmodelled target stops the packet the rule matches', () => {
    const t = run(FILTER, 1);
    expect(t.outcome.request).toMatchObject({ result: 'engine-limit', limit: 'cannot-evaluate' });
    expect(englishOf((t.outcome.request as { reason: Message }).reason)).toContain('-j CONNMARK --set-mark 1');
    expect(englishOf((t.outcome.request as { reason: Message }).reason)).toContain('filter FORWARD rule 2');
  });
  it('an nft statement the engine does not model stops the packet with its text; the file still loads', () => {
    const nft = ['table inet f {', '  chain fwd {', '    type filter hook forward priority 0; policy accept;', '    tcp dport 22 limit rate 3/minute accept', '  }', '}'].join('\n');
    const t = run('*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT', 0, nft);
    expect(t.outcome.request).toMatchObject({ result: 'engine-limit', limit: 'cannot-evaluate' });
    expect(englishOf((t.outcome.request as { reason: Message }).reason)).toContain('limit rate 3/minute');
    const web = run('*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT', 1, nft);
    expect(web.outcome.request).toMatchObject({ result: 'delivered', netns: 'b' });
  });
});
