/**
 * Automatic topology layout: a pure function from a World (plus the scenario's optional
 * `layout.order` and the hosts the flow passes through) to positioned boxes, ports, links and buses.
 *
 * Shape: machines (node hosts) and standalone hosts (external clients, routers) stand in one row,
 * in `layout.order`. A machine frame holds its pods/containers in a row on top and its root netns
 * below; a pod's veth end sits on its box's bottom edge straight above its peer on the root netns's
 * top edge, where bridges also sit (their member ports hang on a bar). NICs and tunnel devices sit
 * on bottom edges: NICs drop to a bus per L2 segment under the row, and tunnels between nodes run
 * as a U between the row and the bus. `lo` is a small port on each box's right edge.
 * Sizes come from estimated text widths (`./text`), so labels fit their slots.
 *
 * At cluster scale (issue 11):
 * - more than GRID_ABOVE (6) top-level items wrap into rows, a grid whose shape comes close to the
 *   view's aspect; each row has its own channel of tunnels and buses (layout-channels.ts);
 * - a machine with more than COLLAPSE_ABOVE (4) pods/containers draws those not in
 *   `options.expanded` as one box with their count ("12 pods"), joined to its root netns by a veth
 *   bundle; the hosts the flow passes through are always drawn, so the packet's path is complete.
 * Small scenarios (at most 6 items, at most 4 pods per machine) lay out as they always did.
 */
import type { Netns, World } from '../../engine';
import { own } from '../../engine/own';
import { emitBox, type Emitted } from './layout-emit';
import { kindOf, measureLeaf, planMachine, type CollapseSpec, type MachinePlan, type Measured } from './layout-measure';
import { MARGIN, ROW_GAP } from './layout-metrics';
import { localLinks } from './layout-links';
import { channelHeight, drawChannels, planChannels } from './layout-channels';
import { ENGLISH_LABELS, type TopologyLabels } from './labels';
import { NORMAL_TITLES, type TitleFonts } from './text';
import type { CollapsedBox, MachineBox, TopologyLayout } from './types';

export { toPath } from './layout-links';
export { LANE } from './layout-metrics';

/** A machine with more pods/containers than this collapses those off the flow into a count box. */
export const COLLAPSE_ABOVE = 4;
/** More top-level items (machines, standalone hosts) than this wrap into a grid of rows. */
export const GRID_ABOVE = 6;
/** Width ÷ height the grid aims at (the topology pane of a 1280×720 window is about 820×520). */
const GRID_ASPECT = 1.6;
/** Vertical gap between a row's channel and the next row. */
const GRID_ROW_GAP = 28;
/** Estimated channel height when choosing the grid's columns (one segment, a few tunnels). */
const CHANNEL_ESTIMATE = 100;

/** Layout options. */
export interface LayoutOptions {
  /** Host names in the order they should appear left to right (`scenario.layout.order`). */
  readonly order?: readonly string[];
  /**
   * Hosts always drawn expanded, whatever their machine's size: the flow's source and destination
   * and every netns on its Trace (the view reads them from the store).
   */
  readonly expanded?: Iterable<string>;
  /** The text of a collapsed box in the interface language; default English ("12 pods"). */
  readonly countText?: (count: number, kind: CollapsedBox['kind']) => string;
  /** Tags, notes and tunnel labels in the interface language; default English. */
  readonly labels?: TopologyLabels;
  /** Title sizes (presenter mode's are larger); default NORMAL_TITLES. */
  readonly titles?: TitleFonts;
}

