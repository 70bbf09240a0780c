/** A UDP server's reply source (issue 9 part 4): IP_PKTINFO (`reply-from: destination`) or routing (`route`). */
import { describe, expect, it } from 'vitest';
import { simulate } from '..';
import { flowInput, formatError, loadScenario } from '../../scenario';

const world = (replyFrom: string) => `version: 1
metadata: { title: A server with two addresses answers UDP }
hosts:
  - name: a
    kind: node
    interfaces:
      - { name: eth0, type: veth, addresses: [10.0.0.1/24], peer: b/eth0 }
  - name: b
    kind: node
    interfaces:
      - { name: eth0, type: veth, addresses: [10.0.0.2/24, 10.0.0.3/24], peer: a/eth0 }
    listeners:
      - { listen: udp/53, reply-from: ${replyFrom} }
flows:
  - { name: dns, from: a, protocol: udp, dst: 10.0.0.3, dport: 53 }
`;

function run(replyFrom: string) {
  const r = loadScenario(world(replyFrom), 'reply-from.yaml');
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  return simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
}

describe('reply-from', () => {
  it('destination: the answer comes from the address the query was sent to', () => {
    const t = run('destination');
    expect(t.outcome.reply).toMatchObject({ result: 'delivered', netns: 'a' });
    expect(t.outcome.reply!.packet.ip.src).toBe('10.0.0.3');
  });
  it('route: the kernel picks the primary address, and the client has no socket for that answer', () => {
    const t = run('route');
    expect(t.outcome.reply).toMatchObject({ result: 'dropped', netns: 'a', stage: 'deliver' });
    expect(t.outcome.reply!.packet.ip.src).toBe('10.0.0.2');
  });
});
