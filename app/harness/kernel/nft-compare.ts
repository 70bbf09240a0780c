/**
 * Puts the engine's nftables steps under the names the kernel harness gives the kernel's nft trace
 * events (nftrace.ts): table `<family> <table>` (`inet t`, `ip kube-proxy`) and rule `#<1-based
 * position in its chain>`. The kernel's trace (net/netfilter/nf_tables_trace.c) names a rule by its
 * handle, which the harness turns into the position from `nft -a -j list ruleset`; the engine's
 * step carries the position as `rule.index` and the table in `step.nft` (trace.ts NftStepRef), so
 * both sides meet on (family, table, chain, position), in the order the hooks ran.
 *
 * iptables steps (`step.table` set) are left as they are: iptables-nft's own tables (`ip filter`,
 * `ip nat`…) keep the iptables names and rule texts on both sides.
 */
import type { Trace, TraceStep } from '../../engine/trace';
import { nftTableKey } from './nft-ruleset';

/** One engine step with an nft table and rule named as the harness names the kernel's (see the file comment). */
export function nftComparableStep(s: TraceStep): TraceStep {
  if (!s.nft || s.table) return s;
  const table = nftTableKey(s.nft.family, s.nft.table) as TraceStep['table'];
  return { ...s, table, rule: s.rule ? { ...s.rule, text: `#${s.rule.index}`, canonical: undefined } : s.rule };
}

/** The engine's Trace with every nft step renamed by {@link nftComparableStep}, for compare.ts and diff.ts. */
export function nftComparable(trace: Trace): Trace {
  if (!trace.steps.some((s) => s.nft && !s.table)) return trace;
  return { ...trace, steps: trace.steps.map(nftComparableStep) };
}
