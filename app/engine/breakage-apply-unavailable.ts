/**
 * The embeds' stand-in for breakage-apply.ts (vite.embed-runtime.ts `withoutBreakages`): they
 * offer no "break it" edits, so their engine worker only ever traces the World as loaded.
 */
import type { Breakage } from './breakage-apply';
import type { World } from './world';

/** `world` itself for an empty list. @throws Error for any breakage (the embeds send none). */
export function applyBreakages(world: World, list: readonly Breakage[]): World {
  if (list.length) throw new Error('this embed does not apply breakages; open the scenario in the PacketWalk app');
  return world;
}
