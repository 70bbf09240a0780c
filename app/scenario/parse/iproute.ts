/**
 * Parses `ip route` lines (ip-route(8)) as `ip route show [table local]` prints them, e.g.
 * `10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink` or `blackhole 10.244.38.128/26 proto bird`.
 */
import { isIPv4, parseCidr } from '../../engine/addr/ipv4';
import type { Route, RouteType } from '../../engine/world';
import type { LineError, Token } from './tokens';
import { parseTableId } from './iprule';
import { parseNexthops, parseVia } from './nexthop';

const TYPES: readonly RouteType[] = ['unicast', 'local', 'broadcast', 'blackhole', 'unreachable', 'prohibit', 'throw'];

/** Route attributes that `ip route` prints but that do not change the forwarding decision. */
const IGNORED_FLAGS = new Set(['linkdown', 'dead', 'offload', 'trap', 'rt_offload', 'rt_trap', 'pervasive', 'notify']);
const IGNORED_WITH_VALUE = new Set([
  'pref',
  'expires',
  'uid',
  'realm',
  'realms',
  'hoplimit',
  'advmss',
  'rtt',
  'rttvar',
  'initcwnd',
  'initrwnd',
  'quickack',
  'congctl',
  'features',
  'ssthresh',
  'cwnd',
  'window',
  'reordering',
  'fastopen_no_cookie',
  'tos',
  'dsfield',
  'mtu',
  'lock',
]);

/**
 * Parses one route line.
 * @returns the route without its source (the caller adds `source`), or a LineError naming the column.
 */
export function parseRouteLine(_line: string, toks: Token[]): Omit<Route, 'source' | 'text'> | LineError {
  let i = 0;
  let type: RouteType = 'unicast';
  if (TYPES.includes(toks[0].text as RouteType)) {
    type = toks[0].text as RouteType;
    i = 1;
  }
  const dstTok = toks[i];
  if (!dstTok) return { col: toks[0].col, message: 'expected a destination prefix after the route type' };
  let dst: { addr: string; len: number } | null;
  if (dstTok.text === 'default' || dstTok.text === '0.0.0.0/0') dst = { addr: '0.0.0.0', len: 0 };
  else dst = parseCidr(dstTok.text);
  if (!dst) return { col: dstTok.col, message: `expected a destination like 10.244.0.0/24 or "default", got "${dstTok.text}"` };
  i++;
  let via: string | undefined;
  let dev: string | undefined;
  let scope: Route['scope'] | undefined;
  let onlink = false;
  let prefsrc: string | undefined;
  let metric = 0;
  let proto: string | undefined;
  let nexthops: Route['nexthops'];
  let table: Route['table'] = type === 'local' || type === 'broadcast' ? 'local' : 'main';
  while (i < toks.length) {
    const t = toks[i];
    const v = toks[i + 1];
    const need = (what: string): LineError | null => (v ? null : { col: t.col, message: `expected ${what} after "${t.text}"` });
    switch (t.text) {
      case 'via': {
        const g = parseVia(toks, i);
        if ('message' in g) return g;
        via = g.via;
        i = g.next;
        break;
      }
      case 'dev':
      case 'oif': {
        const e = need('an interface name');
        if (e) return e;
        dev = v.text;
        i += 2;
        break;
      }
      case 'scope': {
        const e = need('a scope');
        if (e) return e;
        if (v.text !== 'host' && v.text !== 'link' && v.text !== 'global' && v.text !== 'universe') return { col: v.col, message: `expected scope host, link or global, got "${v.text}"` };
        scope = v.text === 'universe' ? 'global' : v.text;
        i += 2;
        break;
      }
      case 'onlink':
        onlink = true;
        i++;
        break;
      case 'src': {
        const e = need('a source address');
        if (e) return e;
        if (!isIPv4(v.text)) return { col: v.col, message: `expected an IPv4 address after "src", got "${v.text}"` };
        prefsrc = v.text;
        i += 2;
        break;
      }
      case 'metric':
      case 'preference':
      case 'priority': {
        const e = need('a number');
        if (e) return e;
        if (!/^\d+$/.test(v.text)) return { col: v.col, message: `expected a number after "${t.text}", got "${v.text}"` };
        metric = Number(v.text);
        i += 2;
        break;
      }
      case 'proto':
      case 'protocol': {
        const e = need('a protocol name');
        if (e) return e;
        proto = v.text;
        i += 2;
        break;
      }
      case 'table': {
        const e = need('a table name');
        if (e) return e;
        const id = parseTableId(v.text);
        if (!id.ok) return { col: v.col, message: id.message };
        table = id.table;
        i += 2;
        break;
      }
      case 'nexthop': {
        const nh = parseNexthops(toks, i);
        if ('message' in nh) return nh;
        nexthops = nh.nexthops;
        i = toks.length;
        break;
      }
      default:
        if (IGNORED_FLAGS.has(t.text)) {
          i++;
          break;
        }
        if (IGNORED_WITH_VALUE.has(t.text)) {
          i += v && v.text === 'lock' ? 3 : 2;
          break;
        }
        return { col: t.col, message: `unknown route attribute "${t.text}" (expected via, dev, scope, onlink, src, metric, proto, table)` };
    }
  }
  if (nexthops && (dev || via)) return { col: toks[0].col, message: 'a multipath route gives "via" and "dev" in each "nexthop", not before them' };
  if (type === 'unicast' && !dev && !via && !nexthops) return { col: toks[0].col, message: 'a unicast route needs "dev", "via" or "nexthop"' };
  if ((type === 'local' || type === 'broadcast') && !dev) return { col: toks[0].col, message: `a ${type} route needs "dev"` };
  const defaultScope: Route['scope'] = type === 'local' ? 'host' : type === 'broadcast' ? 'link' : type === 'unicast' && !via && !nexthops ? 'link' : 'global';
  return { table, type, dst, via, dev, scope: scope ?? defaultScope, onlink, prefsrc, metric, proto, ...(nexthops ? { nexthops } : {}), derived: false };
}
