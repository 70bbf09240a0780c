/**
 * An index of a long chain by destination address, so a walk skips the rules that cannot match
 * (a node's KUBE-SERVICES holds one rule per Service port) and the Trace stays exactly what the
 * kernel's linear walk gives: the skipped rules are reported as not matched, counted in the rule
 * budget, and no rule is evaluated out of order.
 *
 * A rule is keyed by its destination when it has a `-d ADDR/32` match (not negated) and every
 * match before it is an IP-header match (`-s`, `-i`, `-o`, `-p`), as iptables stores them first
 * (ipt_do_table checks `ip_packet_match` before any extension): for a packet to another address
 * such a rule fails at that match, before anything that could have an effect or be unevaluable.
 * Every other rule is a candidate for every packet.
 */
import { toUint32 } from '../addr/ipv4';
import type { Chain } from './types';

/** Chains shorter than this are walked rule by rule (the index would cost more than it saves). */
export const DST_INDEX_MIN_RULES = 64;

/** Positions (0-based, ascending) of the rules a packet to some address may match. */
export interface DstIndex {
  /** The position of the first rule at or after `pos` that a packet to `dst` may match (rules.length when none). */
  next(pos: number, dst: string): number;
}

const cache = new WeakMap<Chain, DstIndex | null>();

/** The chain's index, or null for a short chain or one with no keyed rule (built once per chain). */
export function dstIndex(chain: Chain): DstIndex | null {
  // Checked before the cache: the walk asks this of every chain it enters, short ones included.
  if (chain.rules.length < DST_INDEX_MIN_RULES) return null;
  let index = cache.get(chain);
  if (index === undefined) cache.set(chain, (index = build(chain)));
  return index;
}

const IP_HEADER = new Set(['src', 'in', 'out', 'proto']);

function keyOf(chain: Chain, i: number): number | undefined {
  for (const m of chain.rules[i].matches) {
    if (m.kind === 'dst') return !m.invert && m.cidr.len === 32 ? toUint32(m.cidr.addr) : undefined;
    if (!IP_HEADER.has(m.kind)) return undefined;
  }
  return undefined;
}

function build(chain: Chain): DstIndex | null {
  const n = chain.rules.length;
  const wild: number[] = [];
  const byDst = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const k = keyOf(chain, i);
    if (k === undefined) wild.push(i);
    else {
      const list = byDst.get(k);
      if (list) list.push(i);
      else byDst.set(k, [i]);
    }
  }
  if (byDst.size === 0) return null;
  let lastDst = '';
  let lastList: readonly number[] | undefined;
  return {
    next(pos, dst) {
      if (dst !== lastDst) {
        lastDst = dst;
        lastList = byDst.get(toUint32(dst));
      }
      return Math.min(firstAtOrAfter(wild, pos, n), lastList ? firstAtOrAfter(lastList, pos, n) : n);
    },
  };
}

/** The first value ≥ `pos` of ascending `list`, or `none`. */
function firstAtOrAfter(list: readonly number[], pos: number, none: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? list[lo] : none;
}