/** English count texts (the default `countText`). */
export function englishCount(count: number, kind: CollapsedBox['kind']): string {
  const noun = kind === 'pod' ? 'pod' : kind === 'container' ? 'container' : 'pod/container';
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Whether the layout of `world` depends on `options.expanded`: some machine has more than
 * COLLAPSE_ABOVE pods/containers, or the hosts wrap into a grid (whose big tunnel groups draw only
 * the flow's tunnels). Otherwise a view need not lay out again when the flow changes.
 */
export function dependsOnFlow(world: World): boolean {
  const all = Object.values(world.netns);
  const nodes = new Set(all.filter((n) => n.kind === 'node').map((n) => n.name));
  const kids = new Map<string, number>();
  let top = 0;
  for (const n of all) {
    if (n.kind !== 'node' && n.node && nodes.has(n.node)) kids.set(n.node, (kids.get(n.node) ?? 0) + 1);
    else top++;
  }
  return top > GRID_ABOVE || [...kids.values()].some((k) => k > COLLAPSE_ABOVE);
}

type Item = { kind: 'machine'; plan: MachinePlan } | { kind: 'leaf'; m: Measured };
const sizeOf = (it: Item) => (it.kind === 'machine' ? it.plan : it.m);

/** Orders top-level items by `order` (a host or any of its children), then by World order. */
function orderTopLevel(ids: string[], order: readonly string[] | undefined, ownerOf: (name: string) => string | undefined): string[] {
  const rank = new Map<string, number>();
  (order ?? []).forEach((name, i) => {
    const owner = ownerOf(name);
    if (owner !== undefined && !rank.has(owner)) rank.set(owner, i);
  });
  return ids
    .map((id, i) => ({ id, i, r: rank.get(id) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((e) => e.id);
}

/** Columns of the grid whose estimated shape comes closest to GRID_ASPECT (items in order, row by row). */
function chooseColumns(items: readonly Item[]): number {
  let best = items.length;
  let bestScore = Infinity;
  for (let cols = 1; cols <= items.length; cols++) {
    let w = 0;
    let h = 0;
    for (let i = 0; i < items.length; i += cols) {
      const row = items.slice(i, i + cols).map(sizeOf);
      w = Math.max(
        w,
        row.reduce((s, x) => s + x.w + ROW_GAP, -ROW_GAP),
      );
      h += Math.max(...row.map((x) => x.h)) + CHANNEL_ESTIMATE + GRID_ROW_GAP;
    }
    const score = Math.abs(Math.log(w / h / GRID_ASPECT));
    if (score < bestScore) [best, bestScore] = [cols, score];
  }
  return best;
}

/** Items `cols` to a row, and the row of every drawn host. */
function splitRows(items: readonly Item[], cols: number): { rows: Item[][]; rowIndex: Map<string, number> } {
  const rows: Item[][] = [];
  for (let i = 0; i < items.length; i += cols) rows.push(items.slice(i, i + cols));
  const rowIndex = new Map<string, number>();
  rows.forEach((row, r) => {
    for (const it of row) {
      if (it.kind === 'leaf') rowIndex.set(it.m.ns.name, r);
      else for (const n of [it.plan.node, ...it.plan.children.map((k) => k.m.ns)]) rowIndex.set(n.name, r);
    }
  });
  return { rows, rowIndex };
}

/** Measures every top-level item, collapsing the children of big machines that are not kept. */
function measureItems(
  world: World,
  ordered: readonly string[],
  kidsOf: (id: string) => Netns[],
  keep: ReadonlySet<string>,
  countText: NonNullable<LayoutOptions['countText']>,
  labels: TopologyLabels,
  titles: TitleFonts,
): Item[] {
  return ordered.map((id) => {
    const ns = own(world.netns, id)!;
    if (ns.kind !== 'node') return { kind: 'leaf', m: measureLeaf(ns, 'standalone', labels, titles) };
    const kids = kidsOf(id);
    if (kids.length <= COLLAPSE_ABOVE) return { kind: 'machine', plan: planMachine(ns, kids, labels, titles) };
    const hidden = kids.filter((k) => !keep.has(k.name));
    const kind = kindOf(hidden);
    const collapse: CollapseSpec | undefined = hidden.length ? { hosts: hidden, kind, text: countText(hidden.length, kind) } : undefined;
    return {
      kind: 'machine',
      plan: planMachine(
        ns,
        kids.filter((k) => keep.has(k.name)),
        labels,
        titles,
        collapse,
      ),
    };
  });
}

/**
 * Computes the layout of a World.
 * @param world the scenario's World.
 * @param options `order`: host names left to right (`scenario.layout.order`); `expanded`: hosts
 * never collapsed (the flow's); `countText`: a collapsed box's text.
 * @returns positioned machines, netns boxes, collapsed boxes, ports (by `netns/ifname`), links and buses.
 */
export function layoutTopology(world: World, options: LayoutOptions = {}): TopologyLayout {
  const all = Object.values(world.netns);
  const nodeNames = new Set(all.filter((n) => n.kind === 'node').map((n) => n.name));
  const parentOf = (n: Netns) => (n.kind !== 'node' && n.node && nodeNames.has(n.node) ? n.node : undefined);
  const ownerOf = (name: string) => {
    const n = own(world.netns, name);
    return n ? (parentOf(n) ?? n.name) : undefined;
  };
  const orderIndex = (name: string) => {
    const i = (options.order ?? []).indexOf(name);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const kidsOf = (id: string) =>
    all
      .filter((c) => parentOf(c) === id)
      .map((c, i) => ({ c, i }))
      .sort((a, b) => orderIndex(a.c.name) - orderIndex(b.c.name) || a.i - b.i)
      .map((e) => e.c);
  const ordered = orderTopLevel(
    all.filter((n) => !parentOf(n)).map((n) => n.name),
    options.order,
    ownerOf,
  );
  const keep = new Set(options.expanded ?? []);
  const labels = options.labels ?? ENGLISH_LABELS;
  const titles = options.titles ?? NORMAL_TITLES;
  const items = measureItems(world, ordered, kidsOf, keep, options.countText ?? englishCount, labels, titles);

  const grid = items.length > GRID_ABOVE;
  const { rows, rowIndex } = splitRows(items, grid ? chooseColumns(items) : items.length);
  const plan = planChannels(world, all, rows.length, (n) => rowIndex.get(n), grid, keep);

  const machines: MachineBox[] = [];
  const collapsed: CollapsedBox[] = [];
  const out: Emitted = { boxes: [], ports: {} };
  const rowBottoms: number[] = [];
  let top = MARGIN;
  let right = 0;
  rows.forEach((row, r) => {
    const rowH = Math.max(...row.map((it) => sizeOf(it).h));
    let cx = MARGIN + plan.gutter;
    for (const it of row) {
      if (it.kind === 'machine') placeMachine(it.plan, cx, top + rowH - it.plan.h, { machines, collapsed, out });
      else emitBox(out, it.m, cx, top + rowH - it.m.h);
      cx += sizeOf(it).w + ROW_GAP;
    }
    right = Math.max(right, cx - ROW_GAP);
    rowBottoms.push(top + rowH);
    top += rowH + channelHeight(plan, r) + GRID_ROW_GAP;
  });

  const links = localLinks(all, out.ports);
  const channels = drawChannels(plan, { world, all, ports: out.ports, rowBottoms, rowOf: (n) => rowIndex.get(n)! }, labels);
  links.push(...channels.links);
  const buses = channels.buses;
  const last = rows.length - 1;
  const height = Math.ceil(rowBottoms[last] + channelHeight(plan, last) + MARGIN);
  const laneRight = buses.flatMap((b) => [b.x2, ...(b.lanes ?? []).map((l) => l.x2)]);
  const width = Math.ceil(Math.max(right, ...laneRight) + MARGIN);
  return { width, height, titles, machines, boxes: out.boxes, ports: out.ports, links, buses, collapsed };
}

/** Emits a planned machine at (mx, my): its frame, children, collapsed box and root netns. */
function placeMachine(p: MachinePlan, mx: number, my: number, to: { machines: MachineBox[]; collapsed: CollapsedBox[]; out: Emitted }): void {
  to.machines.push({ node: p.node.name, tag: p.tag, title: p.title, titleFull: p.node.title ?? p.node.name, x: mx, y: my, w: p.w, h: p.h });
  for (const k of p.children) emitBox(to.out, k.m, mx + k.x, my + k.y, p.node.name);
  const c = p.collapsed;
  if (c) to.collapsed.push({ ...c, machine: p.node.name, x: mx + c.x, y: my + c.y, stub: { x: mx + c.stub.x, y1: my + c.stub.y1, y2: my + c.stub.y2 } });
  emitBox(to.out, p.root, mx + p.root.x, my + p.root.y, p.node.name);
}
