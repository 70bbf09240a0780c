/**
 * The engine's packet: immutable layered headers. A tunnelled packet is an outer layer whose
 * `inner` is the encapsulated packet (VXLAN: outer IPv4/UDP carrying an inner Ethernet frame;
 * IPIP: outer IPv4 proto 4 carrying an inner IPv4 packet). Routing and netfilter always act on
 * the outermost layer, as the kernel does. `mark` is skb metadata (never on the wire).
 */
import type { EthHeader, FieldChange, IpHeader, L4Header, OuterHeader, PacketView } from './trace';

/** One layer of a packet. */
export interface Pkt {
  readonly eth?: EthHeader;
  readonly ip: IpHeader;
  readonly l4: L4Header;
  /** VXLAN network identifier when this layer is a VXLAN outer packet. */
  readonly vni?: number;
  /** The encapsulated packet, when this layer is a tunnel's outer header. */
  readonly inner?: Pkt;
  /** skb->mark. */
  readonly mark: number;
  /**
   * For an ICMP error: the offending packet it quotes (its IP header and first 8 transport bytes;
   * RFC 792, `icmp_send`). Only `ip` and `l4` are meaningful.
   */
  readonly embedded?: Pkt;
}

/** Flattens a layered packet into the Trace's view: innermost headers plus outer stack. */
export function viewOf(p: Pkt): PacketView {
  const outer: OuterHeader[] = [];
  let cur = p;
  while (cur.inner) {
    if (cur.ip.proto === 'udp' && cur.vni !== undefined) {
      outer.push({ kind: 'vxlan', eth: cur.eth, ip: cur.ip, udp: { sport: cur.l4.sport ?? 0, dport: cur.l4.dport ?? 0 }, vni: cur.vni });
    } else {
      outer.push({ kind: 'ipip', eth: cur.eth, ip: cur.ip });
    }
    cur = cur.inner;
  }
  const view: PacketView = { eth: cur.eth, ip: cur.ip, l4: cur.l4, outer, mark: p.mark };
  return cur.embedded ? { ...view, embedded: { ip: cur.embedded.ip, l4: cur.embedded.l4 } } : view;
}

type Flat = Record<string, string | number | null>;

function flatten(v: PacketView): Flat {
  const f: Flat = {};
  const put = (prefix: string, o: object | undefined) => {
    if (!o) return;
    for (const [k, val] of Object.entries(o)) {
      if (val === undefined) continue;
      if (typeof val === 'object' && val !== null) put(`${prefix}${k}.`, val);
      else f[`${prefix}${k}`] = val as string | number;
    }
  };
  put('eth.', v.eth);
  put('ip.', v.ip);
  put('l4.', v.l4);
  v.outer.forEach((o, i) => put(`outer[${i}].`, o));
  put('embedded.', v.embedded);
  f.mark = v.mark;
  return f;
}

/**
 * Fields that differ between two views, as dotted paths (`ip.dst`, `outer[0].ip.src`, `mark`).
 * A field present on one side only is reported with `null` on the other.
 */
export function diffViews(before: PacketView | undefined, after: PacketView): FieldChange[] {
  if (!before) return [];
  const a = flatten(before);
  const b = flatten(after);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: FieldChange[] = [];
  for (const k of keys) {
    const x = a[k] ?? null;
    const y = b[k] ?? null;
    if (x !== y) out.push({ field: k, from: x, to: y });
  }
  return out;
}

/** True for transport protocols with ports (TCP, UDP, SCTP). */
export function hasPorts(proto: Pkt['ip']['proto']): boolean {
  return proto === 'tcp' || proto === 'udp' || proto === 'sctp';
}

/** Formats `src:sport → dst:dport` (or `src → dst` without ports) for explanations. */
export function endpoints(p: Pkt): string {
  const s = p.l4.sport !== undefined && hasPorts(p.ip.proto) ? `${p.ip.src}:${p.l4.sport}` : p.ip.src;
  const d = p.l4.dport !== undefined && hasPorts(p.ip.proto) ? `${p.ip.dst}:${p.l4.dport}` : p.ip.dst;
  return `${s} → ${d}`;
}

/** One-word description of the packet for explanations (`TCP SYN`, `ICMP echo request`, …). */
export function describe(p: Pkt): string {
  switch (p.ip.proto) {
    case 'tcp': {
      const names: Record<string, string> = { S: 'SYN', SA: 'SYN-ACK', R: 'RST', RA: 'RST-ACK', A: 'ACK' };
      return `TCP ${names[p.l4.flags ?? ''] ?? p.l4.flags ?? ''}`.trim();
    }
    case 'udp':
      return p.vni !== undefined ? 'VXLAN/UDP' : 'UDP';
    case 'sctp':
      return `SCTP ${p.l4.flags ?? ''}`.trim();
    case 'icmp':
      return p.l4.icmpType === 8
        ? 'ICMP echo request'
        : p.l4.icmpType === 0
          ? 'ICMP echo reply'
          : p.l4.icmpType === 3
            ? 'ICMP destination unreachable'
            : p.l4.icmpType === 11
              ? 'ICMP time exceeded'
              : `ICMP type ${p.l4.icmpType}`;
    case 'ipip':
      return 'IPIP';
    default: {
      const never: never = p.ip.proto;
      return never;
    }
  }
}
