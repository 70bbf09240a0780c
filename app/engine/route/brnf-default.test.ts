/**
 * `net.bridge.bridge-nf-call-iptables` when a scenario says nothing: 1, as br_netfilter sets it
 * in every netns (`brnf_init_net`; a new netns on 6.18 reads 1), so a frame the bridge forwards
 * between two ports walks filter FORWARD; `0` stays available and turns that off.
 */
import { describe, expect, it } from 'vitest';
import { trace, world } from '../test/world';
import { sysctl } from './fib';

function bridged(sysctls: string) {
  return `
    hosts:
      - name: node
        kind: node
        interfaces:
          - { name: veth-a, type: veth, peer: a/eth0 }
          - { name: veth-b, type: veth, peer: b/eth0 }
          - { name: cbr0, type: bridge, addresses: [10.244.0.1/24], ports: [veth-a, veth-b] }
        ${sysctls}
        iptables: |
          *filter
          :INPUT ACCEPT [0:0]
          :FORWARD ACCEPT [0:0]
          :OUTPUT ACCEPT [0:0]
          -A FORWARD -d 10.244.0.3/32 -j DROP
          COMMIT
      - name: a
        kind: pod
        node: node
        interfaces:
          - { name: eth0, type: veth, addresses: [10.244.0.2/24] }
      - name: b
        kind: pod
        node: node
        interfaces:
          - { name: eth0, type: veth, addresses: [10.244.0.3/24] }
    flows:
      - { name: ping, from: a, protocol: icmp, dst: 10.244.0.3 }
  `;
}

describe('bridge-nf-call-iptables default', () => {
  it('is 1 in a host that does not set it, 0 when set to 0', () => {
    expect(sysctl(world(bridged('')).netns.node, 'bridge-nf-call-iptables')).toBe(1);
    expect(sysctl(world(bridged('')).netns.a, 'bridge-nf-call-iptables')).toBe(1);
    expect(sysctl(world(bridged('sysctls: { net.bridge.bridge-nf-call-iptables: 0 }')).netns.node, 'bridge-nf-call-iptables')).toBe(0);
  });
  it('unset, a bridged frame walks filter FORWARD (and is dropped there); with 0 it is only switched', () => {
    const t = trace(bridged(''), 'ping');
    expect(t.outcome.request).toMatchObject({ result: 'dropped', netns: 'node' });
    expect(t.steps.some((s) => s.netns === 'node' && s.hook === 'FORWARD' && s.table === 'filter')).toBe(true);
    const off = trace(bridged('sysctls: { net.bridge.bridge-nf-call-iptables: 0 }'), 'ping');
    expect(off.outcome.request).toMatchObject({ result: 'delivered', netns: 'b' });
    expect(off.steps.some((s) => s.netns === 'node' && s.hook === 'FORWARD')).toBe(false);
  });
});
