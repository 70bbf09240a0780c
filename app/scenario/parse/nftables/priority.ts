/**
 * Base chain priorities (nft(8) CHAINS, "Standard priority names, family and hook compatibility
 * matrix"): a number, a name, or `NAME + N` / `NAME - N`. The bridge family has its own names.
 */
import { NFT_PRIORITY_NAMES, type NftFamily } from '../../../engine/nftables/types';

/** Bridge family priority names (nft(8): filter −200, dstnat −300, srcnat 300, out 100). */
const BRIDGE_PRIORITY_NAMES: Readonly<Record<string, number>> = { filter: -200, dstnat: -300, srcnat: 300, out: 100 };

/**
 * Resolves a priority as written (`dstnat`, `-110`, `filter - 5`, `mangle+1`).
 * @returns the number, or a message saying what was expected.
 */
export function resolvePriority(text: string, family: NftFamily): { value: number } | { error: string } {
  const names = family === 'bridge' ? BRIDGE_PRIORITY_NAMES : NFT_PRIORITY_NAMES;
  const m = /^(?:([a-z]+)\s*(?:([+-])\s*(\d+))?|([+-]?\d+))$/.exec(text.trim());
  if (!m) return { error: `expected a priority: a number or one of ${Object.keys(names).join(', ')} (optionally + or - a number)` };
  if (m[4] !== undefined) return { value: Number(m[4]) };
  if (!Object.hasOwn(names, m[1])) return { error: `unknown priority name "${m[1]}" for family ${family}: expected a number or one of ${Object.keys(names).join(', ')}` };
  const base = names[m[1]];
  const delta = m[3] === undefined ? 0 : Number(m[3]) * (m[2] === '-' ? -1 : 1);
  return { value: base + delta };
}
