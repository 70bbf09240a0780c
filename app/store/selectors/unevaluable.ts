/**
 * What the loaded scenario holds that the engine cannot evaluate (../../engine/unevaluable.ts),
 * for the header's list: a packet reaching one stops with "cannot evaluate". The list is made when
 * the scenario loads (in the engine worker), not here: a view never scans the ruleset.
 */
import type { Unevaluable } from '../../engine/unevaluable';
import type { PacketWalkState } from '../types';

const NONE: readonly Unevaluable[] = [];

/** The scenario's unevaluable rules, chains, services and sets (empty without a scenario). */
export const selectUnevaluable = (s: PacketWalkState): readonly Unevaluable[] => s.scenario?.unevaluable ?? NONE;
