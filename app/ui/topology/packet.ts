/**
 * The packet envelope: drawing it for a step (direction colour and label, an outer envelope per
 * encapsulation layer), moving it along a polyline with a D3 transition, and the drop marker.
 */
import { easeCubicInOut, type Selection } from 'd3';
import type { TraceStep } from '../../engine';
import { pointAlong } from './paths';
import { DEFAULT_LABELS, DIRECTION_COLORS, DROP_COLOR, DROP_FILL, ENCAP_COLOR, ENCAP_FILL, type TopologyLabels } from './styles';
import type { Point } from './types';

type G = Selection<SVGGElement, unknown, null, undefined>;

const W = 30;
const H = 20;
const OUTER_PAD = 8;
const OUTER_HEAD = 12;

/** Creates the (empty) envelope group in `layer`. */
export function createEnvelope(layer: G): G {
  return layer.append('g').attr('class', 'packet').attr('data-testid', 'packet').style('display', 'none');
}

/**
 * Redraws the envelope's look for `step` (direction, encapsulation layers, the direction tag). An
 * error packet (ICMP error, TCP RST) has its own colour, a "!" inside and the ERROR tag.
 */
export function styleEnvelope(env: G, step: TraceStep, labels: TopologyLabels = DEFAULT_LABELS): void {
  env.selectAll('*').remove();
  const c = DIRECTION_COLORS[step.direction];
  const layers = step.packet.outer;
  env.attr('data-direction', step.direction).attr('data-encap', layers.map((o) => o.kind).join(',') || null);
  // Outer envelopes, outermost drawn first and largest.
  const sizes = layers.map((_, i) => ({ w: W + 2 * OUTER_PAD * (layers.length - i), h: H + (OUTER_PAD + OUTER_HEAD) * (layers.length - i) }));
  layers.forEach((o, i) => {
    const s = sizes[i];
    env
      .append('rect')
      .attr('class', 'outer')
      .attr('x', -s.w / 2)
      .attr('y', -s.h / 2 - OUTER_HEAD / 2)
      .attr('width', s.w)
      .attr('height', s.h)
      .attr('rx', 4)
      .style('fill', ENCAP_FILL)
      .style('stroke', ENCAP_COLOR)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', '4 2');
    env
      .append('text')
      .attr('x', 0)
      .attr('y', -s.h / 2 - OUTER_HEAD / 2 + 10)
      .attr('text-anchor', 'middle')
      .attr('font-size', 9)
      .attr('font-weight', 700)
      .style('fill', ENCAP_COLOR)
      .text(o.kind.toUpperCase());
  });
  const inner = env
    .append('g')
    .attr('class', 'inner')
    .attr('transform', `translate(0,${layers.length ? OUTER_HEAD / 2 : 0})`);
  inner
    .append('rect')
    .attr('x', -W / 2)
    .attr('y', -H / 2)
    .attr('width', W)
    .attr('height', H)
    .attr('rx', 2.5)
    .style('fill', c.fill)
    .style('stroke', c.stroke)
    .attr('stroke-width', 2);
  if (step.direction === 'error') {
    // Not by colour alone: the error envelope carries a "!" where the others have their flap.
    inner
      .append('path')
      .attr('class', 'error-mark')
      .attr('d', `M0,${-H / 2 + 3.5}V${H / 2 - 7.5}`)
      .style('stroke', c.stroke)
      .attr('stroke-width', 3)
      .attr('stroke-linecap', 'round');
    inner
      .append('circle')
      .attr('cx', 0)
      .attr('cy', H / 2 - 3.5)
      .attr('r', 1.8)
      .style('fill', c.stroke);
  } else
    inner
      .append('path')
      .attr('d', `M${-W / 2},${-H / 2}L0,${H / 10}L${W / 2},${-H / 2}`)
      .attr('fill', 'none')
      .style('stroke', c.stroke)
      .attr('stroke-width', 1.5);
  // The direction tag sits beside the envelope, so it stays in the lane and off the box's text.
  env
    .append('text')
    .attr('class', 'halo')
    .attr('x', W / 2 + OUTER_PAD * layers.length + 4)
    .attr('y', (layers.length ? OUTER_HEAD / 2 : 0) + 4)
    .attr('text-anchor', 'start')
    .attr('font-size', 11)
    .attr('font-weight', 800)
    .attr('letter-spacing', '0.04em')
    .style('fill', c.stroke)
    .text(labels[step.direction] ?? labels.request);
  // The address tag goes above the direction tag: below are the port labels the envelope sits on.
  pduTag(env, step, W / 2 + OUTER_PAD * layers.length + 4, (layers.length ? OUTER_HEAD / 2 : 0) + 4 - 13 - 12 * layers.length);
}

