import { describe, expect, it } from 'vitest';
import { simulate } from '..';
import { flowInput, loadScenario } from '../../scenario';
import { englishOf } from '../../i18n/message-renderer';

/** A router r with a two-way ECMP route to 10.9.0.0/16 (as `ip route show` prints it: continuation lines), and a server on each way. */
const YAML = `version: 1
metadata: { title: ecmp }
hosts:
  - name: c
    kind: external
    interfaces: [{ name: eth0, type: veth, addresses: [10.0.0.2/24], peer: r/eth0 }]
    routes: |
      default via 10.0.0.1 dev eth0
  - name: r
    kind: router
    sysctls: { net.ipv4.ip_forward: 1 }
    interfaces:
      - { name: eth0, type: veth, addresses: [10.0.0.1/24], peer: c/eth0 }
      - { name: eth1, type: veth, addresses: [10.0.1.1/24], peer: a/eth0 }
      - { name: eth2, type: veth, addresses: [10.0.2.1/24], peer: b/eth0 }
    routes: |
      10.9.0.0/16 proto static
      	nexthop via 10.0.1.2 dev eth1 weight 1
      	nexthop via 10.0.2.2 dev eth2 weight 3
  - name: a
    kind: node
    interfaces: [{ name: eth0, type: veth, addresses: [10.0.1.2/24, 10.9.0.9/32], peer: r/eth1 }]
    routes: |
      default via 10.0.1.1 dev eth0
  - name: b
    kind: node
    interfaces: [{ name: eth0, type: veth, addresses: [10.0.2.2/24, 10.9.0.9/32], peer: r/eth2 }]
    routes: |
      default via 10.0.2.1 dev eth0
flows:
  - { name: first, from: c, protocol: icmp, dst: 10.9.0.9 }
  - { name: pinned, from: c, protocol: icmp, dst: 10.9.0.9, choices: { 'r/route/main 10.9.0.0/16': 2 } }
`;

describe('multipath (ECMP) routes', () => {
  const r = loadScenario(YAML, 'ecmp.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  const trace = (name: string) => simulate(r.scenario.world, flowInput(r.scenario.flows.find((f) => f.name === name)!));

  it('joins the continuation lines into one route with weighted next hops', () => {
    const route = r.scenario.world.netns.r.routes.find((x) => x.nexthops)!;
    expect(route.nexthops).toEqual([
      { via: '10.0.1.2', dev: 'eth1', weight: 1, onlink: false },
      { via: '10.0.2.2', dev: 'eth2', weight: 3, onlink: false },
    ]);
    expect(route.source?.line).toBe(17);
  });

  it('follows the first next hop, says why, and offers each one with its share of the weights', () => {
    const t = trace('first');
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'a' });
    const step = t.steps.find((s) => s.netns === 'r' && s.stage === 'route')!;
    expect(step.alternatives?.map((a) => [a.choice, a.option, a.label, a.probability, a.chosen])).toEqual([
      ['r/route/main 10.9.0.0/16', 1, 'nexthop via 10.0.1.2 dev eth1 weight 1', 0.25, true],
      ['r/route/main 10.9.0.0/16', 2, 'nexthop via 10.0.2.2 dev eth2 weight 3', 0.75, false],
    ]);
    expect(englishOf(step.simplification!)).toMatch(/this trace follows next hop 1/);
  });

  it('takes the pinned next hop', () => {
    expect(trace('pinned').outcome.request).toMatchObject({ result: 'delivered', netns: 'b' });
  });

  it('refuses a choice that names no multipath route', () => {
    const bad = loadScenario(YAML.replace("'r/route/main 10.9.0.0/16'", "'r/route/main 10.8.0.0/16'"), 'ecmp.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0].message).toMatch(/host "r" has no multipath route "main 10.8.0.0\/16"/);
  });
});
