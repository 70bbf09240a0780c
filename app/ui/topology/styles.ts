/**
 * Visual styles of the topology: link strokes by kind (shared by the D3 view and the legend) and
 * the request/reply/error colours. Colours are CSS variables (app/ui/index.css), so the theme and the
 * colour-blind-safe palette restyle the drawing; set them with `.style()`, not as attributes.
 */
import type { Direction } from '../../engine';
import type { LinkKind } from './types';

/** How one kind of link is stroked. */
export interface LinkStyle {
  readonly kind: LinkKind;
  readonly encap?: 'vxlan' | 'ipip';
  /** Key of its legend label under `topology.links` in the translations. */
  readonly labelKey: 'veth' | 'bridge' | 'segment' | 'vxlan' | 'ipip' | 'loopback';
  readonly label: string;
  readonly stroke: string;
  readonly width: number;
  readonly dash?: string;
}

/** Link styles in legend order. */
export const LINK_STYLES: readonly LinkStyle[] = [
  { kind: 'veth', labelKey: 'veth', label: 'veth pair', stroke: 'var(--topo-link-veth)', width: 2.5 },
  { kind: 'bridge', labelKey: 'bridge', label: 'bridge port', stroke: 'var(--topo-link-bridge)', width: 4 },
  { kind: 'segment', labelKey: 'segment', label: 'L2 segment (underlay)', stroke: 'var(--topo-link-segment)', width: 3 },
  { kind: 'tunnel', encap: 'vxlan', labelKey: 'vxlan', label: 'VXLAN tunnel', stroke: 'var(--topo-link-vxlan)', width: 2.5, dash: '8 4' },
  { kind: 'tunnel', encap: 'ipip', labelKey: 'ipip', label: 'IPIP tunnel', stroke: 'var(--topo-link-ipip)', width: 2.5, dash: '2 3' },
  { kind: 'loopback', labelKey: 'loopback', label: 'loopback (lo)', stroke: 'var(--topo-link-loopback)', width: 1.5 },
];

/** The style of a link. */
export function linkStyle(kind: LinkKind, encap?: 'vxlan' | 'ipip'): LinkStyle {
  return LINK_STYLES.find((s) => s.kind === kind && (kind !== 'tunnel' || s.encap === encap)) ?? LINK_STYLES[0];
}

/** Request/reply/error colours (stroke, fill); the error is an ICMP error or TCP RST sent back (`icmp_send`). */
export const DIRECTION_COLORS: Readonly<Record<Direction, { readonly stroke: string; readonly fill: string }>> = {
  request: { stroke: 'var(--color-request)', fill: 'var(--color-request-soft)' },
  reply: { stroke: 'var(--color-reply)', fill: 'var(--color-reply-soft)' },
  error: { stroke: 'var(--color-error)', fill: 'var(--color-error-soft)' },
};

/** Drop marker colour. */
export const DROP_COLOR = 'var(--color-drop)';
/** Drop marker fill. */
export const DROP_FILL = 'var(--color-drop-soft)';
/** Outer (encapsulation) envelope colour. */
export const ENCAP_COLOR = 'var(--color-encap)';
/** Outer (encapsulation) envelope fill. */
export const ENCAP_FILL = 'var(--color-encap-soft)';

/** Texts the drawing shows, in the interface language. */
export interface TopologyLabels {
  readonly request: string;
  readonly reply: string;
  readonly error: string;
  readonly dropped: string;
}

/** English labels (the default when a view is given none). */
export const DEFAULT_LABELS: TopologyLabels = { request: 'REQUEST', reply: 'REPLY', error: 'ERROR', dropped: 'DROPPED' };
