/**
 * "What changed": every rewrite of the packet along a Trace (NAT by a rule or by conntrack,
 * encapsulation and decapsulation, TTL, MAC and mark changes), where it happened and what did it.
 * A reducer over the Trace, shared by the UI's end-of-flow summary and the printable handout.
 */
import type { Direction, FieldChange, RuleRef, Trace, TraceStep } from './trace';

/** Kinds of rewrite a learner distinguishes. */
export type RewriteKind = 'DNAT' | 'SNAT' | 'MASQUERADE' | 'un-DNAT' | 'un-SNAT' | 'encap' | 'decap' | 'TTL' | 'MAC' | 'mark';

/** One rewrite of the packet. */
export interface Rewrite {
  readonly step: number;
  readonly direction: Direction;
  readonly netns: string;
  readonly interface?: string;
  readonly kind: RewriteKind;
  /** The fields that changed at this step (old → new). */
  readonly changes: readonly FieldChange[];
  /** The rule that did it, when a rule did. */
  readonly rule?: RuleRef;
  /** One line for a learner, e.g. `DNAT 172.16.240.131:31266 → 10.244.0.74:2368 by KUBE-SEP-… rule 2`. */
  readonly text: string;
}

const addrFields = (c: FieldChange) => /^(ip\.(src|dst)|l4\.(sport|dport))$/.test(c.field);

function pair(changes: readonly FieldChange[], which: 'src' | 'dst'): string {
  const ip = changes.find((c) => c.field === `ip.${which}`);
  const port = changes.find((c) => c.field === `l4.${which === 'src' ? 'sport' : 'dport'}`);
  const from = `${ip?.from ?? ''}${port ? `:${port.from}` : ''}`;
  const to = `${ip?.to ?? ''}${port ? `:${port.to}` : ''}`;
  return ip || port ? `${from || '·'} → ${to || '·'}` : '';
}

/** `; quoted header …` for the rewrites conntrack makes inside an ICMP error's quoted packet. */
function quoted(changes: readonly FieldChange[]): string {
  const inner = changes.filter((c) => c.field.startsWith('embedded.')).map((c) => ({ ...c, field: c.field.slice('embedded.'.length) }));
  if (!inner.length) return '';
  const parts = [pair(inner, 'src') && `source ${pair(inner, 'src')}`, pair(inner, 'dst') && `destination ${pair(inner, 'dst')}`].filter(Boolean);
  return `; quoted packet ${parts.join(', ')}`;
}

/** The rewrite kind of an nft NAT statement. */
const NFT_NAT: Record<string, RewriteKind | undefined> = { dnat: 'DNAT', redirect: 'DNAT', snat: 'SNAT', masquerade: 'MASQUERADE' };

function classify(s: TraceStep): RewriteKind | undefined {
  const addr = s.changed.filter(addrFields);
  if (s.stage === 'encap') return 'encap';
  if (s.stage === 'decap') return 'decap';
  if (s.stage === 'rule' && addr.length && s.rule) {
    const t = s.nft ? NFT_NAT[/\b(dnat|snat|masquerade|redirect)\b/.exec(s.rule.text)?.[1] ?? ''] : /-j (DNAT|SNAT|MASQUERADE)\b/.exec(s.rule.text)?.[1];
    return (t as RewriteKind | undefined) ?? undefined;
  }
  if (s.stage === 'ipvs' && addr.length) {
    const dst = addr.some((c) => c.field.endsWith('dst') || c.field.endsWith('dport'));
    return dst ? 'DNAT' : 'un-DNAT';
  }
  if (s.stage === 'nat' && addr.length) {
    const dst = addr.some((c) => c.field.endsWith('dst') || c.field.endsWith('dport'));
    if (s.direction !== 'request') return dst ? 'un-SNAT' : 'un-DNAT';
    return dst ? 'DNAT' : 'SNAT';
  }
  if (s.changed.some((c) => c.field === 'ip.ttl') && s.stage === 'forward') return 'TTL';
  if (s.stage === 'rule' && s.changed.some((c) => c.field === 'mark')) return 'mark';
  if (s.stage === 'neigh' && s.changed.some((c) => c.field.startsWith('eth.'))) return 'MAC';
  return undefined;
}

/**
 * Lists the rewrites of a trace in step order.
 * @param includeMac when false (default), Ethernet rewrites at each routed hop are left out.
 */
export function rewrites(trace: Trace, includeMac = false): Rewrite[] {
  const out: Rewrite[] = [];
  for (const s of trace.steps) {
    const kind = classify(s);
    if (!kind || (kind === 'MAC' && !includeMac)) continue;
    const table = s.nft ? `${s.nft.family} ${s.nft.table}` : s.table;
    const by = s.rule ? ` by ${table} ${s.chain} rule ${s.rule.index}` : s.stage === 'nat' ? ' by conntrack' : s.stage === 'ipvs' ? ' by IPVS' : '';
    let what: string;
    switch (kind) {
      case 'DNAT':
      case 'un-SNAT':
        what = `destination ${pair(s.changed, 'dst')}${quoted(s.changed)}`;
        break;
      case 'SNAT':
      case 'MASQUERADE':
      case 'un-DNAT':
        what = `source ${pair(s.changed, 'src')}${quoted(s.changed)}`;
        break;
      case 'encap': {
        const o = s.packet.outer[0];
        what = o ? `${o.kind.toUpperCase()} outer ${o.ip.src} → ${o.ip.dst}${o.kind === 'vxlan' ? ` UDP ${o.udp.dport} VNI ${o.vni}` : ''}` : 'encapsulated';
        break;
      }
      case 'decap':
        what = 'outer header removed';
        break;
      case 'TTL': {
        const c = s.changed.find((x) => x.field === 'ip.ttl')!;
        what = `TTL ${c.from} → ${c.to}`;
        break;
      }
      case 'mark': {
        const c = s.changed.find((x) => x.field === 'mark')!;
        what = `mark 0x${Number(c.from).toString(16)} → 0x${Number(c.to).toString(16)}`;
        break;
      }
      case 'MAC':
        what = `Ethernet ${pair(s.changed.map((c) => ({ ...c, field: c.field.replace('eth.', 'ip.') })), 'dst')}`;
        break;
      default: {
        const never: never = kind;
        what = never;
      }
    }
    out.push({ step: s.index, direction: s.direction, netns: s.netns, interface: s.interface, kind, changes: s.changed, rule: s.rule, text: `${kind} in ${s.netns}${s.interface ? `/${s.interface}` : ''}: ${what}${by}` });
  }
  return out;
}
