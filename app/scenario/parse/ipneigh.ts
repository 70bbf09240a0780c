/**
 * Parses `ip neigh` lines (ip-neighbour(8)), e.g.
 * `10.244.0.0 dev flannel.1 lladdr 32:a9:79:6d:0b:b1 PERMANENT`.
 */
import { isIPv4 } from '../../engine/addr/ipv4';
import type { Neighbor } from '../../engine/world';
import type { LineError, Token } from './tokens';

const STATES = new Set(['PERMANENT', 'NOARP', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'INCOMPLETE', 'NONE']);
const MAC_RE = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** Parses one neighbour line; the caller adds `text` and `source`. */
export function parseNeighLine(_line: string, toks: Token[]): Omit<Neighbor, 'source' | 'text'> | LineError {
  if (!isIPv4(toks[0].text)) return { col: toks[0].col, message: `expected a neighbour IPv4 address, got "${toks[0].text}"` };
  let dev: string | undefined;
  let lladdr: string | undefined;
  let state = 'REACHABLE';
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i];
    const v = toks[i + 1];
    if (t.text === 'dev') {
      if (!v) return { col: t.col, message: 'expected an interface name after "dev"' };
      dev = v.text;
      i++;
    } else if (t.text === 'lladdr') {
      if (!v || !MAC_RE.test(v.text)) return { col: (v ?? t).col, message: 'expected a MAC address after "lladdr"' };
      lladdr = v.text.toLowerCase();
      i++;
    } else if (t.text === 'nud') {
      if (!v || !STATES.has(v.text.toUpperCase())) return { col: (v ?? t).col, message: 'expected a NUD state after "nud"' };
      state = v.text.toUpperCase();
      i++;
    } else if (STATES.has(t.text)) {
      state = t.text;
    } else if (t.text === 'router' || t.text === 'proxy' || t.text === 'extern_learn') {
      // flags that do not change resolution
    } else {
      return { col: t.col, message: `unknown neighbour attribute "${t.text}" (expected dev, lladdr, nud or a state such as PERMANENT)` };
    }
  }
  if (!dev) return { col: toks[0].col, message: 'a neighbour entry needs "dev"' };
  if (!lladdr && state !== 'FAILED' && state !== 'INCOMPLETE' && state !== 'NOARP') return { col: toks[0].col, message: 'a neighbour entry needs "lladdr"' };
  return { ip: toks[0].text, dev, lladdr, state };
}
