/**
 * The routes the kernel adds by itself when an address is configured (net/ipv4/fib_frontend.c,
 * `fib_add_ifaddr`): in the local table `local <addr>` and the prefix's broadcast, in the main
 * table the connected prefix `<net>/<len> dev <if> proto kernel scope link src <addr>` (not for /32).
 * `127.0.0.0/8` on `lo` is local as a whole.
 */
import { broadcastOf, networkOf } from '../addr/ipv4';
import type { Iface, Route } from '../world';

/**
 * Derives the kernel routes of a netns's interfaces.
 * @param interfaces every interface of the netns, `lo` included.
 * @param written routes from the scenario; a derived route identical in table, type, prefix and dev
 *   to a written one is skipped, so a pasted `ip route` output does not duplicate them.
 */
export function deriveKernelRoutes(interfaces: readonly Iface[], written: readonly Route[]): Route[] {
  const out: Route[] = [];
  const has = (r: Omit<Route, 'text' | 'source'>) =>
    written.some((w) => w.table === r.table && w.type === r.type && w.dst.addr === r.dst.addr && w.dst.len === r.dst.len && w.dev === r.dev) ||
    out.some((w) => w.table === r.table && w.type === r.type && w.dst.addr === r.dst.addr && w.dst.len === r.dst.len && w.dev === r.dev);
  const add = (r: Omit<Route, 'text' | 'source'>) => {
    if (!has(r)) out.push({ ...r, text: routeText(r) });
  };
  for (const ifc of interfaces) {
    for (const a of ifc.addresses) {
      if (ifc.type === 'loopback' && a.ip.startsWith('127.')) {
        add({
          table: 'local',
          type: 'local',
          dst: { addr: networkOf(a.ip, a.prefixLen), len: a.prefixLen },
          dev: ifc.name,
          scope: 'host',
          onlink: false,
          prefsrc: a.ip,
          metric: 0,
          proto: 'kernel',
          derived: true,
        });
      }
      add({ table: 'local', type: 'local', dst: { addr: a.ip, len: 32 }, dev: ifc.name, scope: 'host', onlink: false, prefsrc: a.ip, metric: 0, proto: 'kernel', derived: true });
      if (a.prefixLen < 31) {
        add({
          table: 'local',
          type: 'broadcast',
          dst: { addr: broadcastOf(a.ip, a.prefixLen), len: 32 },
          dev: ifc.name,
          scope: 'link',
          onlink: false,
          prefsrc: a.ip,
          metric: 0,
          proto: 'kernel',
          derived: true,
        });
      }
      if (a.prefixLen < 32 && ifc.type !== 'loopback') {
        add({
          table: 'main',
          type: 'unicast',
          dst: { addr: networkOf(a.ip, a.prefixLen), len: a.prefixLen },
          dev: ifc.name,
          scope: 'link',
          onlink: false,
          prefsrc: a.ip,
          metric: 0,
          proto: 'kernel',
          derived: true,
        });
      }
    }
  }
  return out;
}

/** Formats a route the way `ip route` prints it. */
export function routeText(r: Omit<Route, 'text' | 'source'>): string {
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(r.dst.len === 0 && r.type === 'unicast' ? 'default' : r.dst.len === 32 ? r.dst.addr : `${r.dst.addr}/${r.dst.len}`);
  if (r.via) parts.push('via', r.via);
  if (r.dev) parts.push('dev', r.dev);
  if (r.table === 'local') parts.push('table', 'local');
  if (r.proto) parts.push('proto', r.proto);
  if (r.scope !== 'global') parts.push('scope', r.scope);
  if (r.prefsrc) parts.push('src', r.prefsrc);
  if (r.metric) parts.push('metric', String(r.metric));
  if (r.onlink) parts.push('onlink');
  return parts.join(' ');
}
