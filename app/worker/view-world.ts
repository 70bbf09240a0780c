/**
 * The World the views get from the engine, and the rules that travel with each Trace instead.
 *
 * A node's kube-proxy ruleset holds tens of thousands of iptables rules; the views show the rules
 * of the few chains a Trace walks, never the rest. Sending every rule to the main thread (and
 * keeping it there) made opening a 5,000-Service node stall the page on deserialisation and
 * garbage collection. So the views' World keeps every chain (name, policy, declaration, and
 * `omitted`: how many rules it leaves out) without its rules, each netns says whether conntrack
 * runs there (`Netns.conntrack`, worked out from the whole ruleset, as the Pipeline view needs it),
 * and each Trace carries the rows of the chains it walks (`Trace.walked`). The engine itself
 * always runs on the whole World, in the worker.
 */
import type { Netns, Ruleset, Trace, WalkedRule, World } from '../engine';
import { walkedChainKey } from '../engine';
import { ruleCount } from '../engine/netfilter/lazy-rules';
import { own, ownRecord } from '../engine/own';
import { conntrackActive } from '../engine/sim/hook-registry';

/** A copy of `ruleset` whose chains leave their rules out (sharing nothing mutable with it). */
function withoutRules(ruleset: Ruleset): Ruleset {
  const tables = ownRecord<unknown>();
  for (const [name, table] of Object.entries(ruleset.tables)) {
    if (!table) continue;
    const chains = ownRecord<unknown>();
    // Field by field, not a spread: a spread reads `rules`, and a chain of a node's dump builds them then (lazy-rules.ts).
    for (const [c, chain] of Object.entries(table.chains)) {
      const { name, builtin, policy, source } = chain;
      chains[c] = { name, builtin, ...(policy ? { policy } : {}), rules: [], ...(source ? { source } : {}), omitted: ruleCount(chain) };
    }
    tables[name] = { ...table, chains };
  }
  return { ...ruleset, tables } as Ruleset;
}

/**
 * The World as the views get it: the same netns, devices, routes, neighbours, nftables and IPVS
 * state, with every iptables chain's rules left out (`Chain.omitted` counts them) and
 * `Netns.conntrack` set from the whole ruleset.
 */
export function worldForView(world: World): World {
  const netns = ownRecord<Netns>();
  for (const [name, ns] of Object.entries(world.netns)) netns[name] = { ...ns, ruleset: withoutRules(ns.ruleset), conntrack: conntrackActive(ns) };
  return { ...world, netns };
}

/**
 * `trace` with the rules of every iptables chain its steps walk (a step at stage `rule` or
 * `policy`), read from `world`, the World it ran on; keyed by `walkedChainKey`.
 */
export function withWalkedRules(world: World, trace: Trace): Trace {
  const walked = ownRecord<readonly WalkedRule[]>();
  for (const s of trace.steps) {
    if ((s.stage !== 'rule' && s.stage !== 'policy') || !s.table || !s.chain || s.nft) continue;
    const key = walkedChainKey(s.netns, s.table, s.chain);
    if (own(walked, key)) continue;
    const chain = own(own(world.netns, s.netns)?.ruleset.tables[s.table]?.chains, s.chain);
    if (!chain) continue;
    walked[key] = chain.rules.map((r) => ({ index: r.index, text: r.text, ...(r.source ? { line: r.source.line } : {}) }));
  }
  return { ...trace, walked };
}
