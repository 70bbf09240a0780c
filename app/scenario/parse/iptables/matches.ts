/**
 * The registry of match extensions (`-m NAME`) the simulator can evaluate. Follows
 * iptables-extensions(8) MATCH EXTENSIONS; the extensions themselves live in `match-l4.ts`
 * (tcp, udp, sctp, icmp, multiport), `match-meta.ts` (addrtype, mark, conntrack, state, comment,
 * physdev), `match-stateful.ts` (statistic, recent) and `match-set.ts` (set).
 */
import type { Builder, MatchInstance } from './common';
import { icmp, multiport, portMatch } from './match-l4';
import { addrtype, comment, mark, physdev, stateMatch } from './match-meta';
import { setMatch } from './match-set';
import { recent, statistic } from './match-stateful';
import type { Token } from './tokenize';

const BUILDERS: Readonly<Record<string, Builder>> = {
  tcp: portMatch('tcp'),
  udp: portMatch('udp'),
  sctp: portMatch('sctp'),
  icmp,
  multiport,
  addrtype,
  mark,
  conntrack: stateMatch('conntrack'),
  state: stateMatch('state'),
  statistic,
  comment,
  physdev,
  recent,
  set: setMatch,
};

/** Names accepted after `-m`. */
export const SUPPORTED_MATCHES: readonly string[] = Object.keys(BUILDERS);

/**
 * Loads match extension `name` (the word after `-m`, or a protocol loaded implicitly by `-p`).
 * @returns a fresh instance, or undefined when the simulator does not support it.
 */
export function loadMatch(name: string, modTok: Token): MatchInstance | undefined {
  const b = Object.prototype.hasOwnProperty.call(BUILDERS, name) ? BUILDERS[name] : undefined;
  return b ? b(modTok) : undefined;
}