const NAT_FIELD = /^(ip\.(src|dst)|l4\.(sport|dport)|outer\[\d+\]\.ip\.(src|dst))$/;
const ep = (ip: string, port?: number) => (port === undefined ? ip : `${ip}:${port}`);

/**
 * The packet's addresses beside the envelope, as Packet Tracer's PDU view shows them: the inner
 * `src → dst` (with ports), and under it each outer header's `src → dst`. When this step rewrote an
 * address or port (a NAT, an encapsulation), the tag is marked `changed` and flashes (index.css).
 */
function pduTag(env: G, step: TraceStep, x: number, y: number): void {
  const p = step.packet;
  const lines = [`${ep(p.ip.src, p.l4.sport)} → ${ep(p.ip.dst, p.l4.dport)}`, ...p.outer.map((o) => `${o.kind.toUpperCase()} ${o.ip.src} → ${o.ip.dst}`)];
  const changed = step.changed.some((ch) => NAT_FIELD.test(ch.field));
  const tag = env
    .append('text')
    .attr('class', `halo mono pdu${changed ? ' changed' : ''}`)
    .attr('data-testid', 'packet-tag')
    .attr('data-changed', changed ? 'true' : null)
    .attr('x', x)
    .attr('y', y)
    .attr('font-size', 10)
    .attr('font-weight', 600)
    .style('fill', 'var(--topo-text)');
  lines.forEach((l, i) =>
    tag
      .append('tspan')
      .attr('x', x)
      .attr('dy', i ? 12 : 0)
      .text(l),
  );
}

const translate = ([x, y]: Point) => `translate(${x.toFixed(1)},${y.toFixed(1)})`;

/** Puts the envelope at `p` at once (no tween). */
export function placeEnvelope(env: G, p: Point): void {
  env.interrupt().style('display', null).attr('transform', translate(p));
}

/**
 * Moves the envelope along `points` over `duration` ms.
 * @returns nothing; an earlier move is interrupted.
 */
export function moveEnvelope(env: G, points: readonly Point[], duration: number): void {
  env.interrupt().style('display', null).attr('transform', translate(points[0]));
  env
    .transition()
    .duration(duration)
    .ease(easeCubicInOut)
    .attrTween('transform', () => (t: number) => translate(pointAlong(points, t)));
}

/** Shows the drop cross at `p` labelled `label`, or removes it when `p` is null. */
export function markDrop(layer: G, p: Point | null, label: string = DEFAULT_LABELS.dropped): void {
  layer.selectAll('g.drop').remove();
  if (!p) return;
  const g = layer.append('g').attr('class', 'drop').attr('data-testid', 'drop-marker').attr('transform', translate(p));
  g.append('circle').attr('r', 14).style('fill', DROP_FILL).style('stroke', DROP_COLOR).attr('stroke-width', 2);
  g.append('path').attr('d', 'M-7,-7L7,7M7,-7L-7,7').style('stroke', DROP_COLOR).attr('stroke-width', 4).attr('stroke-linecap', 'round');
  g.append('text').attr('class', 'halo').attr('x', 19).attr('y', 5).attr('text-anchor', 'start').attr('font-size', 12).attr('font-weight', 800).style('fill', DROP_COLOR).text(label);
}
