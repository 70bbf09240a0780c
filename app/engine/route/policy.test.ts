import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenario';
import { policyLookup } from './policy';

const world = (rules: string, routes = '') => {
  const yaml = `version: 1
metadata: { title: t }
hosts:
  - name: r
    kind: router
    interfaces:
      - { name: eth1, type: veth, addresses: [10.0.1.1/24], peer: a/eth0 }
      - { name: eth2, type: veth, addresses: [10.0.2.1/24], peer: b/eth0 }
    routes: |
      default via 10.0.1.2 dev eth1
      default via 10.0.2.2 dev eth2 table 100
${routes
  .split('\n')
  .filter(Boolean)
  .map((l) => `      ${l}`)
  .join('\n')}
    rules: |
${rules
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
  - { name: a, kind: node, interfaces: [{ name: eth0, type: veth, addresses: [10.0.1.2/24], peer: r/eth1 }] }
  - { name: b, kind: node, interfaces: [{ name: eth0, type: veth, addresses: [10.0.2.2/24], peer: r/eth2 }] }
`;
  const r = loadScenario(yaml, 't.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario.world.netns.r;
};

const DEFAULTS = ['0: from all lookup local', '32766: from all lookup main', '32767: from all lookup default'];

describe('policy routing (fib_rules_lookup)', () => {
  it('walks the rules by priority: fwmark, iif and not select the table', () => {
    const ns = world([...DEFAULTS, '100: from all fwmark 0x1/0x1 lookup 100', '90: not from all iif eth9 lookup 100'].join('\n'));
    // `not iif eth9` holds for any other input device, so rule 90 wins before the mark is looked at.
    expect(policyLookup(ns, '8.8.8.8', { iif: 'eth1' }).rule?.priority).toBe(90);
    expect(policyLookup(ns, '8.8.8.8', { iif: 'eth9', mark: 0x3 }).rule?.priority).toBe(100);
    expect(policyLookup(ns, '8.8.8.8', { iif: 'eth9', mark: 0x2 }).route?.text).toBe('default via 10.0.1.2 dev eth1');
    // The local rule comes first: the router's own address is local whatever the mark.
    expect(policyLookup(ns, '10.0.1.1', { mark: 1 }).route?.type).toBe('local');
  });

  it('a throw route, a suppressed prefix or an empty table sends the walk on; without a matching rule there is no route', () => {
    const ns = world(['10: from all lookup 300', '20: from all lookup main suppress_prefixlength 0', '30: from all lookup 100'].join('\n'), 'throw 192.0.2.0/24 table 300');
    expect(policyLookup(ns, '192.0.2.1').rule?.priority).toBe(30);
    // The trace names the throw that sent the walk on.
    expect(policyLookup(ns, '192.0.2.1').thrown).toMatchObject({ rule: { priority: 10 }, route: { type: 'throw', table: '300' } });
    expect(policyLookup(ns, '10.0.1.9').route?.text).toBe('10.0.1.0/24 dev eth1 proto kernel scope link src 10.0.1.1');
    const none = world('10: from all lookup 300', 'throw 192.0.2.0/24 table 300');
    expect(policyLookup(none, '192.0.2.1')).toEqual({ route: expect.objectContaining({ type: 'throw' }) });
    expect(policyLookup(none, '8.8.8.8')).toEqual({});
  });

  it('a rule with an unmodelled selector answers "cannot evaluate" only when its other selectors hold', () => {
    const ns = world([...DEFAULTS, '5: from 10.9.0.0/16 ipproto tcp lookup 100'].join('\n'));
    expect(policyLookup(ns, '8.8.8.8', { src: '10.9.1.1' }).cannot?.priority).toBe(5);
    expect(policyLookup(ns, '8.8.8.8', { src: '10.8.1.1' }).cannot).toBeUndefined();
  });
});
