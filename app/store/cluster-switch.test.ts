/** Switching a cluster file's kube-proxy mode or CNI in the app: the same file rebuilt with one field changed, the same flow re-traced. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPacketWalkStore, type PacketWalkStore } from './store';
import { createInProcessBridge } from './in-process-bridge';
import { readBundledFromDisk } from './disk-fixtures';

const bundled = readBundledFromDisk();
let store: PacketWalkStore;
const st = () => store.getState();

beforeEach(() => {
  store = createPacketWalkStore({ engine: createInProcessBridge(), bundled });
});

describe('switchCluster', () => {
  it('kube-proxy iptables → nftables: the localhost NodePort flow is now refused, and back', async () => {
    await st().loadBundledScenario('lesson-localhost-nodeport');
    expect(st().scenario?.cluster).toMatchObject({ mode: 'iptables', cni: 'flannel-vxlan' });
    expect(st().trace?.outcome.request).toMatchObject({ result: 'delivered', netns: 'web-1' });
    expect(await st().switchCluster({ mode: 'nftables' })).toBe(true);
    expect(st().scenario?.cluster?.mode).toBe('nftables');
    expect(st().scenario?.file).toBe('scenarios/lesson-localhost-nodeport.yaml (kube-proxy nftables)');
    expect(st().scenarioId).toBeNull();
    expect(st().flowName).toBe('node-localhost-nodeport');
    expect(st().trace?.outcome.request).toMatchObject({ result: 'dropped', netns: 'node-1', stage: 'deliver' });
    expect(st().scenario?.expandedText).toContain('add table ip kube-proxy');
    // The file's own text is kept, comments included, with only the mode changed.
    expect(st().scenario?.cluster?.text).toContain('# A lesson built from a cluster file');
    expect(await st().switchCluster({ mode: 'iptables' })).toBe(true);
    expect(st().scenario?.file).toBe('scenarios/lesson-localhost-nodeport.yaml (kube-proxy iptables)');
    expect(st().trace?.outcome.request).toMatchObject({ result: 'delivered', netns: 'web-1' });
  });

  it('flannel-vxlan → calico-bgp: the same DNS query crosses by a plain route instead of VXLAN', async () => {
    await st().loadBundledScenario('lesson-dns-udp');
    expect(st().trace?.steps.some((s) => s.stage === 'encap')).toBe(true);
    expect(await st().switchCluster({ cni: 'calico-bgp' })).toBe(true);
    expect(st().loadErrors).toEqual([]);
    expect(st().trace?.steps.some((s) => s.stage === 'encap')).toBe(false);
    expect(st().trace?.outcome.request).toMatchObject({ result: 'delivered', netns: 'coredns-1' });
  });

  it('a switch the builder refuses shows its errors and keeps the scenario on screen', async () => {
    await st().loadBundledScenario('lesson-hairpin');
    const before = st().scenario;
    expect(await st().switchCluster({ cni: 'calico-ipip' })).toBe(false);
    expect(st().loadErrors[0]?.message).toMatch(/hairpinMode applies to a bridge CNI/);
    expect(st().scenario).toBe(before);
  });

  it('does nothing for a scenario that is not a cluster file', async () => {
    await st().loadBundledScenario('canal-nodeport');
    expect(st().scenario?.cluster).toBeUndefined();
    expect(await st().switchCluster({ mode: 'nftables' })).toBe(false);
  });
});
