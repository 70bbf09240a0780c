/**
 * The netfilter core (net/netfilter/core.c `nf_hook_slow`): runs the hook functions registered at
 * one hook of one netns in priority order (hook-registry.ts). Each must accept for the packet to go
 * on; a DROP, a REJECT or an engine stop ends the direction. linux-packet-path.md §1.
 */
import type { HookName } from '../netfilter/types';
import type { Sim } from './context';
import type { HookIO, HookResult, PathState } from './contracts';
import { runIpvs } from './ipvs-hook';
import { conntrackIn, natSlot } from './conntrack-hook';
import { hookEntries, type HookFn } from './hook-registry';
import { nftDoChain } from './nft-chain';
import { xtDoTable } from './xt-table';

/**
 * Runs `hook` in netns `nsName` on `ps` (updated in place: packet rewrites, mark, conntrack ref).
 * Returns `accept` when every hook function accepted, `ipvs-stolen` when IPVS took the packet (the
 * caller sends it through LOCAL_OUT again); ends the direction (throws Finished) on DROP/REJECT or
 * an engine stop.
 */
export function runHook(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO): HookResult {
  const ns = sim.ns(nsName);
  let iface = io.bridged ? (hook === 'POSTROUTING' || hook === 'FORWARD' ? io.out : io.in) : hook === 'PREROUTING' || hook === 'INPUT' || hook === 'FORWARD' ? io.in : io.out;
  let cur = io;
  for (const { fn, priority } of hookEntries(ns, hook)) {
    if (fn.kind === 'ipvs') {
      if (runIpvs(sim, nsName, hook, fn.op, ps, cur, iface) === 'ipvs-stolen') return 'ipvs-stolen';
    } else runFn(sim, nsName, hook, ps, cur, iface, fn, priority);
    if (cur.reroute && reroutes(fn)) {
      const out = cur.reroute();
      if (out !== undefined) {
        cur = { ...cur, out };
        iface = out;
      }
    }
  }
  return 'accept';
}

/** Whether the kernel routes a locally sent packet again after `fn` changed it (see HookIO.reroute). */
function reroutes(fn: HookFn): boolean {
  return fn.kind === 'nat' || (fn.kind === 'xt' && fn.table === 'mangle') || (fn.kind === 'nft' && fn.chain.base?.type === 'route');
}

function runFn(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO, iface: string | undefined, fn: Exclude<HookFn, { kind: 'ipvs' }>, priority: number): void {
  switch (fn.kind) {
    case 'conntrack':
      return conntrackIn(sim, nsName, hook, ps, io, iface);
    case 'confirm':
      // __nf_conntrack_confirm inserts only an entry whose packet is in the original direction.
      if (ps.ct && ps.ct.dir === 'original' && !ps.ct.related) ps.ct.entry.confirmed = true;
      return;
    case 'xt':
      xtDoTable(sim, nsName, fn.table, hook, sim.ns(nsName).ruleset.tables[fn.table]!.chains, ps, io, iface);
      return;
    case 'nft':
      nftDoChain(sim, nsName, hook, fn.table, fn.chain, priority, ps, io, iface);
      return;
    case 'nat': {
      // nf_nat_inet_fn: a connection's first packet runs the NAT lookups in priority order until
      // one sets up a binding (or a lookup drops); later packets get the binding applied.
      const walk = natSlot(sim, nsName, hook, ps, io, fn.manip, iface);
      if (!walk) return;
      for (const l of fn.lookups) {
        const bound =
          l.kind === 'xt'
            ? xtDoTable(sim, nsName, 'nat', hook, sim.ns(nsName).ruleset.tables.nat!.chains, ps, io, iface, fn.manip).kind === 'NAT'
            : nftDoChain(sim, nsName, hook, l.table, l.chain, l.priority, ps, io, iface, fn.manip) === 'nat';
        if (bound) break;
      }
      // nf_nat_inet_fn then translates the packet (nf_nat_packet): a RELATED reply (REJECT's RST)
      // still gets the connection's existing binding undone after its own walk.
      if (ps.ct?.related) natSlot(sim, nsName, hook, ps, io, fn.manip, iface);
      return;
    }
  }
}
