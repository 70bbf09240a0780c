/**
 * The routing tables of the netns at a routing step, with the route the engine chose marked
 * (matched by its `ip route` text and table, as the Trace gives it).
 */
import type { TraceStep, World } from '../../engine';
import type { PacketWalkState } from '../types';
import { own } from '../../engine/own';
import { onlyDefaultRules } from '../../engine/route/default-rules';

/** One route line of the table view. */
export interface RouteRow {
  readonly text: string;
  readonly chosen: boolean;
  /** Added by the kernel (connected prefixes, local table), not written in the scenario. */
  readonly derived: boolean;
}

/** The routing tables of a netns as the step panel shows them. */
export interface RouteView {
  readonly netns: string;
  /** The table shown open: the chosen route's when it is not `local`, else `main`. */
  readonly table: string;
  /** That table's routes (named `main` for the common case). */
  readonly main: readonly RouteRow[];
  readonly local: readonly RouteRow[];
  /** Table holding the chosen route (`main`, `local`), if any. */
  readonly chosenTable?: string;
  /** The chosen route's text (shown even when it is not in the tables, e.g. a derived route). */
  readonly chosenText?: string;
  /** The netns's `ip rule`s, when they are not the kernel's three defaults, the deciding one marked. */
  readonly rules?: readonly RouteRow[];
}

const cache = new WeakMap<TraceStep, RouteView | null>();

/**
 * Builds the routing-table view of a step.
 * @returns null when the step is not a routing decision.
 */
export function routeView(world: World, step: TraceStep): RouteView | null {
  if (cache.has(step)) return cache.get(step) ?? null;
  let view: RouteView | null = null;
  const ns = own(world.netns, step.netns);
  if (ns && step.stage === 'route') {
    const chosen = step.route;
    const row = (r: (typeof ns.routes)[number]): RouteRow => ({
      text: r.text,
      derived: r.derived,
      chosen: !!chosen && chosen.text === r.text && chosen.table === r.table,
    });
    const table = chosen && chosen.table !== 'local' && chosen.table !== 'rule' ? chosen.table : 'main';
    const rules = ns.rules ?? [];
    view = {
      netns: step.netns,
      table,
      main: ns.routes.filter((r) => r.table === table).map(row),
      local: ns.routes.filter((r) => r.table === 'local').map(row),
      chosenTable: chosen?.table,
      chosenText: chosen?.text,
      ...(onlyDefaultRules(rules) ? {} : { rules: rules.map((r) => ({ text: r.text, derived: r.source === undefined, chosen: chosen?.rule === r.text })) }),
    };
  }
  cache.set(step, view);
  return view;
}

/** The routing view of the step under the cursor. */
export const selectRouteView = (s: PacketWalkState): RouteView | null => {
  const step = s.trace?.steps[s.step];
  const world = s.world ?? s.scenario?.world;
  return step && world ? routeView(world, step) : null;
};
