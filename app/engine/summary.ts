/**
 * "What changed": every rewrite of the packet along a Trace (NAT by a rule or by conntrack,
 * encapsulation and decapsulation, TTL, MAC and mark changes), where it happened and what did it.
 * A reducer over the Trace, shared by the UI's end-of-flow summary and the printable handout.
 */
import { msg, type Message } from './message';
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
  /** One line for a learner, e.g. `DNAT in n1/eth0: destination 172.16.240.131:31266 → 10.244.0.74:2368 by nat KUBE-SEP-… rule 2`. */
  readonly text: Message;
}

const addrFields = (c: FieldChange) => /^(ip\.(src|dst)|l4\.(sport|dport))$/.test(c.field);

function pair(changes: readonly FieldChange[], which: 'src' | 'dst'): string {
  const ip = changes.find((c) => c.field === `ip.${which}`);
  const port = changes.find((c) => c.field === `l4.${which === 'src' ? 'sport' : 'dport'}`);
  const from = `${ip?.from ?? ''}${port ? `:${port.from}` : ''}`;
  const to = `${ip?.to ?? ''}${port ? `:${port.to}` : ''}`;
  return ip || port ? `${from || '·'} → ${to || '·'}` : '';
}

/** The rewrites conntrack makes inside an ICMP error's quoted packet, or undefined when none. */
function quoted(changes: readonly FieldChange[]): Message | undefined {
  const inner = changes.filter((c) => c.field.startsWith('embedded.')).map((c) => ({ ...c, field: c.field.slice('embedded.'.length) }));
  const src = pair(inner, 'src');
  const dst = pair(inner, 'dst');
  if (src && dst) return msg('summary.quotedSourceDestination', { src, dst });
  if (src) return msg('summary.quotedSource', { src });
  if (dst) return msg('summary.quotedDestination', { dst });
  return undefined;
}

/** `destination a → b` or `source a → b`, with the quoted packet's rewrites after it. */
function addressChange(changes: readonly FieldChange[], which: 'src' | 'dst'): Message {
  const p = pair(changes, which);
  const q = quoted(changes);
  if (which === 'dst') return q ? msg('summary.destinationQuoted', { pair: p, quoted: q }) : msg('summary.destination', { pair: p });
  return q ? msg('summary.sourceQuoted', { pair: p, quoted: q }) : msg('summary.source', { pair: p });
}

/** The kind as a learner reads it (`encap` and `decap` are words, the others names). */
const KIND_LABEL: Record<RewriteKind, Message> = {
  DNAT: msg('summary.kindDnat'),
  SNAT: msg('summary.kindSnat'),
  MASQUERADE: msg('summary.kindMasquerade'),
  'un-DNAT': msg('summary.kindUnDnat'),
  'un-SNAT': msg('summary.kindUnSnat'),
  encap: msg('summary.kindEncap'),
  decap: msg('summary.kindDecap'),
  TTL: msg('summary.kindTtl'),
  MAC: msg('summary.kindMac'),
  mark: msg('summary.kindMark'),
};

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
    let what: Message;
    switch (kind) {
      case 'DNAT':
      case 'un-SNAT':
        what = addressChange(s.changed, 'dst');
        break;
      case 'SNAT':
      case 'MASQUERADE':
      case 'un-DNAT':
        what = addressChange(s.changed, 'src');
        break;
      case 'encap': {
        const o = s.packet.outer[0];
        what = !o
          ? msg('summary.encapsulated')
          : o.kind === 'vxlan'
            ? msg('summary.outerVxlan', { src: o.ip.src, dst: o.ip.dst, dport: o.udp.dport, vni: o.vni })
            : msg('summary.outer', { tunnel: o.kind.toUpperCase(), src: o.ip.src, dst: o.ip.dst });
        break;
      }
      case 'decap':
        what = msg('summary.outerRemoved');
        break;
      case 'TTL': {
        const c = s.changed.find((x) => x.field === 'ip.ttl')!;
        what = msg('summary.ttl', { from: String(c.from), to: String(c.to) });
        break;
      }
      case 'mark': {
        const c = s.changed.find((x) => x.field === 'mark')!;
        what = msg('summary.mark', { from: `0x${Number(c.from).toString(16)}`, to: `0x${Number(c.to).toString(16)}` });
        break;
      }
      case 'MAC':
        what = msg('summary.ethernet', {
          pair: pair(
            s.changed.map((c) => ({ ...c, field: c.field.replace('eth.', 'ip.') })),
            'dst',
          ),
        });
        break;
      default: {
        const never: never = kind;
        what = never;
      }
    }
    const head = { kind: KIND_LABEL[kind], place: s.interface ? `${s.netns}/${s.interface}` : s.netns, what };
    const text = s.rule
      ? msg('summary.rewriteByRule', { ...head, table: String(table), chain: String(s.chain), index: s.rule.index })
      : s.stage === 'nat'
        ? msg('summary.rewriteByConntrack', head)
        : s.stage === 'ipvs'
          ? msg('summary.rewriteByIpvs', head)
          : msg('summary.rewrite', head);
    out.push({ step: s.index, direction: s.direction, netns: s.netns, interface: s.interface, kind, changes: s.changed, rule: s.rule, text });
  }
  return out;
}
