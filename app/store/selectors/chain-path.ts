/**
 * The way the packet came into the chain of the current step, from the hook's built-in chain
 * through each jump: `PREROUTING → KUBE-SERVICES → KUBE-NODEPORTS → KUBE-EXT-… → KUBE-SVC-… →
 * KUBE-SEP-…`. Read off the Trace: within one walk of a hook's table (consecutive rule and policy
 * steps), a `JUMP:X` verdict enters X on top of the caller, `GOTO:X` replaces the caller, and a
 * RETURN or a chain that runs out of rules goes back to the caller (iptables-extensions(8),
 * "TARGETS"; the same for nft `jump`/`goto`/`return`).
 */
import type { TraceStep } from '../../engine';
import type { PacketWalkState } from '../types';

const isChainStep = (s: TraceStep | undefined): s is TraceStep => !!s && (s.stage === 'rule' || s.stage === 'policy') && !!s.chain;

/** Whether two chain steps belong to one walk: same packet direction, netns, hook and table. */
const sameWalk = (a: TraceStep, b: TraceStep) =>
  a.direction === b.direction && a.netns === b.netns && a.hook === b.hook && a.table === b.table && a.nft?.family === b.nft?.family && a.nft?.table === b.nft?.table;

/**
 * The chains from the walk's built-in (base) chain to the chain of `steps[i]`, or null when that
 * step walks no chain.
 */
export function chainPath(steps: readonly TraceStep[], i: number): string[] | null {
  const here = steps[i];
  if (!isChainStep(here)) return null;
  let first = i;
  while (first > 0 && isChainStep(steps[first - 1]) && sameWalk(steps[first - 1], here)) first--;
  const stack: string[] = [];
  for (let k = first; k <= i; k++) {
    const s = steps[k];
    const chain = s.chain!;
    // Arriving in a chain: back in a caller (a return) or entered anew.
    const at = stack.lastIndexOf(chain);
    if (at >= 0) stack.length = at + 1;
    else stack.push(chain);
    if (k === i) break;
    const v = s.verdict ?? '';
    if (v.startsWith('JUMP:')) stack.push(v.slice(5));
    else if (v.startsWith('GOTO:')) stack[stack.length - 1] = v.slice(5);
    else if (v === 'RETURN' || (s.stage === 'rule' && !s.rule)) stack.pop();
  }
  return stack;
}

const cache = new WeakMap<TraceStep, string[] | null>();

/**
 * The current step's chain path; null when it walks no chain or the path is the chain alone. One
 * array per step (cached), so a view subscribed to it re-renders only when the step changes.
 */
export const selectChainPath = (s: PacketWalkState): string[] | null => {
  const steps = s.trace?.steps;
  const step = steps?.[s.step];
  if (!steps || !step) return null;
  if (!cache.has(step)) {
    const path = chainPath(steps, s.step);
    cache.set(step, path && path.length > 1 ? path : null);
  }
  return cache.get(step) ?? null;
};
