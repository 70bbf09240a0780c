/**
 * A captured netns's packet filter and kernel settings as scenario fields: `iptables-save` text as
 * it is; `nft -j list ruleset` without the tables iptables-nft owns (the same rules are already in
 * the iptables-save text: iptables-nft keeps them in nftables tables named after the xtables tables
 * it emulates) and without IPv6-only tables (the engine models IPv4); `ipset save` and
 * `ipvsadm -Sn` text; the modelled sysctls; the listening sockets `ss -Hlntuw` printed.
 */
import { SYSCTL_PATTERNS } from '../scenario/sysctls';
import type { HostFile } from '../scenario/schema';
import type { CapturedNetns } from './capture';
import type { LeftOut } from './devices';

const XTABLES = new Set(['raw', 'mangle', 'nat', 'filter', 'security']);

/** The xtables tables an iptables-save text holds (`*nat` lines). */
const savedTables = (text: string): Set<string> => new Set([...text.matchAll(/^\*(\w+)\s*$/gm)].map((m) => m[1]));

/** Whether an `iptables-save` text has any table (not only comments). */
const hasRules = (text: string | undefined): text is string => !!text && /^\*\w+/m.test(text);

type NftEntry = Record<string, unknown>;

/** The table (family, name) an `nft -j` entry belongs to, or undefined for metainfo. */
function tableOf(e: NftEntry): { family: string; name: string } | undefined {
  const [k] = Object.keys(e);
  const v = e[k] as { family?: string; name?: string; table?: string } | undefined;
  if (!v || k === 'metainfo') return undefined;
  if (k === 'table') return { family: v.family ?? '', name: v.name ?? '' };
  return { family: v.family ?? '', name: v.table ?? '' };
}

/**
 * The nft ruleset as `nftables-json` text without iptables-nft's and IPv6-only tables, or
 * undefined when nothing stays. `iptablesNft`: the node's iptables is the nf_tables variant, so
 * every `ip` table named after an xtables table is iptables-nft's (its rules are in the
 * iptables-save text); with legacy iptables only those the text holds are.
 */
export function nftJson(ns: CapturedNetns, iptablesNft: boolean, where: string, left: LeftOut[]): string | undefined {
  const entries = ns.nft?.nftables ?? [];
  const owned = hasRules(ns.iptables) ? savedTables(ns.iptables) : new Set<string>();
  const dropped = new Map<string, string>();
  const kept = entries.filter((e) => {
    const t = tableOf(e);
    if (!t) return true;
    if ((t.family === 'ip' || t.family === 'ip6') && XTABLES.has(t.name) && (iptablesNft || owned.has(t.name) || t.family === 'ip6')) {
      dropped.set(`${t.family} ${t.name}`, 'iptables-nft');
      return false;
    }
    if (t.family === 'ip6') {
      dropped.set(`${t.family} ${t.name}`, 'ipv6');
      return false;
    }
    return true;
  });
  for (const [t, why] of dropped) if (why === 'ipv6') left.push({ where, what: `nftables table ${t}: IPv6 only (the engine models IPv4), left out` });
  if (!kept.some((e) => 'table' in e)) return undefined;
  return `${JSON.stringify({ nftables: kept })}\n`;
}

/** The sysctls the engine models, with integer values, for the devices the netns has. */
export function sysctlsOf(ns: CapturedNetns, devices: ReadonlySet<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of (ns.sysctl ?? '').split('\n')) {
    const m = /^([^=\s]+)=(-?\d+)\s*$/.exec(line);
    if (!m || !SYSCTL_PATTERNS.some((p) => p.re.test(m[1]))) continue;
    const dev = /^net\.ipv4\.(?:conf|neigh)\.([^.]+)\./.exec(m[1])?.[1];
    if (dev && dev !== 'all' && dev !== 'default' && !devices.has(dev)) continue;
    out[m[1]] = Number(m[2]);
  }
  return out;
}

/**
 * The listening sockets as scenario listeners (`tcp/22`, `udp/53`) from `ss -Hlntuw`: TCP in
 * LISTEN, UDP bound (UNCONN) on an IPv4 or any address. `kernelPorts` (a VXLAN device's UDP port)
 * are the kernel's own sockets, not an application's.
 */
export function listenersOf(ns: CapturedNetns, kernelPorts: ReadonlySet<number>): string[] {
  const out = new Set<string>();
  for (const line of (ns.listen ?? '').split('\n')) {
    const w = line.trim().split(/\s+/);
    if (w.length < 5 || (w[0] !== 'tcp' && w[0] !== 'udp')) continue;
    const local = w[4];
    const i = local.lastIndexOf(':');
    const addr = local.slice(0, i).replace(/%.*$/, '');
    const port = Number(local.slice(i + 1));
    if (!Number.isInteger(port) || port <= 0) continue;
    if (!(addr === '*' || addr === '0.0.0.0' || /^\d+\.\d+\.\d+\.\d+$/.test(addr))) continue;
    if (w[0] === 'udp' && kernelPorts.has(port)) continue;
    out.add(`${w[0]}/${port}`);
  }
  return [...out].sort();
}

/** The packet-filter fields of a host: iptables, nftables-json, ipset, ipvs. */
export function filterFields(ns: CapturedNetns, iptablesNft: boolean, where: string, left: LeftOut[]): Partial<HostFile> {
  const iptables = hasRules(ns.iptables) ? ns.iptables : undefined;
  const nft = nftJson(ns, iptablesNft, where, left);
  return {
    ...(iptables ? { iptables } : {}),
    ...(nft ? { 'nftables-json': nft } : {}),
    ...(ns.ipset?.trim() ? { ipset: ns.ipset } : {}),
    ...(ns.ipvs?.trim() ? { ipvs: ns.ipvs } : {}),
  };
}
