/**
 * The next hops of a multipath route (ip-route(8) `nexthop NEXTHOP`), as `ip route show` prints
 * them after the route: `nexthop via 10.0.1.2 dev eth1 weight 1 nexthop via 10.0.2.2 dev eth2 weight 1`
 * (on one line, or one `nexthop` per continuation line, joined by the caller).
 */
import { isIPv4 } from '../../engine/addr/ipv4';
import type { NextHop } from '../../engine/world';
import type { LineError, Token } from './tokens';

/** Words `ip route` prints in a next hop that do not change the forwarding decision. */
const IGNORED = new Set(['dead', 'linkdown', 'pervasive', 'offload', 'trap']);

/**
 * The gateway after `via` at token `i` (`via G` or `via inet G`, as `ip route` prints either).
 * @returns the address and the index of the token after it, or a LineError naming the column.
 */
export function parseVia(toks: readonly Token[], i: number): { via: string; next: number } | LineError {
  const t = toks[i];
  const v = toks[i + 1];
  if (!v) return { col: t.col, message: `expected a gateway address after "${t.text}"` };
  const inet = v.text === 'inet';
  const g = inet ? toks[i + 2] : v;
  if (!g) return { col: v.col, message: 'expected a gateway address after "via inet"' };
  if (!isIPv4(g.text)) return { col: v.col, message: `expected an IPv4 gateway after "via", got "${g.text}"` };
  return { via: g.text, next: i + (inet ? 3 : 2) };
}

/**
 * Parses `nexthop …` groups from token `i` to the end of the line.
 * @returns the next hops (weight 1 when not given), or a LineError naming the column.
 */
export function parseNexthops(toks: readonly Token[], i: number): { nexthops: NextHop[] } | LineError {
  const out: { via?: string; dev?: string; weight: number; onlink: boolean }[] = [];
  while (i < toks.length) {
    const t = toks[i];
    const v = toks[i + 1];
    if (t.text === 'nexthop') {
      out.push({ weight: 1, onlink: false });
      i++;
      continue;
    }
    const nh = out[out.length - 1];
    if (!nh) return { col: t.col, message: `expected "nexthop", got "${t.text}"` };
    if (t.text === 'onlink' || IGNORED.has(t.text)) {
      if (t.text === 'onlink') nh.onlink = true;
      i++;
      continue;
    }
    if (t.text === 'via') {
      const g = parseVia(toks, i);
      if ('message' in g) return g;
      nh.via = g.via;
      i = g.next;
      continue;
    }
    if (!v) return { col: t.col, message: `expected a value after "${t.text}"` };
    if (t.text === 'dev') {
      nh.dev = v.text;
      i += 2;
    } else if (t.text === 'weight') {
      if (!/^\d+$/.test(v.text) || Number(v.text) < 1 || Number(v.text) > 256) return { col: v.col, message: `expected a weight 1–256, got "${v.text}"` };
      nh.weight = Number(v.text);
      i += 2;
    } else return { col: t.col, message: `unknown next hop attribute "${t.text}" (expected via, dev, weight, onlink)` };
  }
  if (out.length === 0) return { col: toks[toks.length - 1]?.col ?? 1, message: 'expected at least one "nexthop"' };
  const bad = out.findIndex((n) => !n.via && !n.dev);
  if (bad >= 0) return { col: toks[0].col, message: `next hop ${bad + 1} needs "via" or "dev"` };
  return { nexthops: out };
}

/**
 * A route block with its continuation lines (a line starting with `nexthop`, as `ip route show`
 * prints a multipath route) joined to the route they belong to; each joined line is left empty,
 * so every other line keeps its number.
 */
export function joinNexthopLines(text: string): string {
  const lines = text.split('\n');
  let owner = -1;
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed.startsWith('nexthop') && owner >= 0) {
      lines[owner] = `${lines[owner].replace(/\s+$/, '')} ${trimmed}`;
      lines[i] = '';
    } else if (trimmed && !trimmed.startsWith('#')) owner = i;
  }
  return lines.join('\n');
}
