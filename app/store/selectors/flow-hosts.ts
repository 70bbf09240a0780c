/**
 * The hosts the flow on screen passes through, which the topology always draws expanded at
 * cluster scale (app/ui/topology/layout.ts): read from the Trace and the flow, never computed.
 */
import type { Trace } from '../../engine';
import type { FlowFile } from '../../scenario';
import type { PacketWalkState } from '../types';
import { memoByPair } from './memo';

/**
 * The flow's hosts: its source (`trace.flow.from`), every netns of its Trace (request, reply and
 * error), and the hosts its `expect` names (the destination even when the packet is dropped before
 * reaching it), sorted, so equal sets compare equal as text.
 */
export const flowHosts = memoByPair((trace: Trace, flow: FlowFile | { readonly expect?: undefined }): readonly string[] => {
  const names = new Set<string>([trace.flow.from]);
  for (const s of trace.steps) names.add(s.netns);
  for (const o of [trace.outcome.request, trace.outcome.reply, trace.outcome.error]) if (o) names.add(o.netns);
  for (const dir of ['request', 'reply'] as const) {
    const o = flow.expect?.[dir];
    if (o && o !== 'none') names.add('delivered' in o ? o.delivered.host : o.dropped.host);
  }
  return [...names].sort();
});

const NO_FLOW = {} as const;

/** The hosts of the flow on screen (empty without a Trace). */
export function selectFlowHosts(s: PacketWalkState): readonly string[] {
  if (!s.trace) return [];
  const flow = s.scenario?.flows.find((f) => f.name === s.flowName) ?? NO_FLOW;
  return flowHosts(s.trace, flow);
}
