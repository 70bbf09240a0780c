/**
 * Visual styles of the topology: link strokes by kind (shared by the D3 view and the legend) and
 * the request/reply colours.
 */
import type { LinkKind } from './types';

/** How one kind of link is stroked. */
export interface LinkStyle {
  readonly kind: LinkKind;
  readonly encap?: 'vxlan' | 'ipip';
  readonly label: string;
  readonly stroke: string;
  readonly width: number;
  readonly dash?: string;
}

/** Link styles in legend order. */
export const LINK_STYLES: readonly LinkStyle[] = [
  { kind: 'veth', label: 'veth pair', stroke: '#0f766e', width: 2.5 },
  { kind: 'bridge', label: 'bridge port', stroke: '#0891b2', width: 4 },
  { kind: 'segment', label: 'L2 segment (underlay)', stroke: '#475569', width: 3 },
  { kind: 'tunnel', encap: 'vxlan', label: 'VXLAN tunnel', stroke: '#7c3aed', width: 2.5, dash: '8 4' },
  { kind: 'tunnel', encap: 'ipip', label: 'IPIP tunnel', stroke: '#a21caf', width: 2.5, dash: '2 3' },
  { kind: 'loopback', label: 'loopback (lo)', stroke: '#94a3b8', width: 1.5 },
];

/** The style of a link. */
export function linkStyle(kind: LinkKind, encap?: 'vxlan' | 'ipip'): LinkStyle {
  return LINK_STYLES.find((s) => s.kind === kind && (kind !== 'tunnel' || s.encap === encap)) ?? LINK_STYLES[0];
}

/** Request/reply colours (stroke, fill). */
export const DIRECTION_COLORS = {
  request: { stroke: '#1d4ed8', fill: '#dbeafe' },
  reply: { stroke: '#c2410c', fill: '#ffedd5' },
} as const;

/** Drop marker colour. */
export const DROP_COLOR = '#dc2626';
/** Outer (encapsulation) envelope colour. */
export const ENCAP_COLOR = '#7c3aed';
