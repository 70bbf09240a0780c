/**
 * A captured netns's routes, neighbours and FDB entries as the lines `ip route`, `ip neigh` and
 * `bridge fdb` print (the scenario format's text fields), from their JSON (ip-route(8),
 * ip-neighbour(8), bridge(8)), and the policy rules as `ip rule show` prints them (ip-rule(8)).
 * Multipath routes keep their next hops (`nexthop via … dev … weight …`).
 */
import type { CapturedNetns, CapturedRoute } from './capture';
import type { LeftOut } from './devices';
import { DEFAULT_POLICY_RULES } from '../engine/route/default-rules';

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

/** The `nexthop via G dev D weight W` words of a multipath route's `nexthops` (ip -j route). */
function nexthopWords(nexthops: NonNullable<CapturedRoute['nexthops']>): string {
  return nexthops
    .map((n) => {
      const w = ['nexthop'];
      if (n.gateway) w.push('via', n.gateway);
      if (n.dev) w.push('dev', n.dev);
      w.push('weight', String(n.weight ?? 1));
      if (n.flags?.includes('onlink')) w.push('onlink');
      return w.join(' ');
    })
    .join(' ');
}

const isV4 = (s: string) => s === 'default' || /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(s);

/**
 * Every table's routes as `ip route` lines (`table N` after those not in main), but the local
 * table's that the kernel added itself (they come back from the addresses when the scenario
 * loads); a multipath route with its next hops, or in `left` when one has neither gateway nor device.
 */
export function routeLines(ns: CapturedNetns, where: string, left: LeftOut[]): string[] {
  const out: string[] = [];
  for (const r of ns.route ?? []) {
    if (!isV4(r.dst)) continue;
    const table = r.table ?? 'main';
    // The kernel's own local routes come back from the addresses; one added by hand stays.
    if (table === 'local' && r.protocol === 'kernel') continue;
    const hops = r.nexthops ?? [];
    if (hops.some((n) => !n.gateway && !n.dev)) {
      left.push({ where, what: `multipath route ${r.dst}${table === 'main' ? '' : ` in table ${table}`}: a next hop has neither gateway nor device, left out` });
      continue;
    }
    const line = hops.length ? `${routeLine(r)} ${nexthopWords(hops)}` : routeLine(r);
    out.push(table === 'main' ? line : `${line} table ${table}`);
  }
  return out;
}

/** `ip -j rule` keys ruleLine writes back as words (the values are printed as `ip rule` does). */
const RULE_KEYS = new Set(['priority', 'not', 'src', 'srclen', 'dst', 'dstlen', 'fwmark', 'fwmask', 'iif', 'iif_detached', 'oif', 'oif_detached', 'table', 'suppress_prefixlen', 'action', 'protocol']);
/** Keys of selectors and actions the engine does not model: written back so that the rule loads as "cannot evaluate". */
const UNMODELLED_RULE_KEYS: Readonly<Record<string, string>> = { tos: 'tos', ipproto: 'ipproto', sport: 'sport', dport: 'dport', tun_id: 'tun_id', goto: 'goto', l3mdev: 'l3mdev' };

const hex = (v: unknown) => (typeof v === 'number' ? `0x${v.toString(16)}` : String(v));

/** One rule of `ip -j rule` as `ip rule show` prints it, or why it cannot be written. */
export function ruleLine(r: Readonly<Record<string, unknown>>): { line: string } | { why: string } {
  const w: string[] = [`${String(r.priority ?? 0)}:`];
  if (r.not) w.push('not');
  w.push('from', r.src === undefined || r.src === 'all' ? 'all' : `${String(r.src)}${r.srclen === undefined ? '' : `/${String(r.srclen)}`}`);
  if (r.dst !== undefined && r.dst !== 'all') w.push('to', `${String(r.dst)}${r.dstlen === undefined ? '' : `/${String(r.dstlen)}`}`);
  if (r.fwmark !== undefined) w.push('fwmark', `${hex(r.fwmark)}${r.fwmask === undefined ? '' : `/${hex(r.fwmask)}`}`);
  if (r.iif !== undefined) w.push('iif', String(r.iif));
  if (r.oif !== undefined) w.push('oif', String(r.oif));
  for (const [k, word] of Object.entries(UNMODELLED_RULE_KEYS)) if (r[k] !== undefined) w.push(...(k === 'l3mdev' ? [word] : [word, String(r[k])]));
  if (r.uid_start !== undefined) w.push('uidrange', `${String(r.uid_start)}-${String(r.uid_end)}`);
  if (r.action === 'nop') w.push('nop');
  else if (typeof r.action === 'string' && r.action !== 'unicast') w.push(r.action);
  else if (r.table !== undefined) w.push('lookup', String(r.table));
  if (r.suppress_prefixlen !== undefined) w.push('suppress_prefixlength', String(r.suppress_prefixlen));
  const unknown = Object.keys(r).filter((k) => !RULE_KEYS.has(k) && !(k in UNMODELLED_RULE_KEYS) && k !== 'uid_start' && k !== 'uid_end');
  if (unknown.length) return { why: `ip rule ${String(r.priority)} has fields the importer does not know (${unknown.join(', ')})` };
  return { line: w.join(' ') };
}

/**
 * The netns's policy rules as `ip rule show` lines, IPv4 only; undefined when they are the
 * kernel's three defaults (the scenario then needs none). A rule that cannot be written is listed
 * in `left`.
 */
export function ruleLines(ns: CapturedNetns, where: string, left: LeftOut[]): string[] | undefined {
  const rules = ns.rule ?? [];
  const isDefault = (r: { priority?: number; table?: string }) =>
    Object.keys(r).every((k) => ['priority', 'src', 'table', 'protocol'].includes(k)) &&
    (r as { src?: string }).src === 'all' &&
    DEFAULT_POLICY_RULES.some((d) => d.priority === r.priority && d.table === r.table);
  if (rules.length === DEFAULT_POLICY_RULES.length && rules.every(isDefault)) return undefined;
  const out: string[] = [];
  for (const r of rules) {
    const l = ruleLine(r);
    if ('line' in l) out.push(l.line);
    else left.push({ where, what: `${l.why}: left out` });
  }
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
