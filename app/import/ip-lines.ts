/**
 * A captured netns's routes, neighbours and FDB entries as the lines `ip route`, `ip neigh` and
 * `bridge fdb` print (the scenario format's text fields), from their JSON (ip-route(8),
 * ip-neighbour(8), bridge(8)). What the engine does not model yet (routing tables other than main
 * and local, multipath routes, policy-routing rules) is listed, never dropped unsaid.
 */
import type { CapturedNetns, CapturedRoute } from './capture';
import type { LeftOut } from './devices';

/** `ip route` flags that are printed as words after the route. */
const ROUTE_FLAGS = new Set(['onlink', 'linkdown', 'pervasive', 'offload', 'trap', 'notify']);

/** One route as `ip route show` prints it. */
export function routeLine(r: CapturedRoute): string {
  const w: string[] = [];
  if (r.type && r.type !== 'unicast') w.push(r.type);
  w.push(r.dst);
  if (r.gateway) w.push('via', r.gateway);
  if (r.dev) w.push('dev', r.dev);
  if (r.protocol && r.protocol !== 'boot') w.push('proto', r.protocol);
  if (r.scope && r.scope !== 'global') w.push('scope', r.scope);
  if (r.prefsrc) w.push('src', r.prefsrc);
  if (r.metric !== undefined && r.metric !== 0) w.push('metric', String(r.metric));
  for (const f of r.flags ?? []) if (ROUTE_FLAGS.has(f) && f !== 'linkdown') w.push(f);
  return w.join(' ');
}

const isV4 = (s: string) => s === 'default' || /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(s);

/**
 * The main table's routes as `ip route` lines, and the local table's that the kernel did not add
 * itself (its own come back from the addresses when the scenario loads); other tables, multipath routes and non-default
 * `ip rule`s go to `left`.
 */
export function routeLines(ns: CapturedNetns, where: string, left: LeftOut[]): string[] {
  const out: string[] = [];
  const others = new Map<string, number>();
  for (const r of ns.route ?? []) {
    if (!isV4(r.dst)) continue;
    const table = r.table ?? 'main';
    if (table === 'local') {
      // The kernel's own local routes come back from the addresses; one added by hand stays.
      if (r.protocol !== 'kernel') out.push(`${routeLine(r)} table local`);
      continue;
    }
    if (table !== 'main') {
      others.set(table, (others.get(table) ?? 0) + 1);
      continue;
    }
    if (r.nexthops?.length) {
      left.push({ where, what: `multipath route ${r.dst} (${r.nexthops.length} next hops): ECMP is not modelled yet, left out` });
      continue;
    }
    out.push(routeLine(r));
  }
  for (const [t, n] of others) left.push({ where, what: `routing table ${t} (${n} route${n > 1 ? 's' : ''}): policy routing tables are not modelled yet, left out` });
  const rules = (ns.rule ?? []).filter((r) => !((r.priority === 0 && r.table === 'local') || (r.priority === 32766 && r.table === 'main') || (r.priority === 32767 && r.table === 'default')));
  if (rules.length)
    left.push({
      where,
      what: `${rules.length} ip rule${rules.length > 1 ? 's' : ''} beyond the default three (policy routing is not modelled yet): ${rules.map((r) => JSON.stringify(r)).join('; ')}`,
    });
  return out;
}

/** The IPv4 neighbours with a link-layer address, as `ip neigh` lines. */
export function neighLines(ns: CapturedNetns): string[] {
  return (ns.neigh ?? [])
    .filter((n) => isV4(n.dst) && n.dev && n.lladdr && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(n.lladdr))
    .map((n) => `${n.dst} dev ${n.dev} lladdr ${n.lladdr!.toLowerCase()} ${(n.state ?? ['PERMANENT']).filter((s) => s !== 'ROUTER' && s !== 'PROXY').join(' ') || 'PERMANENT'}`);
}

/**
 * FDB entries as `bridge fdb` lines: a VXLAN device's entries (with `dst`), and entries on bridge
 * ports (`master`), learned or static, except the bridge's own local entries for its ports' MACs
 * (the kernel adds those itself). A NIC's own filter entries (`self` without `dst`: its address
 * and multicast groups) are not forwarding state.
 */
export function fdbLines(ns: CapturedNetns, ownMacs: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const f of ns.fdb ?? []) {
    if (!f.ifname || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(f.mac)) continue;
    const mac = f.mac.toLowerCase();
    const flags = f.flags ?? [];
    if (f.dst) {
      if (!isV4(f.dst)) continue;
      out.push(`${mac} dev ${f.ifname} dst ${f.dst}${flags.includes('self') ? ' self' : ''}${f.state === 'permanent' ? ' permanent' : ''}`);
    } else if (f.master) {
      if (f.state === 'permanent' && ownMacs.has(mac)) continue;
      out.push(`${mac} dev ${f.ifname} master ${f.master}${f.state === 'permanent' ? ' permanent' : f.state === 'static' ? ' static' : ''}`);
    }
  }
  return out;
}
