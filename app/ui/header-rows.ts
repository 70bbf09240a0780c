/**
 * The header table's content for a step: sections (outer headers outermost first, Ethernet, IP,
 * L4, skb metadata), each cell with its value and, when the step rewrote it, the old value
 * (from `step.changed`). Pure formatting of the Trace; no packet behaviour.
 */
import type { FieldChange, L4Header, OuterHeader, PacketView, QuotedHeader, TraceStep } from '../engine';
import type { en } from '../i18n/en';

/** The name of a header field, a key of `field.names` in the translations the app and the embeds share. */
export type FieldLabel = keyof (typeof en)['field']['names'];

/** One header field. `field` is the Trace's dotted path (`ip.dst`, `outer[0].udp.dport`). */
export interface HeaderCell {
  readonly field: string;
  /** The field's name (`field.names.<label>`), or, for a removed field, its dotted path as is. */
  readonly label: FieldLabel | { readonly path: string };
  readonly value: string;
  /** The value before this step, when the step changed the field. */
  readonly from?: string;
  /** True when the header is absent here (`value` is ∅; the view says "no link-layer header here"). */
  readonly none?: boolean;
}

/** A group of fields (one header). */
export interface HeaderSection {
  readonly id: string;
  readonly title: string;
  /** One line such as `172.16.240.131 → 172.16.240.132 UDP 54777 → 8472`. */
  readonly summary?: string;
  readonly cells: readonly HeaderCell[];
  /** True for a header this step removed (decapsulation): cells show the old values. */
  readonly removed?: boolean;
  /** Translation key of the title and of its hint, for a section named in words (`title` is the English). */
  readonly titleKey?: 'field.quoted' | 'headers.outerVxlan' | 'headers.outerIpip' | 'headers.removed';
  readonly hintKey?: 'headers.quotedHint';
}

/** Formats a Trace value for display (`null` as ∅, the skb mark in hex). */
export function formatValue(field: string, v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '∅';
  if (field === 'mark' && typeof v === 'number') return `0x${v.toString(16)}`;
  return String(v);
}

const ep = (ip: string, port?: number) => (port === undefined ? ip : `${ip}:${port}`);

/** `src:sport → dst:dport PROTO flags` of the inner packet (or of the header an ICMP error quotes). */
export function innerSummary(p: PacketView | QuotedHeader): string {
  const flags = p.l4.flags ? ` ${p.l4.flags}` : p.ip.proto === 'icmp' && p.l4.icmpType !== undefined ? ` type ${p.l4.icmpType}` : '';
  return `${ep(p.ip.src, p.l4.sport)} → ${ep(p.ip.dst, p.l4.dport)} ${p.ip.proto.toUpperCase()}${flags}`;
}

/** One line for an outer header. */
export function outerSummary(o: OuterHeader): string {
  if (o.kind === 'vxlan') return `${o.ip.src} → ${o.ip.dst} UDP ${o.udp.sport} → ${o.udp.dport} · VNI ${o.vni}`;
  return `${o.ip.src} → ${o.ip.dst} IPIP (proto 4)`;
}

type Row = [string, FieldLabel, string | number | undefined];

function cells(prefix: string, rows: Row[], changes: Map<string, FieldChange>): HeaderCell[] {
  return rows
    .filter(([, , v]) => v !== undefined)
    .map(([key, label, v]) => {
      const field = prefix ? `${prefix}.${key}` : key;
      const ch = changes.get(field);
      return { field, label, value: formatValue(field, v), from: ch ? formatValue(field, ch.from) : undefined };
    });
}

function outerSection(o: OuterHeader, i: number, changes: Map<string, FieldChange>): HeaderSection {
  const p = `outer[${i}]`;
  const rows: Row[] = [
    ['eth.src', 'outerMacSrc', o.eth?.src],
    ['eth.dst', 'outerMacDst', o.eth?.dst],
    ['ip.src', 'outerIpSrc', o.ip.src],
    ['ip.dst', 'outerIpDst', o.ip.dst],
    ['ip.ttl', 'outerTtl', o.ip.ttl],
    ['ip.proto', 'outerProto', o.ip.proto],
  ];
  if (o.kind === 'vxlan') rows.push(['udp.sport', 'udpSport', o.udp.sport], ['udp.dport', 'udpDport', o.udp.dport], ['vni', 'vni', o.vni]);
  const vxlan = o.kind === 'vxlan';
  return { id: p, title: `Outer ${vxlan ? 'VXLAN' : 'IPIP'} header`, titleKey: vxlan ? 'headers.outerVxlan' : 'headers.outerIpip', summary: outerSummary(o), cells: cells(p, rows, changes) };
}

function l4Rows(l4: L4Header): Row[] {
  return [
    ['sport', 'srcPort', l4.sport],
    ['dport', 'dstPort', l4.dport],
    ['flags', 'tcpFlags', l4.flags],
    ['icmpType', 'icmpType', l4.icmpType],
    ['icmpCode', 'icmpCode', l4.icmpCode],
    ['icmpId', 'icmpId', l4.icmpId],
  ];
}

