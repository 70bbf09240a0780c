/** `--choice netns/table/chain=N` for the trace CLI: parsing, and checking against a Trace. */
import type { Alternative } from '../engine/trace';

/** A parsed `--choice`, or why it is malformed. */
export type ParsedChoice = { ok: true; key: string; option: number } | { ok: false; message: string };

/**
 * Parses `netns/table/chain=N` (iptables `statistic`: N the rule number taken), `netns/FAMILY
 * TABLE/chain=N` (nft `numgen`: N the value plus one; the chain may contain `/`) or
 * `netns/ipvs/PROTO VIP:PORT=N` (IPVS scheduler: N the real server's line), N from 1.
 * @param arg the option's value as given on the command line.
 */
export function parseChoice(arg: string): ParsedChoice {
  const m = /^([^/\s=]+\/(?:[a-z]+|(?:ip|inet) [^/\s=]+)\/[^=]+)=([1-9]\d{0,5})$/.exec(arg);
  if (!m) return { ok: false, message: `--choice "${arg}": expected netns/table/chain=N, netns/FAMILY TABLE/chain=N (nft numgen) or netns/ipvs/PROTO VIP:PORT=N (N the option taken, from 1)` };
  return { ok: true, key: m[1], option: Number(m[2]) };
}

/**
 * Checks every chosen option against the random decisions a trace met: the key must be one of its
 * decision points and the number one of that decision's alternatives.
 * @param choices the `--choice` options given, by key.
 * @param alternatives the trace's alternatives (traced with those choices).
 * @param flow the flow's name, for the messages.
 * @returns one sentence per bad choice; empty when all are decisions the trace met.
 */
export function checkChoices(choices: Readonly<Record<string, number>>, alternatives: readonly Alternative[], flow: string): string[] {
  const options = new Map<string, number[]>();
  for (const a of alternatives) options.set(a.choice, [...(options.get(a.choice) ?? []), a.option]);
  const points = [...options.keys()];
  const out: string[] = [];
  for (const [key, n] of Object.entries(choices)) {
    const opts = options.get(key);
    if (!opts) out.push(`--choice ${key}: not a random decision of flow "${flow}" (${points.length ? `its decisions: ${points.join(', ')}` : 'it meets no random decision'})`);
    else if (!opts.includes(n)) out.push(`--choice ${key}=${n}: no such alternative (rule numbers: ${opts.join(', ')})`);
  }
  return out;
}
