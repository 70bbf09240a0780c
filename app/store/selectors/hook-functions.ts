/**
 * The hook functions registered at the current step's hook, in the order the kernel runs them
 * (the engine's hook registry: iptables tables, conntrack, the NAT core with its iptables and nft
 * lookups, nftables base chains), with the one the step belongs to marked. The Pipeline view lists
 * them under the diagram, so a learner sees that an nft chain at −150 runs before iptables' nat.
 */
import type { TraceStep, World } from '../../engine';
import { describeHooks, type HookFunctionInfo } from '../../engine/sim/hook-registry';
import { own } from '../../engine/own';
import type { PacketWalkState } from '../types';
import { memoByPair } from './memo';

/** One registered function, with whether the current step is inside it. */
export interface HookFunctionRow extends HookFunctionInfo {
  readonly current: boolean;
}

/** The current hook's registered functions. */
export interface HookFunctions {
  readonly netns: string;
  readonly hook: string;
  readonly rows: readonly HookFunctionRow[];
}

/** Whether `step` ran inside function `f`. */
function isCurrent(step: TraceStep, f: HookFunctionInfo): boolean {
  if (step.stage === 'conntrack') return f.kind === 'conntrack';
  if (step.stage === 'nat') return f.kind === 'nat';
  if (step.stage === 'ipvs') return f.kind === 'ipvs' && f.ipvs === step.ipvs?.fn && f.priority === step.ipvs?.priority;
  if (step.stage !== 'rule' && step.stage !== 'policy' && step.stage !== 'drop') return false;
  if (step.nft) {
    const n = step.nft;
    return !!f.nft?.some((c) => c.family === n.family && c.table === n.table && c.priority === n.priority) && (f.kind === 'nft' || f.kind === 'nat');
  }
  if (!step.table) return false;
  return step.table === 'nat' ? f.kind === 'nat' && f.xtTable === 'nat' : f.kind === 'xt' && f.xtTable === step.table;
}

const build = memoByPair((world: World, step: TraceStep): HookFunctions | null => {
  if (!step.hook) return null;
  const ns = own(world.netns, step.netns);
  if (!ns) return null;
  const rows = describeHooks(ns, step.hook).map((f) => ({ ...f, current: isCurrent(step, f) }));
  return { netns: step.netns, hook: step.hook, rows };
});

/** The registered functions of the current step's hook (null when the step is not at a hook). */
export const selectHookFunctions = (s: PacketWalkState): HookFunctions | null => {
  const step = s.trace?.steps[s.step];
  return s.world && step ? build(s.world, step) : null;
};
