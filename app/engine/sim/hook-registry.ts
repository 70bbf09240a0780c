/**
 * The per-netns netfilter hook registry (net/netfilter/core.c `nf_register_net_hook`,
 * `nf_hook_entries_grow`): for each IPv4 hook, the registered hook functions in priority order,
 * as `nf_hook_slow` runs them. Registered here:
 * - conntrack (nf_conntrack_proto.c `ipv4_conntrack_ops`): `ipv4_conntrack_in` at PREROUTING and
 *   `ipv4_conntrack_local` at OUTPUT (−200), `ipv4_confirm` at INPUT and POSTROUTING (INT_MAX),
 *   when a loaded rule needs conntrack (`nf_ct_netns_get`);
 * - iptables tables (iptable_raw −300, iptable_mangle −150, iptable_filter 0, iptable_security 50),
 *   when the scenario has the table and its built-in chain;
 * - the NAT core (nf_nat_proto.c `nf_nat_ipv4_ops`: −100 at PREROUTING/OUTPUT, 100 at
 *   INPUT/POSTROUTING), registered with every hook once any NAT lookup exists; iptables' nat table
 *   and nft `type nat` chains register into it (`nf_nat_register_fn`) and run inside it, ordered by
 *   their own priority (`nf_nat_inet_fn`);
 * - nftables base chains of family `ip` or `inet` (`nft_do_chain_ipv4`/`_inet`) at their hook and
 *   priority. `ip6` chains never see IPv4; `arp`, `bridge`, `netdev` chains and `ingress`/`egress`
 *   hooks are listed (`unsupportedChains`) and stop a packet they would see with "cannot evaluate".
 * Equal priorities: `nf_hook_entries_grow` inserts a new entry BEFORE those already registered
 * with the same priority (measured on 6.18: an nft chain at 0 loaded after iptables' filter runs
 * first; one `nft -f` file's chains at equal priority run in reverse declaration order), so the
 * order depends on load order, which a scenario cannot say. The engine registers as the kernel
 * harness loads: conntrack and the NAT core, then iptables tables, then nft chains in declaration
 * order, each new entry before the equal-priority ones (the same inside the NAT core).
 */
import { type HookName, type TableName, mayHold } from '../netfilter/types';
import type { NftChain, NftHook, NftTable } from '../nftables/types';
import type { Netns } from '../world';
import type { Manip } from '../conntrack/nat';
import { tableBaseChains } from '../nftables/base-chains';
import { nftNeedsConntrack } from '../nftables/conntrack-use';
import { IPVS_HOOK_OPS, type IpvsHookOp } from '../ipvs/hooks';

const ctActive = new WeakMap<object, boolean>();
/** The kinds of rule part (targets and matches) that pull conntrack in. */
const NEEDS_CONNTRACK = ['DNAT', 'SNAT', 'MASQUERADE', 'ctstate'] as const;
const pullsConntrack = new Set<string>(NEEDS_CONNTRACK);

/**
 * Whether conntrack runs in a netns. Its hooks are registered per netns only when a loaded rule
 * needs them (`nf_ct_netns_get`): a NAT target (DNAT, SNAT, MASQUERADE) or a conntrack/state
 * match. A nat table holding no NAT rule does not (the kernel harness showed it: without a
 * conntrack entry the NAT hook accepts without walking the nat chains). A pod without rules
 * tracks nothing (the golden kernel runs show empty conntrack tables there). nftables pulls
 * conntrack in the same way: a `ct` expression or statement, a nat statement or a `type nat` chain.
 */
export function conntrackActive(ns: Netns): boolean {
  // The views' copy of a World leaves its iptables rules out and says it here (app/worker/view-world.ts).
  if (ns.conntrack !== undefined) return ns.conntrack;
  let v = ctActive.get(ns);
  if (v === undefined) {
    const tables = Object.values(ns.ruleset.tables);
    v =
      tables.some(
        (t) =>
          // A table that cannot hold such a part (Table.partKinds) is not walked.
          NEEDS_CONNTRACK.some((k) => mayHold(t!, k)) &&
          Object.values(t!.chains).some((c) => c.rules.some((r) => pullsConntrack.has(r.target.kind) || r.matches.some((m) => pullsConntrack.has(m.kind)))),
      ) ||
      (!!ns.nftables && nftNeedsConntrack(ns.nftables));
    ctActive.set(ns, v);
  }
  return v;
}

/** IPv4 hook priorities (include/uapi/linux/netfilter_ipv4.h `enum nf_ip_hook_priorities`). */
export const NF_IP_PRI = {
  RAW: -300,
  CONNTRACK: -200,
  MANGLE: -150,
  NAT_DST: -100,
  FILTER: 0,
  SECURITY: 50,
  NAT_SRC: 100,
  CONNTRACK_CONFIRM: 2147483647,
} as const;

/** A NAT lookup registered into the NAT core: iptables' nat table or an nft `type nat` chain. */
export type NatLookup = { readonly kind: 'xt'; readonly priority: number } | { readonly kind: 'nft'; readonly priority: number; readonly table: NftTable; readonly chain: NftChain };

