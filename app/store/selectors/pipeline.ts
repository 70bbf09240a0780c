/**
 * Where the current step sits in the netfilter hook pipeline of its netns, for the step panel's
 * diagram. Derived from the step's stage and hook, and, for routing and POSTROUTING, from whether
 * the packet entered this netns from a device (recv/decap) or was made here (send/encap).
 */
import type { Trace, TraceStep } from '../../engine';
import type { PacketWalkState } from '../types';

/** The three paths of the classic netfilter diagram. */
export type PipelineRow = 'forward' | 'input' | 'output';

/** A box of the pipeline diagram. */
export type PipelineNode = 'in' | 'PREROUTING' | 'routing' | 'FORWARD' | 'INPUT' | 'local' | 'OUTPUT' | 'POSTROUTING' | 'out';

/** The lit box and the row it belongs to; null when the step is outside the IP layer's hooks. */
export interface PipelinePosition {
  readonly row: PipelineRow;
  readonly node: PipelineNode;
}

/** True when the packet handled at step `i` was created in this netns (local output path). */
function locallyGenerated(trace: Trace, i: number): boolean {
  const netns = trace.steps[i].netns;
  for (let j = i; j >= 0; j--) {
    const st = trace.steps[j];
    if (st.netns !== netns) return false;
    if (st.stage === 'send' || st.stage === 'encap') return true;
    if (st.stage === 'recv' || st.stage === 'decap') return false;
  }
  return false;
}

/**
 * Places step `i` of `trace` in the pipeline.
 * @returns the row and box to light.
 */
export function pipelinePosition(trace: Trace, i: number): PipelinePosition {
  const st: TraceStep = trace.steps[i];
  const local = locallyGenerated(trace, i);
  switch (st.hook) {
    case 'PREROUTING':
      return { row: 'forward', node: 'PREROUTING' };
    case 'INPUT':
      return { row: 'input', node: 'INPUT' };
    case 'FORWARD':
      return { row: 'forward', node: 'FORWARD' };
    case 'OUTPUT':
      return { row: 'output', node: 'OUTPUT' };
    case 'POSTROUTING':
      return { row: local ? 'output' : 'forward', node: 'POSTROUTING' };
    case undefined:
      break;
  }
  switch (st.stage) {
    case 'send':
      return { row: 'output', node: 'local' };
    case 'deliver':
      return { row: 'input', node: 'local' };
    case 'recv':
    case 'decap':
      return { row: 'forward', node: 'in' };
    case 'conntrack':
      return local ? { row: 'output', node: 'OUTPUT' } : { row: 'forward', node: 'PREROUTING' };
    case 'route':
      return { row: local ? 'output' : 'forward', node: 'routing' };
    case 'forward':
      return { row: 'forward', node: 'FORWARD' };
    case 'xmit':
    case 'neigh':
    case 'fdb':
    case 'encap':
      return { row: local ? 'output' : 'forward', node: 'out' };
    case 'limit':
      return { row: local ? 'output' : 'forward', node: local ? 'local' : 'in' };
    case 'drop': {
      const o = [trace.outcome.request, trace.outcome.reply, trace.outcome.error].find((x) => x?.result === 'dropped' && x.step === i);
      const where = o?.result === 'dropped' ? o.stage : undefined;
      if (where === 'route') return { row: local ? 'output' : 'forward', node: 'routing' };
      if (where === 'deliver') return { row: 'input', node: 'local' };
      if (where === 'neigh' || where === 'xmit' || where === 'fdb') return { row: local ? 'output' : 'forward', node: 'out' };
      return { row: local ? 'output' : 'forward', node: local ? 'local' : 'in' };
    }
    case 'rule':
    case 'policy':
    case 'nat':
    case 'ipvs':
      return { row: local ? 'output' : 'forward', node: local ? 'OUTPUT' : 'PREROUTING' };
    default: {
      const never: never = st.stage;
      throw new Error(`unknown stage ${String(never)}`);
    }
  }
}

/** The pipeline position of the step under the cursor (null without a Trace). */
export const selectPipelinePosition = (s: PacketWalkState): PipelinePosition | null => (s.trace && s.trace.steps[s.step] ? pipelinePosition(s.trace, s.step) : null);
