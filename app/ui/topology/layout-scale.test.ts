/**
 * The topology at cluster scale (issue 11): the generated 50-node / 600-pod cluster wraps into a
 * grid, collapses each node's pods into a count except the flow's, and nothing overlaps.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../engine';
import { flowInput, loadScenario } from '../../scenario';
import { clusterTopology } from '../../bench/cluster-topology';
import { flowHosts } from '../../store/selectors/flow-hosts';
import { COLLAPSE_ABOVE, dependsOnFlow, layoutTopology } from './layout';
import { hopPoints, movePoints } from './paths';
import type { Rect } from './types';

const overlaps = (a: Rect, b: Rect, eps = 0.5) => a.x < b.x + b.w - eps && b.x < a.x + a.w - eps && a.y < b.y + b.h - eps && b.y < a.y + a.h - eps;
const inside = (inner: Rect, outer: Rect) => inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.w <= outer.x + outer.w + 0.5 && inner.y + inner.h <= outer.y + outer.h + 0.5;
/** Pairs of `rects` that overlap, named by `id`. */
function overlapping<T extends Rect>(rects: readonly T[], id: (r: T) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) if (overlaps(rects[i], rects[j])) out.push(`${id(rects[i])} × ${id(rects[j])}`);
  return out;
}

const cluster = clusterTopology();
const loaded = loadScenario(cluster.yaml, 'cluster.yaml');
if (!loaded.ok) throw new Error('the generated cluster does not load');
const { world, flows } = loaded.scenario;
const flow = flows[0];
const trace = simulate(world, flowInput(flow));
const expanded = flowHosts(trace, flow);
const layout = layoutTopology(world, { expanded });
const pods = Object.values(world.netns).filter((n) => n.kind === 'pod');

describe('topology of 50 nodes and 600 pods', () => {
  it('wraps the machines into a grid of several rows, about as wide as the view is', () => {
    expect(layout.machines).toHaveLength(50);
    const rows = new Set(layout.machines.map((m) => m.y + m.h));
    expect(rows.size).toBeGreaterThan(2);
    expect(layout.width / layout.height).toBeGreaterThan(1);
    expect(layout.width / layout.height).toBeLessThan(2.5);
    expect(dependsOnFlow(world)).toBe(true);
  });

  it("keeps the flow's hosts expanded: source, destination and every netns of the Trace", () => {
    expect(expanded).toEqual([...new Set([cluster.source, cluster.destination, ...trace.steps.map((s) => s.netns)])].sort());
    const drawn = new Set(layout.boxes.map((b) => b.netns));
    for (const host of expanded) expect(drawn.has(host), host).toBe(true);
    expect(
      layout.boxes
        .filter((b) => b.hostKind === 'pod')
        .map((b) => b.netns)
        .sort(),
    ).toEqual([cluster.destination, cluster.source].sort());
  });

  it('collapses every other pod into one count box per node, and the counts add up to 600 minus the expanded pods', () => {
    expect(layout.collapsed).toHaveLength(50);
    const drawnPods = layout.boxes.filter((b) => b.hostKind === 'pod').length;
    expect(layout.collapsed.reduce((s, c) => s + c.netns.length, 0)).toBe(600 - drawnPods);
    const hidden = layout.collapsed.flatMap((c) => c.netns);
    expect(new Set(hidden).size).toBe(hidden.length);
    expect(new Set([...hidden, ...layout.boxes.map((b) => b.netns)])).toEqual(new Set(Object.keys(world.netns)));
    for (const c of layout.collapsed) {
      expect(c.text).toBe(`${c.netns.length} pods`);
      for (const n of c.netns) expect(world.netns[n].node).toBe(c.machine);
    }
    expect(pods.length).toBeGreaterThan(COLLAPSE_ABOVE * 50);
  });

  it('has no two overlapping machine frames, netns boxes or count boxes', () => {
    expect(overlapping(layout.machines, (m) => m.node)).toEqual([]);
    const boxes: (Rect & { id: string })[] = [...layout.boxes.map((b) => ({ ...b, id: b.netns })), ...layout.collapsed.map((c) => ({ ...c, id: `count of ${c.machine}` }))];
    expect(overlapping(boxes, (b) => b.id)).toEqual([]);
  });

  it('puts every box, count box and veth bundle inside its machine, and every label inside its box', () => {
    const frame = (node: string) => layout.machines.find((m) => m.node === node)!;
    for (const b of layout.boxes) expect(inside(b, frame(b.machine!)), b.netns).toBe(true);
    for (const c of layout.collapsed) {
      expect(inside(c, frame(c.machine)), c.machine).toBe(true);
      const root = layout.boxes.find((b) => b.netns === c.machine)!;
      expect(c.stub.x).toBeGreaterThan(c.x);
      expect(c.stub.x).toBeLessThan(c.x + c.w);
      expect([c.stub.y1, c.stub.y2]).toEqual([c.y + c.h, root.y]);
    }
    const ports = Object.values(layout.ports);
    for (const p of ports)
      expect(
        inside(
          p.label,
          layout.boxes.find((b) => b.netns === p.netns)!,
        ),
        p.id,
      ).toBe(true);
    expect(
      overlapping(
        ports.map((p) => ({ ...p.label, id: p.id })),
        (l) => l.id,
      ),
    ).toEqual([]);
  });

  it('keeps tunnel and bus labels off every machine, and everything on the canvas', () => {
    const labels = [...layout.links.flatMap((l) => (l.label ? [l.label] : [])), ...layout.buses.flatMap((b) => (b.lanes ?? [b]).map((l) => l.label))];
    for (const lab of labels) for (const m of layout.machines) expect(overlaps(lab, m), `${lab.lines[0]} × ${m.node}`).toBe(false);
    expect(
      overlapping(
        labels.map((l, i) => ({ ...l, i })),
        (l) => `${l.lines[0]}#${l.i}`,
      ),
    ).toEqual([]);
    for (const r of [...layout.boxes, ...layout.machines, ...labels]) expect(inside(r, { x: 0, y: 0, w: layout.width, h: layout.height })).toBe(true);
  });

  it("draws only the flow's tunnel, and a route for every hop of the Trace", () => {
    const tunnels = layout.links.filter((l) => l.kind === 'tunnel');
    expect(tunnels).toHaveLength(1);
    for (const [i, s] of trace.steps.entries()) {
      if (s.link) expect(hopPoints(layout, s.link).length, `step ${i}`).toBeGreaterThan(1);
      if (i) expect(movePoints(layout, trace.steps[i - 1], s).length).toBeGreaterThan(1);
    }
    const seg = trace.steps.find((s) => s.link?.kind === 'segment');
    if (seg?.link) expect(hopPoints(layout, seg.link).length).toBeGreaterThan(3);
  });

  it('collapses all 600 pods without a flow, in the language it is given', () => {
    const none = layoutTopology(world, { countText: (n) => `${n} 个 Pod` });
    expect(none.boxes.filter((b) => b.hostKind === 'pod')).toHaveLength(0);
    expect(none.collapsed.reduce((s, c) => s + c.netns.length, 0)).toBe(600);
    expect(none.collapsed[0].text).toBe('12 个 Pod');
    expect(none.links.filter((l) => l.kind === 'tunnel')).toHaveLength(0);
  });
});
