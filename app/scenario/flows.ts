/** Turning a scenario flow into the engine's input. */
import type { FlowInput } from '../engine/sim/simulate';
import type { FlowFile } from './schema';

/**
 * The engine input for a flow, with `choices` overridden by `overrides` (a UI's "take the other
 * branch").
 */
export function flowInput(f: FlowFile, overrides?: Readonly<Record<string, number>>): FlowInput {
  return {
    name: f.name,
    from: f.from,
    protocol: f.protocol,
    src: f.src,
    dst: f.dst,
    sport: f.sport,
    dport: f.dport,
    size: f.size,
    choices: { ...(f.choices ?? {}), ...(overrides ?? {}) },
  };
}