/**
 * The header an ICMP error quotes (RFC 792: the offending packet's IP header and first 8 bytes of
 * its payload), as its own layer. conntrack rewrites it on the way back
 * (`nf_nat_icmp_reply_translation`), so its fields can show old → new like the outer ones.
 */
function quotedSection(q: QuotedHeader, changes: Map<string, FieldChange>): HeaderSection {
  const ip: Row[] = [
    ['src', 'ipSrc', q.ip.src],
    ['dst', 'ipDst', q.ip.dst],
    ['ttl', 'ttl', q.ip.ttl],
    ['proto', 'protocol', q.ip.proto],
  ];
  return {
    id: 'embedded',
    title: 'Quoted packet',
    titleKey: 'field.quoted',
    hintKey: 'headers.quotedHint',
    summary: innerSummary(q),
    cells: [...cells('embedded.ip', ip, changes), ...cells('embedded.l4', l4Rows(q.l4), changes)],
  };
}

/**
 * The header table of a step.
 * @returns sections outermost first, then the quoted packet of an ICMP error; a `removed` section
 * lists fields the step deleted.
 */
export function headerSections(step: TraceStep): HeaderSection[] {
  const p = step.packet;
  const changes = new Map(step.changed.map((c) => [c.field, c]));
  const out: HeaderSection[] = p.outer.map((o, i) => outerSection(o, i, changes));
  out.push({
    id: 'eth',
    title: 'Ethernet',
    cells: p.eth
      ? cells(
          'eth',
          [
            ['src', 'macSrc', p.eth.src],
            ['dst', 'macDst', p.eth.dst],
          ],
          changes,
        )
      : [{ field: 'eth', label: 'ethernet', value: '∅', none: true }],
  });
  out.push({
    id: 'ip',
    title: 'IPv4',
    summary: innerSummary(p),
    cells: cells(
      'ip',
      [
        ['src', 'ipSrc', p.ip.src],
        ['dst', 'ipDst', p.ip.dst],
        ['ttl', 'ttl', p.ip.ttl],
        ['proto', 'protocol', p.ip.proto],
      ],
      changes,
    ),
  });
  const l4 = p.l4;
  out.push({
    id: 'l4',
    title: p.ip.proto === 'icmp' ? 'ICMP' : p.ip.proto.toUpperCase(),
    cells: cells('l4', l4Rows(l4), changes),
  });
  if (p.embedded) out.push(quotedSection(p.embedded, changes));
  out.push({ id: 'skb', title: 'skb', cells: cells('', [['mark', 'mark', p.mark]], changes) });
  const shown = new Set(out.flatMap((s) => s.cells.map((c) => c.field)));
  const removed = step.changed.filter((c) => !shown.has(c.field) && c.to === null);
  if (removed.length)
    out.unshift({
      id: 'removed',
      title: 'Removed by this step',
      titleKey: 'headers.removed',
      removed: true,
      cells: removed.map((c) => ({ field: c.field, label: { path: c.field }, value: '∅', from: formatValue(c.field, c.from) })),
    });
  return out;
}

/** The label of each field path a step can change (`outer[0].ip.src` uses the `outer.` entries). */
const FIELD_LABELS: Readonly<Record<string, FieldLabel>> = {
  'outer.kind': 'outerKind',
  'outer.ip.len': 'outerLen',
  'outer.ip.df': 'outerDf',
  'outer.eth.src': 'outerMacSrc',
  'outer.eth.dst': 'outerMacDst',
  'outer.ip.src': 'outerIpSrc',
  'outer.ip.dst': 'outerIpDst',
  'outer.ip.ttl': 'outerTtl',
  'outer.ip.proto': 'outerProto',
  'outer.udp.sport': 'udpSport',
  'outer.udp.dport': 'udpDport',
  'outer.vni': 'vni',
  'eth.src': 'macSrc',
  'eth.dst': 'macDst',
  'ip.src': 'ipSrc',
  'ip.dst': 'ipDst',
  'ip.ttl': 'ttl',
  'ip.proto': 'protocol',
  'ip.len': 'ipLen',
  'ip.df': 'ipDf',
  'l4.mtu': 'icmpMtu',
  'l4.sport': 'srcPort',
  'l4.dport': 'dstPort',
  'l4.flags': 'tcpFlags',
  'l4.icmpType': 'icmpType',
  'l4.icmpCode': 'icmpCode',
  'l4.icmpId': 'icmpId',
  mark: 'mark',
};

/**
 * A changed field's name for a reader (`ip.dst` → "IP dst" / "目的 IP"; a quoted header's field is
 * prefixed with the quoted header's title), or the dotted path itself when it has no name.
 * @param t the interface's translate function.
 */
export function fieldLabel(field: string, t: (key: `field.names.${FieldLabel}` | 'field.quoted') => string): string {
  const quoted = field.startsWith('embedded.');
  const path = (quoted ? field.slice('embedded.'.length) : field).replace(/^outer\[\d+\]\./, 'outer.');
  const key = FIELD_LABELS[path];
  if (!key) return field;
  return quoted ? `${t('field.quoted')}: ${t(`field.names.${key}`)}` : t(`field.names.${key}`);
}
