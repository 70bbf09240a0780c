/**
 * Links drawn between placed ports inside and between machines: veth pairs (straight when the ends
 * face each other, else an S-curve), bridge bars with their member ports, and loopback glyphs.
 */
import type { Netns } from '../../engine';
import { BAR_OFFSET } from './layout-metrics';
import type { LinkLayout, Point, PortLayout } from './types';

/** SVG path data through `points`. */
export function toPath(points: readonly Point[]): string {
  return points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
}

/**
 * A veth link from `a` to `b`: straight when the ends face each other vertically, else a smooth
 * S-curve (a cubic Bézier sampled into points, so the packet can follow it).
 */
function vethPoints(a: PortLayout, b: PortLayout): Point[] {
  if (Math.abs(a.x - b.x) < 1)
    return [
      [a.x, a.y],
      [b.x, b.y],
    ];
  const out = (p: PortLayout) => (p.side === 'top' ? -1 : p.side === 'bottom' ? 1 : 0);
  const k = Math.max(30, Math.abs(a.y - b.y) / 2);
  const c1: Point = [a.x, a.y + out(a) * k];
  const c2: Point = [b.x, b.y + out(b) * k];
  const pts: Point[] = [];
  for (let i = 0; i <= 24; i++) {
    const t = i / 24;
    const u = 1 - t;
    pts.push([u * u * u * a.x + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t * t * t * b.x, u * u * u * a.y + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t * t * t * b.y]);
  }
  return pts;
}

/** A loopback glyph: a small loop leaving and re-entering the port. */
function loopPath(p: PortLayout): string {
  return `M${p.x},${p.y - 4}c9,-6 9,14 0,8`;
}

/**
 * The links inside and between machines: every veth pair whose both ends are drawn (once per
 * pair), every bridge's bar with its drawn members, and each `lo`'s loop.
 */
export function localLinks(all: readonly Netns[], ports: Readonly<Record<string, PortLayout>>): LinkLayout[] {
  const links: LinkLayout[] = [];
  const seen = new Set<string>();
  for (const ns of all) {
    for (const i of ns.interfaces) {
      if (i.type !== 'veth') continue;
      const a = `${ns.name}/${i.name}`;
      const b = `${i.peer.netns}/${i.peer.ifname}`;
      const key = [a, b].sort().join('|');
      if (seen.has(key) || !ports[a] || !ports[b]) continue;
      seen.add(key);
      const points = vethPoints(ports[a], ports[b]);
      links.push({ id: `veth:${key}`, kind: 'veth', ports: [a, b], d: toPath(points), points });
    }
  }
  // Bridge membership: a bar inside the box, near the bridge's edge.
  for (const ns of all) {
    for (const br of ns.interfaces) {
      if (br.type !== 'bridge') continue;
      const bp = ports[`${ns.name}/${br.name}`];
      const members = br.ports.map((n) => ports[`${ns.name}/${n}`]).filter(Boolean);
      if (!bp) continue;
      const barY = bp.side === 'top' ? bp.y + BAR_OFFSET : bp.y - BAR_OFFSET;
      const xs = [bp.x, ...members.map((m) => m.x)];
      const parts = [`M${Math.min(...xs)},${barY}H${Math.max(...xs)}`, `M${bp.x},${bp.y}V${barY}`];
      for (const m of members) parts.push(`M${m.x},${m.y}V${barY}`);
      links.push({ id: `bridge:${ns.name}/${br.name}`, kind: 'bridge', ports: [bp.id, ...members.map((m) => m.id)], d: parts.join('') });
    }
  }
  // Loopback: a small loop out of the right edge.
  for (const p of Object.values(ports)) {
    if (p.type !== 'loopback') continue;
    links.push({ id: `lo:${p.id}`, kind: 'loopback', ports: [p.id], d: loopPath(p) });
  }
  return links;
}