/** One registered hook function. */
export type HookFn =
  /** `ipv4_conntrack_in` / `ipv4_conntrack_local`. */
  | { readonly kind: 'conntrack' }
  /** `ipv4_confirm`. */
  | { readonly kind: 'confirm' }
  /** An iptables table other than nat (`ipt_do_table`). */
  | { readonly kind: 'xt'; readonly table: Exclude<TableName, 'nat'> }
  /** The NAT core (`nf_nat_ipv4_fn`) with its lookups in priority order. */
  | { readonly kind: 'nat'; readonly manip: Manip; readonly lookups: readonly NatLookup[] }
  /** An nftables base chain (`nft_do_chain`). */
  | { readonly kind: 'nft'; readonly table: NftTable; readonly chain: NftChain }
  /** An IPVS hook function (ip_vs_ops4), registered once the netns has a virtual service. */
  | { readonly kind: 'ipvs'; readonly op: IpvsHookOp };

/** A hook function at its priority. */
export interface HookEntry {
  readonly priority: number;
  readonly fn: HookFn;
}

const NFT_HOOK: Partial<Record<NftHook, HookName>> = { prerouting: 'PREROUTING', input: 'INPUT', forward: 'FORWARD', output: 'OUTPUT', postrouting: 'POSTROUTING' };
const XT_HOOKS: Record<Exclude<TableName, 'nat'>, { priority: number; hooks: readonly HookName[] }> = {
  raw: { priority: NF_IP_PRI.RAW, hooks: ['PREROUTING', 'OUTPUT'] },
  mangle: { priority: NF_IP_PRI.MANGLE, hooks: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'] },
  filter: { priority: NF_IP_PRI.FILTER, hooks: ['INPUT', 'FORWARD', 'OUTPUT'] },
  security: { priority: NF_IP_PRI.SECURITY, hooks: ['INPUT', 'FORWARD', 'OUTPUT'] },
};
const NAT_CORE: Record<HookName, { priority: number; manip: Manip }> = {
  PREROUTING: { priority: NF_IP_PRI.NAT_DST, manip: 'dst' },
  OUTPUT: { priority: NF_IP_PRI.NAT_DST, manip: 'dst' },
  INPUT: { priority: NF_IP_PRI.NAT_SRC, manip: 'src' },
  POSTROUTING: { priority: NF_IP_PRI.NAT_SRC, manip: 'src' },
  FORWARD: { priority: 0, manip: 'src' },
};

/** nft base chains an IPv4 packet passes through at an IP hook: family `ip` or `inet`. */
function ipv4BaseChains(ns: Netns): { table: NftTable; chain: NftChain; hook: HookName }[] {
  const out: { table: NftTable; chain: NftChain; hook: HookName }[] = [];
  for (const table of ns.nftables?.tables ?? []) {
    if (table.family !== 'ip' && table.family !== 'inet') continue;
    for (const chain of tableBaseChains(table)) {
      const hook = chain.base && NFT_HOOK[chain.base.hook];
      if (hook) out.push({ table, chain, hook });
    }
  }
  return out;
}

/** Whether the NAT core is registered: iptables has a nat table, or an nft `type nat` chain exists. */
export function natCoreActive(ns: Netns): boolean {
  return !!ns.ruleset.tables.nat || ipv4BaseChains(ns).some((b) => b.chain.base!.type === 'nat');
}

const cache = new WeakMap<Netns, Map<HookName, readonly HookEntry[]>>();

/** The hook functions registered at `hook` in `ns`, in the order `nf_hook_slow` runs them. */
export function hookEntries(ns: Netns, hook: HookName): readonly HookEntry[] {
  let perNs = cache.get(ns);
  if (!perNs) cache.set(ns, (perNs = new Map()));
  let list = perNs.get(hook);
  if (!list) perNs.set(hook, (list = buildEntries(ns, hook)));
  return list;
}

function buildEntries(ns: Netns, hook: HookName): HookEntry[] {
  const entries: HookEntry[] = [];
  const ct = conntrackActive(ns);
  if (ct && (hook === 'PREROUTING' || hook === 'OUTPUT')) entries.push({ priority: NF_IP_PRI.CONNTRACK, fn: { kind: 'conntrack' } });
  if (ct && (hook === 'INPUT' || hook === 'POSTROUTING')) entries.push({ priority: NF_IP_PRI.CONNTRACK_CONFIRM, fn: { kind: 'confirm' } });
  const bases = ipv4BaseChains(ns).filter((b) => b.hook === hook);
  if (hook !== 'FORWARD' && natCoreActive(ns)) {
    const lookups: NatLookup[] = [];
    if (ns.ruleset.tables.nat?.chains[hook]) lookups.push({ kind: 'xt', priority: NAT_CORE[hook].priority });
    for (const b of bases) if (b.chain.base!.type === 'nat') lookups.push({ kind: 'nft', priority: b.chain.base!.priority, table: b.table, chain: b.chain });
    entries.push({ priority: NAT_CORE[hook].priority, fn: { kind: 'nat', manip: NAT_CORE[hook].manip, lookups: stableSort(lookups) } });
  }
  for (const [table, reg] of Object.entries(XT_HOOKS) as [Exclude<TableName, 'nat'>, (typeof XT_HOOKS)['raw']][])
    if (reg.hooks.includes(hook) && ns.ruleset.tables[table]?.chains[hook]) entries.push({ priority: reg.priority, fn: { kind: 'xt', table } });
  for (const b of bases) if (b.chain.base!.type !== 'nat') entries.push({ priority: b.chain.base!.priority, fn: { kind: 'nft', table: b.table, chain: b.chain } });
  // ip_vs_register_hooks: when the first virtual service is added (after the tables were restored).
  if (ns.ipvs && ns.ipvs.services.length > 0) for (const op of IPVS_HOOK_OPS) if (op.hook === hook) entries.push({ priority: op.priority, fn: { kind: 'ipvs', op } });
  return stableSort(entries);
}

/**
 * Sorts entries given in registration order by priority; among equal priorities the later
 * registered runs first (nf_hook_entries_grow inserts before the first entry whose priority is
 * not lower).
 */
function stableSort<T extends { priority: number }>(xs: T[]): T[] {
  return xs
    .map((x, i) => [x, i] as const)
    .sort((a, b) => a[0].priority - b[0].priority || b[1] - a[1])
    .map(([x]) => x);
}

/** Where a packet meets an nft base chain the engine cannot run. */
export type UnsupportedAt = { readonly kind: 'ingress' | 'egress'; readonly dev: string } | { readonly kind: 'bridge' } | { readonly kind: 'arp' };

/**
 * The first nft base chain the engine loads but cannot run that a packet meets at `at`: a
 * `netdev`/`inet` `ingress` or `egress` chain on device `dev` (nf_tables_netdev; `__netif_receive_skb_core`
 * runs ingress, `dev_queue_xmit` egress), a `bridge` family chain on a bridged frame
 * (nf_tables_bridge), an `arp` family chain when ARP is resolved. The caller stops the packet with
 * "cannot evaluate" rather than skip the chain.
 */
export function unsupportedChainAt(ns: Netns, at: UnsupportedAt): { table: NftTable; chain: NftChain } | undefined {
  return unsupportedChains(ns).find(({ table, chain }) => {
    const h = chain.base!.hook;
    if (at.kind === 'ingress' || at.kind === 'egress') return h === at.kind && chain.base!.device === at.dev;
    if (at.kind === 'bridge') return table.family === 'bridge';
    return table.family === 'arp';
  });
}

/**
 * nft base chains the engine loads but cannot run for IPv4 packets at an IP hook: `arp`,
 * `bridge` and `netdev` families, and `ingress`/`egress` hooks.
 */
export function unsupportedChains(ns: Netns): { table: NftTable; chain: NftChain }[] {
  const out: { table: NftTable; chain: NftChain }[] = [];
  for (const table of ns.nftables?.tables ?? [])
    for (const chain of tableBaseChains(table)) {
      if (!chain.base) continue;
      const ipHook = !!NFT_HOOK[chain.base.hook];
      if (table.family === 'ip6') continue;
      if (!ipHook || (table.family !== 'ip' && table.family !== 'inet')) out.push({ table, chain });
    }
  return out;
}

/** One registered hook function as the Pipeline view lists it. */
export interface HookFunctionInfo {
  readonly priority: number;
  readonly kind: HookFn['kind'];
  /** iptables table (`mangle`, `nat` for the NAT core's iptables lookup). */
  readonly xtTable?: string;
  /** nft base chains run by this function: the chain itself, or the NAT core's nft lookups. */
  readonly nft?: readonly { readonly family: string; readonly table: string; readonly chain: string; readonly priority: number }[];
  /** The IPVS function (`ip_vs_in_hook`, `ip_vs_out_hook`, `ip_vs_forward_icmp`). */
  readonly ipvs?: string;
}

/** The hook functions registered at `hook` in `ns`, in the order the kernel runs them, for display. */
export function describeHooks(ns: Netns, hook: HookName): HookFunctionInfo[] {
  return hookEntries(ns, hook).map(({ priority, fn }) => {
    switch (fn.kind) {
      case 'xt':
        return { priority, kind: fn.kind, xtTable: fn.table };
      case 'nft':
        return { priority, kind: fn.kind, nft: [{ family: fn.table.family, table: fn.table.name, chain: fn.chain.name, priority }] };
      case 'nat':
        return {
          priority,
          kind: fn.kind,
          xtTable: fn.lookups.some((l) => l.kind === 'xt') ? 'nat' : undefined,
          nft: fn.lookups.flatMap((l) => (l.kind === 'nft' ? [{ family: l.table.family, table: l.table.name, chain: l.chain.name, priority: l.priority }] : [])),
        };
      case 'ipvs':
        return { priority, kind: fn.kind, ipvs: fn.op.fn };
      default:
        return { priority, kind: fn.kind };
    }
  });
}
