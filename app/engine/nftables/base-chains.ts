/**
 * The base chains of an nft table, found once per table. The kernel keeps no such list to scan:
 * `nf_tables_register_hook` hands each base chain's `nf_hook_ops` to the hook registry when the
 * chain is added (net/netfilter/nf_tables_api.c), so a packet meets only the few registered
 * chains, never the table's regular chains. A generated kube-proxy node has tens of thousands of
 * regular chains (one per Service and per endpoint) and a handful of base chains; finding those
 * by walking every chain per packet made one trace at 5,000 Services cost ~100 ms.
 */
import type { NftChain, NftTable } from './types';

const cache = new WeakMap<NftTable, readonly NftChain[]>();

/**
 * The chains of `table` that have a `type … hook … priority …` line (`chain.base` set), in the
 * order `Object.values(table.chains)` gives (the order the callers walked before this cache). Computed on the first
 * call per table and cached on the table object (tables are not changed after the World is built).
 */
export function tableBaseChains(table: NftTable): readonly NftChain[] {
  let out = cache.get(table);
  if (!out) {
    out = Object.values(table.chains).filter((c) => !!c.base);
    cache.set(table, out);
  }
  return out;
}
