/** The topology layout is readable for every bundled scenario: nothing overlaps. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenario';
import { readBundledFromDisk } from '../../store/disk-fixtures';
import { layoutTopology } from './layout';
import type { Rect } from './types';

const overlaps = (a: Rect, b: Rect, eps = 0.5) => a.x < b.x + b.w - eps && b.x < a.x + a.w - eps && a.y < b.y + b.h - eps && b.y < a.y + a.h - eps;
const inside = (inner: Rect, outer: Rect) => inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.w <= outer.x + outer.w + 0.5 && inner.y + inner.h <= outer.y + outer.h + 0.5;

describe.each(readBundledFromDisk())('layout of $id', ({ text, file }) => {
  const r = loadScenario(text, file);
  if (!r.ok) throw new Error(`${file} does not load`);
  const { world, layout: hints } = r.scenario;
  const layout = layoutTopology(world, { order: hints?.order });

  it('draws every netns once and every interface as a port', () => {
    expect(layout.boxes.map((b) => b.netns).sort()).toEqual(Object.keys(world.netns).sort());
    for (const ns of Object.values(world.netns)) for (const i of ns.interfaces) expect(layout.ports[`${ns.name}/${i.name}`], `${ns.name}/${i.name}`).toBeDefined();
  });

  it('has no two overlapping boxes (netns boxes, machine frames, standalone hosts)', () => {
    const b = layout.boxes;
    for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) expect(overlaps(b[i], b[j]), `${b[i].netns} × ${b[j].netns}`).toBe(false);
    const tops: (Rect & { id: string })[] = [...layout.machines.map((m) => ({ ...m, id: m.node })), ...layout.boxes.filter((x) => x.role === 'standalone').map((x) => ({ ...x, id: x.netns }))];
    for (let i = 0; i < tops.length; i++) for (let j = i + 1; j < tops.length; j++) expect(overlaps(tops[i], tops[j]), `${tops[i].id} × ${tops[j].id}`).toBe(false);
  });

  it('puts pods and containers inside their node, and hosts with node X inside X', () => {
    for (const box of layout.boxes) {
      const ns = world.netns[box.netns];
      if (ns.kind === 'pod' || ns.kind === 'container') {
        expect(box.machine).toBe(ns.node);
        expect(
          inside(
            box,
            layout.machines.find((m) => m.node === ns.node)!,
          ),
        ).toBe(true);
      }
      if (ns.kind === 'external' || ns.kind === 'router') expect(box.role).toBe('standalone');
    }
  });

  it('puts every port on its box edge, with a label inside the box that overlaps no other label or box text', () => {
    const ports = Object.values(layout.ports);
    for (const p of ports) {
      const box = layout.boxes.find((b) => b.netns === p.netns)!;
      const onEdge =
        (p.side === 'top' && Math.abs(p.y - box.y) < 0.5) || (p.side === 'bottom' && Math.abs(p.y - (box.y + box.h)) < 0.5) || (p.side === 'right' && Math.abs(p.x - (box.x + box.w)) < 0.5);
      expect(onEdge, p.id).toBe(true);
      expect(inside(p.label, box), `${p.id} label inside ${box.netns}`).toBe(true);
      const textArea = { x: box.x, y: box.textY, w: box.w, h: box.textH };
      if (p.side !== 'right') expect(overlaps(p.label, textArea), `${p.id} label × ${box.netns} title`).toBe(false);
    }
    for (let i = 0; i < ports.length; i++) for (let j = i + 1; j < ports.length; j++) expect(overlaps(ports[i].label, ports[j].label), `${ports[i].id} × ${ports[j].id}`).toBe(false);
  });

  it('aligns each pod veth with its peer in the root netns', () => {
    const vethLinks = layout.links.filter((l) => l.kind === 'veth');
    for (const l of vethLinks) {
      const [a, b] = l.ports.map((id) => layout.ports[id]);
      if (world.netns[a.netns].node === b.netns || world.netns[b.netns].node === a.netns) expect(Math.abs(a.x - b.x)).toBeLessThan(0.5);
    }
  });

  it('draws the L2 segments, tunnels and bridges, and link labels clear of each other', () => {
    const segs = new Set(Object.values(world.netns).flatMap((n) => n.interfaces.flatMap((i) => (i.type === 'ethernet' ? [i.segment] : []))));
    expect(layout.buses.map((b) => b.segment).sort()).toEqual([...segs].sort());
    const bridges = Object.values(world.netns).flatMap((n) => n.interfaces.filter((i) => i.type === 'bridge'));
    expect(layout.links.filter((l) => l.kind === 'bridge')).toHaveLength(bridges.length);
    const tunnelNodes = Object.values(world.netns).filter((n) => n.interfaces.some((i) => i.type === 'vxlan' || i.type === 'ipip'));
    if (tunnelNodes.length >= 2) expect(layout.links.filter((l) => l.kind === 'tunnel').length).toBeGreaterThan(0);
    const labels = [...layout.links.flatMap((l) => (l.label ? [l.label] : [])), ...layout.buses.map((b) => b.label)];
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlaps(labels[i], labels[j])).toBe(false);
    for (const lab of labels) for (const box of layout.boxes) expect(overlaps(lab, box)).toBe(false);
  });

  it('fits in the canvas', () => {
    for (const r2 of [...layout.boxes, ...layout.machines]) expect(inside(r2, { x: 0, y: 0, w: layout.width, h: layout.height })).toBe(true);
  });
});

describe('layout.order', () => {
  it('puts hosts left to right in the hinted order', () => {
    const canal = readBundledFromDisk().find((f) => f.id === 'canal-nodeport')!;
    const r = loadScenario(canal.text, canal.file);
    if (!r.ok) throw new Error('load');
    const a = layoutTopology(r.scenario.world, { order: ['centos7-2', 'client', 'centos7-1'] });
    const x = (n: string) => a.boxes.find((b) => b.netns === n)!.x;
    expect(x('centos7-2')).toBeLessThan(x('client'));
    expect(x('client')).toBeLessThan(x('centos7-1'));
  });
});
