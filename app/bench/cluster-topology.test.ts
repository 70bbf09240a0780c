/**
 * The generated 50-node / 600-pod Calico IPIP cluster of the topology scale figure loads, and its
 * flow is delivered to the destination pod through both nodes' tunl0 and back, as the expectations
 * written into the scenario say.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine';
import { flowInput, loadScenario } from '../scenario';
import { clusterTopology } from './cluster-topology';

describe('generated cluster topology', () => {
  it('50 nodes and 600 pods load; the pod-to-pod ping is delivered across the IPIP tunnel and back', () => {
    const c = clusterTopology();
    expect(c).toMatchObject({ nodes: 50, pods: 600 });
    const r = loadScenario(c.yaml, 'cluster.yaml');
    expect(r.ok ? [] : r.errors.slice(0, 3)).toEqual([]);
    if (!r.ok) return;
    const hosts = Object.values(r.scenario.world.netns);
    expect(hosts.filter((h) => h.kind === 'node')).toHaveLength(50);
    expect(hosts.filter((h) => h.kind === 'pod')).toHaveLength(600);
    const flow = r.scenario.flows.find((f) => f.name === c.flow)!;
    const trace = simulate(r.scenario.world, flowInput(flow));
    expect(trace.outcome.request).toMatchObject({ result: 'delivered', netns: c.destination, interface: 'eth0' });
    expect(trace.outcome.reply).toMatchObject({ result: 'delivered', netns: c.source });
    expect(trace.steps.some((s) => s.stage === 'encap' && s.packet.outer[0]?.kind === 'ipip')).toBe(true);
    const srcNode = r.scenario.world.netns[c.source].node;
    const dstNode = r.scenario.world.netns[c.destination].node;
    expect(srcNode).not.toBe(dstNode);
    expect([...new Set(trace.steps.map((s) => s.netns))]).toEqual([c.source, srcNode, dstNode, c.destination]);
  });

  it('is deterministic and scales down', () => {
    expect(clusterTopology().yaml).toBe(clusterTopology().yaml);
    const small = clusterTopology({ nodes: 3, podsPerNode: 2 });
    const r = loadScenario(small.yaml, 'small.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(simulate(r.scenario.world, flowInput(r.scenario.flows[0])).outcome.request).toMatchObject({ result: 'delivered', netns: small.destination });
  });
});
