/** Key steps: what a talk jumps between, computed from the Trace and the flow's narration. */
import { describe, expect, it } from 'vitest';
import { createPacketWalkStore } from '../store';
import { createInProcessBridge } from '../in-process-bridge';
import { readBundledFromDisk } from '../disk-fixtures';
import { keyReason, keySteps, nextKeyStep, prevKeyStep, selectKeySteps } from './key-steps';

const store = createPacketWalkStore({ engine: createInProcessBridge(), bundled: readBundledFromDisk() });
store.getState().loadBundledScenario('canal-nodeport');
const trace = store.getState().trace!;
const keys = keySteps(trace, new Map());
const reasons = new Map(keys.map((i) => [i, keyReason(trace.steps[i], false)]));

describe('key steps', () => {
  it('are the start, the rewrites, the routing to another device, encap/decap and the deliveries', () => {
    const first = (p: (s: (typeof trace.steps)[number]) => boolean) => trace.steps.findIndex(p);
    expect(reasons.get(0)).toBe('start');
    expect(reasons.get(first((s) => !!s.rule?.text.includes('DNAT')))).toBe('rule');
    expect(reasons.get(first((s) => s.stage === 'encap'))).toBe('encap');
    expect(reasons.get(first((s) => s.stage === 'decap'))).toBe('decap');
    expect(reasons.get(first((s) => s.stage === 'deliver'))).toBe('deliver');
    expect(reasons.get(first((s) => s.stage === 'route' && !!s.route?.text.includes('dev flannel.1')))).toBe('route');
    expect(reasons.get(first((s) => s.stage === 'nat'))).toBe('nat');
  });
  it('leave out what only moves the packet along: links, neighbour lookups, chain walks without effect', () => {
    for (const i of keys) expect(['xmit', 'neigh', 'recv', 'policy'], `step ${i}`).not.toContain(trace.steps[i].stage);
    expect(keys.length).toBeLessThan(trace.steps.length / 3);
  });
  it('include the steps the author narrated', () => {
    const narrated = selectKeySteps(store.getState());
    const plain = new Set(keys);
    const extra = narrated.filter((i) => !plain.has(i));
    expect(extra.length).toBeGreaterThan(0);
    for (const i of extra) expect(keyReason(trace.steps[i], true)).toBe('narrated');
  });
  it('next and back go to the neighbouring key step, and stop at the ends', () => {
    expect(nextKeyStep(keys, 0, 99)).toBe(keys[1]);
    expect(nextKeyStep(keys, keys[keys.length - 1], 99)).toBe(99);
    expect(prevKeyStep(keys, keys[2])).toBe(keys[1]);
    expect(prevKeyStep(keys, 0)).toBe(0);
  });
});
