/**
 * The nftables part of a netns's build script (netns.ts planBuild): the scenario's ruleset loaded
 * as written with `nft -f -` (block form or `add …` transaction form, nft(8)) or `nft -j -f -`
 * (`nftables-json:`, libnftables-json(5)), after `iptables-restore` — the order the engine's hook
 * registry assumes for equal priorities (net/netfilter/core.c nf_hook_entries_grow puts a hook
 * registered later before those of the same priority registered earlier; measured on 6.18) — with
 * the random branches a flow pins made fixed and NAT port randomisation (`fully-random`) left out
 * (nft-pin.ts).
 *
 * What the harness cannot record is refused here: the trace is switched on by the raw table's
 * `-j TRACE` at priority −300 in PREROUTING and OUTPUT, so a chain of those hooks at −300 or
 * below would run untraced; `ingress`/`egress` chains and the arp/bridge/netdev families run
 * outside the IPv4 hooks the trace sees.
 */
import type { Netns } from '../../engine/world';
import { declaredTables, nftInputOf } from './nft-ruleset';
import { pinNatPorts, pinNumgen, pinNumgenJson } from './nft-pin';

/** Ends the here-document that carries the nft text into the netns's shell script. */
export const NFT_HEREDOC = 'PW_NFT_EOF';

/** What planBuild adds for one netns's nftables. */
export interface NftPlan {
  /** Shell lines (empty without nftables). */
  readonly script: readonly string[];
  /** `<family> <table>` of the scenario's own tables. */
  readonly owned: readonly string[];
  /** The text loaded, before pinning (for the record). */
  readonly text?: string;
  readonly unsupported: readonly string[];
}

/** The priority at and below which a PREROUTING/OUTPUT chain runs before the harness's TRACE rule. */
const TRACE_PRIORITY = -300;

/**
 * Plans loading the nftables ruleset of `ns` (from its scenario host `rawHost`).
 * @param choices the flow's pinned choices; nft ones are keyed `<netns>/<family> <table>/<chain>`.
 */
export function planNft(ns: Netns, rawHost: object | undefined, choices: Readonly<Record<string, number>> = {}): NftPlan {
  const input = nftInputOf(rawHost);
  if (!input) return { script: [], owned: [], unsupported: [] };
  const unsupported: string[] = [];
  for (const t of ns.nftables?.tables ?? []) {
    if (t.family !== 'ip' && t.family !== 'inet') unsupported.push(`${ns.name}: nft table ${t.family} ${t.name}: the harness traces the ip and inet families only`);
    for (const c of Object.values(t.chains)) {
      const b = c.base;
      if (!b) continue;
      if (b.hook === 'ingress' || b.hook === 'egress') unsupported.push(`${ns.name}: nft chain ${t.family} ${t.name} ${c.name}: ${b.hook} hooks run before the harness's trace is switched on`);
      else if ((b.hook === 'prerouting' || b.hook === 'output') && b.priority <= TRACE_PRIORITY)
        unsupported.push(`${ns.name}: nft chain ${t.family} ${t.name} ${c.name} at priority ${b.priority}: runs before the harness's TRACE rule (raw, ${TRACE_PRIORITY})`);
    }
  }
  // The port a randomising NAT picks cannot be predicted: loaded without those flags (nft-pin.ts).
  let text = pinNatPorts(input.text, input.json);
  for (const [key, pick] of Object.entries(choices)) {
    // kube-proxy's chain names contain `/` (`service-QVXWRX6B-default/ghost/tcp/`): the chain is the rest.
    const [cns, table, ...rest] = key.split('/');
    const chain = rest.join('/');
    const m = /^(\S+) (\S+)$/.exec(table ?? '');
    if (cns !== ns.name || !m || !chain) continue;
    text = input.json ? pinNumgenJson(text, m[1], m[2], chain, pick) : pinNumgen(text, m[1], m[2], chain, pick);
  }
  if (text.split('\n').some((l) => l.trim() === NFT_HEREDOC)) unsupported.push(`${ns.name}: nftables text contains ${NFT_HEREDOC}`);
  const owned = declaredTables(ns.nftables, input.text);
  const script = [`nft ${input.json ? '-j ' : ''}-f - <<'${NFT_HEREDOC}'\n${text.endsWith('\n') ? text : `${text}\n`}${NFT_HEREDOC}`];
  return { script, owned, text: input.text, unsupported };
}
