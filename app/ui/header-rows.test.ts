/** The header table content for real steps of canal-nodeport. */
import { describe, expect, it } from 'vitest';
import { createPacketWalkStore } from '../store';
import { createInProcessBridge } from '../store/in-process-bridge';
import { readBundledFromDisk } from '../store/disk-fixtures';
import type { TraceStep } from '../engine';
import { headerSections } from './header-rows';

const store = createPacketWalkStore({ engine: createInProcessBridge(), bundled: readBundledFromDisk() });
store.getState().loadBundledScenario('canal-nodeport');
const steps = () => store.getState().trace!.steps;
/** The first step `pred` holds for: found by what it is, not by its number (which moves as the engine records more). */
const find = (pred: (s: TraceStep) => boolean) => {
  const s = steps().find(pred);
  expect(s, String(pred)).toBeDefined();
  return s!;
};

describe('headerSections', () => {
  it('marks the DNAT rewrite old → new', () => {
    const s = headerSections(find((s) => s.stage === 'rule' && s.changed.some((c) => c.field === 'ip.dst')));
    const ip = s.find((x) => x.id === 'ip')!;
    expect(ip.summary).toBe('172.16.240.1:40123 → 10.244.0.74:2368 TCP S');
    expect(ip.cells.find((c) => c.field === 'ip.dst')).toMatchObject({ value: '10.244.0.74', from: '172.16.240.131' });
    expect(s.find((x) => x.id === 'l4')!.cells.find((c) => c.field === 'l4.dport')).toMatchObject({ value: '2368', from: '31266' });
  });

  it('shows the VXLAN outer header first, with its summary', () => {
    const s = headerSections(find((s) => s.stage === 'encap'));
    expect(s[0]).toMatchObject({ title: 'Outer VXLAN header', titleKey: 'headers.outerVxlan' });
    expect(s[0].summary).toMatch(/^172\.16\.240\.131 → 172\.16\.240\.132 UDP \d+ → 8472/);
    expect(s[0].cells.find((c) => c.field === 'outer[0].ip.dst')).toMatchObject({ value: '172.16.240.132', from: '∅' });
  });

  it('lists the fields decapsulation removed', () => {
    const s = headerSections(find((s) => s.stage === 'decap'));
    expect(s[0]).toMatchObject({ id: 'removed', removed: true });
    expect(s[0].cells.some((c) => c.field === 'outer[0].ip.src' && c.from === '172.16.240.131')).toBe(true);
  });

  it('formats the mark in hex', () => {
    const skb = headerSections(find((s) => s.changed.some((c) => c.field === 'mark'))).find((x) => x.id === 'skb')!;
    expect(skb.cells[0]).toMatchObject({ value: '0x4000', from: '0x0' });
  });
});
