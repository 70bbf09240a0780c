/**
 * Plain-text pieces of a Trace step for terminals and harness reports: a packet's headers in one
 * line, and what decided a step (the CLI's layout is app/cli/trace-text.ts).
 */
import type { PacketView, TraceStep } from './trace';

/** Headers of a packet view in one short string, outer headers first. */
export function headerSummary(p: PacketView): string {
  const port = (a: string, n?: number) => (n === undefined ? a : `${a}:${n}`);
  const inner = `${port(p.ip.src, p.l4.sport)} → ${port(p.ip.dst, p.l4.dport)} ${p.ip.proto}${p.l4.flags ? ` ${p.l4.flags}` : ''}${p.l4.icmpType !== undefined ? ` type ${p.l4.icmpType}` : ''} ttl ${p.ip.ttl}`;
  const outer = p.outer
    .map((o) => (o.kind === 'vxlan' ? `[vxlan ${o.ip.src} → ${o.ip.dst} udp ${o.udp.sport}→${o.udp.dport} vni ${o.vni} ttl ${o.ip.ttl}] ` : `[ipip ${o.ip.src} → ${o.ip.dst} ttl ${o.ip.ttl}] `))
    .join('');
  return `${outer}${inner}${p.mark ? ` mark 0x${p.mark.toString(16)}` : ''}`;
}

/** What decided a step, in one short string. */
export function decision(s: TraceStep): string {
  if (s.stage === 'rule' || s.stage === 'policy')
    return `${s.nft ? `nft ${s.nft.family} ${s.nft.table}` : s.table}/${s.hook} ${s.chain} ${s.verdict}${s.nft?.element ? ` [element ${s.nft.element}]` : ''}${s.rule ? `  ${s.rule.text}` : s.stage === 'policy' ? ' (policy)' : ''}`;
  if (s.ipvs) return `ipvs ${s.ipvs.fn} (${s.hook} ${s.ipvs.priority}): ${s.ipvs.conn}`;
  if (s.route) return `route: ${s.route.text}${s.route.table === 'local' ? ' [local table]' : ''}`;
  if (s.neigh) return `neigh (${s.neigh.how}): ${s.neigh.text}`;
  if (s.fdb) return `fdb (${s.fdb.how}): ${s.fdb.text}`;
  if (s.conntrack) return `conntrack ${s.conntrack.state} (${s.conntrack.direction})`;
  if (s.link) return `→ ${s.link.to.netns}/${s.link.to.interface} (${s.link.kind}${s.link.segment ? ` ${s.link.segment}` : ''})`;
  return '';
}
