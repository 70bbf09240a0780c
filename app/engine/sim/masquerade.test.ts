/**
 * MASQUERADE's source when the out device has no address (`inet_select_addr`, devinet.c): the
 * devices are walked lo first, then by ifindex when the scenario gives it, else in the file's
 * order; the explanation names the rule that applied. Measured on 6.18 with `ip route get` (the
 * same function picks a route's source): a global address on lo wins over every other device.
 */
import { describe, expect, it } from 'vitest';
import { world } from '../test/world';
import { Sim } from './context';
import { masqueradeSource } from './masquerade';
import { englishOf } from '../../i18n/message-renderer';

/** A router whose out device `out0` has no address; `v2` is listed before `v1` in the file. */
function router(opts: { ifindex: boolean; loAddr?: boolean }) {
  const ix = (n: number) => (opts.ifindex ? `, ifindex: ${n}` : '');
  return world(`
    hosts:
      - name: r
        kind: router
        interfaces:
          - { name: out0, type: bridge${ix(4)} }
          - { name: v2, type: veth, peer: p/e2, addresses: [192.0.2.2/24]${ix(3)} }
          - { name: v1, type: veth, peer: p/e1, addresses: [198.51.100.1/24]${ix(2)} }
          ${opts.loAddr ? `- { name: lo, type: loopback, addresses: [127.0.0.1/8, 10.255.0.1/32]${opts.ifindex ? ', ifindex: 1' : ''} }` : ''}
      - name: p
        kind: pod
        node: n
        interfaces:
          - { name: e1, type: veth }
          - { name: e2, type: veth }
      - name: n
        kind: node
  `);
}

describe('MASQUERADE out of a device without an address', () => {
  it("without ifindex walks the devices in the file's order and says so", () => {
    const m = masqueradeSource(new Sim(router({ ifindex: false }), {}), 'r', { out: 'out0', nextHop: '203.0.113.1' });
    expect(m).toMatchObject({ addr: '192.0.2.2', dev: 'v2' });
    expect(m && englishOf(m.explain)).toMatch(/out0 has no address.*inet_select_addr.*lo first, then in the scenario's order \(no ifindex given\).*v2's/);
  });
  it("with ifindex walks them by ifindex, whatever the file's order", () => {
    const m = masqueradeSource(new Sim(router({ ifindex: true }), {}), 'r', { out: 'out0', nextHop: '203.0.113.1' });
    expect(m).toMatchObject({ addr: '198.51.100.1', dev: 'v1' });
    expect(m && englishOf(m.explain)).toMatch(/lo first, then by ifindex/);
  });
  it('takes a global address on lo first, even when lo is written last', () => {
    for (const ifindex of [false, true]) {
      const m = masqueradeSource(new Sim(router({ ifindex, loAddr: true }), {}), 'r', { out: 'out0', nextHop: '203.0.113.1' });
      expect(m).toMatchObject({ addr: '10.255.0.1', dev: 'lo' });
    }
  });
  it('with an address on the out device names that rule instead', () => {
    const m = masqueradeSource(new Sim(router({ ifindex: false }), {}), 'r', { out: 'v1', nextHop: '198.51.100.7' });
    expect(m && { ...m, explain: englishOf(m.explain) }).toEqual({ addr: '198.51.100.1', dev: 'v1', explain: 'the address of v1 whose subnet holds the next hop 198.51.100.7' });
  });
});
