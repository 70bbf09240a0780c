/**
 * FIB lookup and source address selection (ip-rule(8), ip-route(8); net/ipv4/fib_trie.c,
 * fib_semantics.c, devinet.c `inet_select_addr`; linux-packet-path.md §4). The policy rules are
 * walked in policy.ts; within a table the longest prefix wins, ties go to the lowest metric.
 */
import { inPrefix } from '../addr/ipv4';
import { policyLookup, tableLookup } from './policy';
import type { Iface, Netns, Route } from '../world';

/**
 * Looks up the route for `dst` in a netns through its policy rules (policy.ts), the packet's
 * other keys absent (`from all` rules only). A rule the engine cannot evaluate answers no route
 * here; the packet path uses `policyLookup` and stops there instead.
 * @param oif when given (a socket or tunnel bound to a device), only routes through that device
 *   count, as with `ip route get <dst> oif <dev>`.
 * @returns the route, or undefined when no route matches (ENETUNREACH).
 */
export function fibLookup(ns: Netns, dst: string, oif?: string): Route | undefined {
  return policyLookup(ns, dst, oif === undefined ? {} : { oif }).route;
}

/** The device a unicast route leaves through: its `dev`, or the device whose connected network holds the gateway. */
export function routeDev(ns: Netns, r: Route): string | undefined {
  // A multipath route outside the packet path (rp_filter, proxy ARP): its first next hop.
  if (r.nexthops?.length && !r.dev && !r.via) return routeDev(ns, { ...r, nexthops: undefined, dev: r.nexthops[0].dev, via: r.nexthops[0].via });
  if (r.dev) return r.dev;
  if (!r.via) return undefined;
  const onlink = ns.routes.find((o) => o.table === 'main' && !o.via && o.dev && o.type === 'unicast' && inPrefix(r.via!, o.dst.addr, o.dst.len));
  return onlink?.dev;
}

/** True when `addr` is configured on an interface of the netns (the local table has it: RTN_LOCAL). */
export function isLocalAddress(ns: Netns, addr: string): boolean {
  // inet_addr_type_table: the local table itself, whatever the policy rules say.
  return tableLookup(ns, 'local', addr)?.type === 'local';
}

/**
 * Source address selection for a locally generated packet (`inet_select_addr`): the route's
 * `src`, else the first primary address of the out device whose subnet holds the next hop (or
 * the destination), else the device's first address with global scope, else the first global
 * address of any device in interface order.
 */
export function selectSource(ns: Netns, r: Route, dev: string | undefined, dst: string): string | undefined {
  if (r.prefsrc) return r.prefsrc;
  if (r.type === 'local') return dst;
  const hop = r.via ?? dst;
  const ifc = ns.interfaces.find((i) => i.name === dev);
  if (ifc) {
    const inSubnet = ifc.addresses.find((a) => a.prefixLen < 32 && inPrefix(hop, a.ip, a.prefixLen));
    if (inSubnet) return inSubnet.ip;
    const global = ifc.addresses.find((a) => !a.ip.startsWith('127.'));
    if (global) return global.ip;
  }
  return firstGlobalAddress(ns.interfaces);
}

/**
 * The devices of a netns in the order `inet_select_addr` walks them when the device it was given
 * has no address to offer (net/ipv4/devinet.c, `for_each_netdev_rcu`: the netns's device list).
 * `lo` is always first: it is registered first in every netns and always has ifindex 1
 * (`LOOPBACK_IFINDEX`; devinet.c: "It is important that lo is the first interface in dev_base
 * list"). The others follow in the order they arrived in the netns, which is ifindex order for
 * devices created there (ifindexes are allocated increasing) — so by `ifindex` when the scenario
 * gives it, else in the file's order. (A device created with an explicit index or moved in from
 * another netns keeps its place in arrival order, not its ifindex: measured on 6.18 with `ip
 * route get`, which picks its source with the same function.)
 * @returns the devices and which order decided after `lo`.
 */
export function kernelDeviceOrder(interfaces: readonly Iface[]): { readonly devices: readonly Iface[]; readonly by: 'ifindex' | 'file' } {
  const lo = interfaces.filter((i) => i.type === 'loopback');
  const rest = interfaces.filter((i) => i.type !== 'loopback');
  if (rest.length > 0 && rest.every((i) => i.ifindex !== undefined)) return { devices: [...lo, ...[...rest].sort((a, b) => a.ifindex! - b.ifindex!)], by: 'ifindex' };
  return { devices: [...lo, ...rest], by: 'file' };
}

/** The first address of global scope on any device, in the kernel's device order (127/8 excluded). */
export function firstGlobalAddress(interfaces: readonly Iface[]): string | undefined {
  for (const i of kernelDeviceOrder(interfaces).devices) {
    const a = i.addresses.find((x) => !x.ip.startsWith('127.'));
    if (a) return a.ip;
  }
  return undefined;
}

/**
 * `net.bridge.bridge-nf-call-iptables` when a scenario does not set it: 1, the value br_netfilter
 * gives every netns (`brnf_init_net` → `br_netfilter_sysctl_default`, net/bridge/br_netfilter_hooks.c;
 * per netns since 5.3). Docker and kubeadm load br_netfilter, so a Docker host or Kubernetes node
 * has it, and its pods and containers share that kernel. Measured on 6.18 (br_netfilter built in):
 * a new netns reads 1. The module registers its hooks in a netns when the first bridge appears there
 * (`brnf_device_event`), so the value only matters where a bridge is.
 */
export const BRIDGE_NF_CALL_IPTABLES_DEFAULT = 1;

/** The sysctl value for a device, falling back as the kernel reads it. */
export function sysctl(ns: Netns, key: string, dev?: string): number {
  const s = ns.sysctls;
  switch (key) {
    case 'forwarding': {
      if (dev !== undefined && s[`net.ipv4.conf.${dev}.forwarding`] !== undefined) return s[`net.ipv4.conf.${dev}.forwarding`];
      return s['net.ipv4.conf.all.forwarding'] ?? s['net.ipv4.ip_forward'] ?? 0;
    }
    case 'rp_filter':
      // The effective value is the maximum of conf.all and conf.<dev> (ip-sysctl.rst).
      return Math.max(s['net.ipv4.conf.all.rp_filter'] ?? 0, dev !== undefined ? (s[`net.ipv4.conf.${dev}.rp_filter`] ?? s['net.ipv4.conf.default.rp_filter'] ?? 0) : 0);
    case 'proxy_arp':
      // IN_DEV_PROXY_ARP is conf.all OR conf.<dev>.
      return Math.max(s['net.ipv4.conf.all.proxy_arp'] ?? 0, dev !== undefined ? (s[`net.ipv4.conf.${dev}.proxy_arp`] ?? 0) : 0);
    case 'arp_ignore':
      return Math.max(s['net.ipv4.conf.all.arp_ignore'] ?? 0, dev !== undefined ? (s[`net.ipv4.conf.${dev}.arp_ignore`] ?? 0) : 0);
    case 'route_localnet':
      return Math.max(s['net.ipv4.conf.all.route_localnet'] ?? 0, dev !== undefined ? (s[`net.ipv4.conf.${dev}.route_localnet`] ?? 0) : 0);
    case 'bridge-nf-call-iptables':
      return s['net.bridge.bridge-nf-call-iptables'] ?? BRIDGE_NF_CALL_IPTABLES_DEFAULT;
    default:
      return s[key] ?? 0;
  }
}
