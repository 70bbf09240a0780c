/**
 * Plain-text rendering of a Trace for terminals: one line per step (index, direction, netns and
 * interface, stage, what decided, headers after the step, what changed), then the outcomes.
 */
import type { FieldChange, Outcome, PacketView, Trace, TraceStep } from './trace';

/** Headers of a packet view in one short string, outer headers first. */
export function headerSummary(p: PacketView): string {
  const port = (a: string, n?: number) => (n === undefined ? a : `${a}:${n}`);
  const inner = `${port(p.ip.src, p.l4.sport)} → ${port(p.ip.dst, p.l4.dport)} ${p.ip.proto}${p.l4.flags ? ` ${p.l4.flags}` : ''}${p.l4.icmpType !== undefined ? ` type ${p.l4.icmpType}` : ''} ttl ${p.ip.ttl}`;
  const outer = p.outer
    .map((o) => (o.kind === 'vxlan' ? `[vxlan ${o.ip.src} → ${o.ip.dst} udp ${o.udp.sport}→${o.udp.dport} vni ${o.vni} ttl ${o.ip.ttl}] ` : `[ipip ${o.ip.src} → ${o.ip.dst} ttl ${o.ip.ttl}] `))
    .join('');
  return `${outer}${inner}${p.mark ? ` mark 0x${p.mark.toString(16)}` : ''}`;
}

function changes(c: readonly FieldChange[]): string {
  return c.map((x) => `${x.field} ${x.from ?? '∅'}→${x.to ?? '∅'}`).join(', ');
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

function outcomeLine(dir: string, o: Outcome | null): string {
  if (!o) return `${dir}: none (the request was not delivered)`;
  if (o.result === 'delivered') return `${dir}: DELIVERED at ${o.netns}/${o.interface}: ${headerSummary(o.packet)}`;
  if (o.result === 'engine-limit') return `${dir}: STOPPED BY AN ENGINE LIMIT (${o.limit}) at ${o.netns}${o.interface ? `/${o.interface}` : ''}: ${o.reason}`;
  return `${dir}: DROPPED at ${o.netns}${o.interface ? `/${o.interface}` : ''} (${o.stage}): ${o.reason}`;
}

/**
 * Renders the trace.
 * @param explain when true, each step is followed by its one-sentence explanation.
 */
export function formatTraceText(t: Trace, explain = false): string {
  const lines: string[] = [];
  lines.push(`flow ${t.flow.name}: ${t.flow.from} ${t.flow.protocol} → ${t.flow.dst}${t.flow.dport !== undefined ? `:${t.flow.dport}` : ''}`);
  for (const s of t.steps) {
    const where = `${s.netns}${s.interface ? `/${s.interface}` : ''}`;
    const ch = s.changed.length ? `  {${changes(s.changed)}}` : '';
    lines.push(`${String(s.index).padStart(4)} ${s.direction === 'request' ? 'req' : 'rep'} ${where.padEnd(28)} ${s.stage.padEnd(9)} ${decision(s)}  | ${headerSummary(s.packet)}${ch}`);
    if (explain) lines.push(`${' '.repeat(9)}${s.explain}`);
  }
  lines.push(outcomeLine('request', t.outcome.request));
  lines.push(outcomeLine('reply', t.outcome.reply));
  for (const a of t.alternatives) lines.push(`alternative ${a.choice}=${a.option}: ${a.label} (p=${a.probability.toFixed(4)})${a.chosen ? ' [taken]' : ''}`);
  return lines.join('\n');
}
