/**
 * Neighbour (ARP) and FDB tables of the netns at a neighbour or FDB step, with the entry the Trace
 * used marked by its text.
 */
import type { TraceStep, World } from '../../engine';
import type { PacketWalkState } from '../types';
import { own } from '../../engine/own';

/** One neighbour or FDB line. */
export interface L2Row {
  readonly text: string;
  readonly used: boolean;
}

/** The table behind a neighbour or FDB decision. */
export interface L2View {
  readonly kind: 'neigh' | 'fdb';
  readonly netns: string;
  /** The entry used, as the Trace prints it. */
  readonly entry: string;
  /** How it was obtained (`static`, `arp`, `proxy-arp`, `cached`, `noarp`, `learned`, `flood`, `local`). */
  readonly how: string;
  /** For ARP answered by proxy: who answered. */
  readonly answeredBy?: string;
  /** For a flood: the ports the frame goes out of. */
  readonly ports?: readonly string[];
  /** The netns's configured entries (`ip neigh` or `bridge fdb` lines from the scenario). */
  readonly table: readonly L2Row[];
}

const cache = new WeakMap<TraceStep, L2View | null>();

/** Builds the L2 view of a step; null when the step used no neighbour or FDB entry. */
export function l2View(world: World, step: TraceStep): L2View | null {
  if (cache.has(step)) return cache.get(step) ?? null;
  const ns = own(world.netns, step.netns);
  let view: L2View | null = null;
  if (ns && step.neigh) {
    const n = step.neigh;
    view = {
      kind: 'neigh',
      netns: step.netns,
      entry: n.text,
      how: n.how,
      answeredBy: n.answeredBy ? `${n.answeredBy.netns}/${n.answeredBy.interface}` : undefined,
      table: ns.neighbors.map((e) => ({ text: e.text, used: e.text === n.text })),
    };
  } else if (ns && step.fdb) {
    const f = step.fdb;
    view = {
      kind: 'fdb',
      netns: step.netns,
      entry: f.text,
      how: f.how,
      ports: f.ports,
      table: ns.fdb.map((e) => ({ text: e.text, used: e.text === f.text })),
    };
  }
  cache.set(step, view);
  return view;
}

/** The L2 view of the step under the cursor. */
export const selectL2View = (s: PacketWalkState): L2View | null => {
  const step = s.trace?.steps[s.step];
  const world = s.world ?? s.scenario?.world;
  return step && world ? l2View(world, step) : null;
};
