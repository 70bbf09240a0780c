/**
 * The topology view: a plain D3 factory that React mounts in an effect.
 * `createTopologyView(svg, options)` draws a layout, highlights the current netns/port/link, moves
 * the packet envelope between steps (D3 transitions, none under reduced motion), marks drops, and
 * handles zoom and pan (d3-zoom). Returns `{ update, fit, zoomBy, destroy }`.
 */
import { select, zoom as d3zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { Trace } from '../../engine';
import { drawTopology, createLayers, retitlePorts } from './draw';
import { createEnvelope, markDrop, moveEnvelope, placeEnvelope, styleEnvelope } from './packet';
import { createHighlighter } from './highlight';
import { anchorOf, movePoints, polylineLength, portOf } from './paths';
import { DEFAULT_LABELS, type TopologyLabels } from './styles';
import type { Rect, TopologyLayout } from './types';

/** What the view shows; pass a new object to `update` whenever any part changes. */
export interface TopologyViewState {
  readonly layout: TopologyLayout | null;
  readonly trace: Trace | null;
  /** Index of the step under the cursor. */
  readonly step: number;
  /** No tweening at all. */
  readonly reducedMotion: boolean;
  /** Playback speed multiplier (shortens moves). */
  readonly speed: number;
  /** The envelope's and drop marker's texts in the interface language (English by default). */
  readonly labels?: TopologyLabels;
  /** A sentence per port (`netns/ifname`) saying why the interface exists (cluster files), added to its tooltip. */
  readonly portNotes?: ReadonlyMap<string, string>;
  /**
   * Frame the flow's path (the machines of every host the trace visits) instead of the whole
   * topology, and keep that frame for every step of the trace: presenter mode, where the whole
   * cross-node path must stay in view at a size that reads from the back of a room; the embed,
   * whose diagram is small.
   */
  readonly follow?: boolean;
  /**
   * In follow mode, the smallest zoom to frame the path at (a readable title size ÷ the titles'
   * font size). When the whole path would need less, the view shows the part of the path around
   * the packet's host at this zoom, and pans when the packet's host leaves the view. 0: none.
   */
  readonly minZoom?: number;
}

/** Options of the view. */
export interface TopologyViewOptions {
  /** Milliseconds a step lasts at speed 1 (moves take at most most of it). */
  readonly stepMs?: number;
}

/** The handle returned by `createTopologyView`. */
export interface TopologyView {
  update(state: TopologyViewState): void;
  /** Zooms to fit the whole topology (in follow mode: the flow's path). */
  fit(): void;
  /** Zooms in (`k` > 1) or out around the centre. */
  zoomBy(k: number): void;
  /** Removes listeners, timers and drawing. */
  destroy(): void;
}

/**
 * Mounts the view into `svgEl` (which should be sized by CSS).
 * @param svgEl the SVG element to draw into; its content is owned by the view.
 */
export function createTopologyView(svgEl: SVGSVGElement, options: TopologyViewOptions = {}): TopologyView {
  const stepMs = options.stepMs ?? 1100;
  const svg = select(svgEl).classed('topo', true);
  const viewport = svg.append('g').attr('class', 'viewport');
  const layers = createLayers(viewport);
  const envelope = createEnvelope(layers.packet);
  const highlighter = createHighlighter(layers);
  let layout: TopologyLayout | null = null;
  let portNotes: ReadonlyMap<string, string> | undefined;
  let shown: { trace: Trace; step: number } | null = null;
  let userZoomed = false;
  let follow = false;
  let focusKey = '';
  let focusRect: Rect | null = null;
  let minZoom = 0;
  /** The last frame's transform when `minZoom` held it (only part of the path in view), else null. */
  let partial: ZoomTransform | null = null;

  // The view's box in CSS px, its last rendered size while the SVG is not rendered (d3's default
  // reads the SVG's width, which throws then; an empty box would make an animated frame's
  // interpolation NaN, e.g. an embed removed from its page or replaced during a transition).
  let extent: [[number, number], [number, number]] = [
    [0, 0],
    [1, 1],
  ];
  const zoom: ZoomBehavior<SVGSVGElement, unknown> = d3zoom<SVGSVGElement, unknown>()
    .extent(() => {
      if (svgEl.clientWidth > 0 && svgEl.clientHeight > 0)
        extent = [
          [0, 0],
          [svgEl.clientWidth, svgEl.clientHeight],
        ];
      return extent;
    })
    .scaleExtent([0.15, 5])
    .on('zoom', (e) => {
      viewport.attr('transform', e.transform.toString());
      if (e.sourceEvent) userZoomed = true;
    });
  svg.call(zoom).on('dblclick.zoom', null);

  function fit(): void {
    if (!layout) return;
    const r = svgEl.getBoundingClientRect();
    if (r.width < 10 || r.height < 10) return;
    const k = Math.min((r.width - 16) / layout.width, (r.height - 16) / layout.height, 1.6);
    const tx = (r.width - layout.width * k) / 2;
    const ty = (r.height - layout.height * k) / 2;
    svg.call(zoom.transform, zoomIdentity.translate(tx, ty).scale(k));
    userZoomed = false;
  }

  /** The frame around a netns: its machine when it has one, else its own box. */
  function frameOf(netns: string): Rect | null {
    if (!layout) return null;
    const box = layout.boxes.find((b) => b.netns === netns);
    if (!box) return null;
    return (box.machine && layout.machines.find((m) => m.node === box.machine)) || box;
  }

  /** `v` kept within [lo, hi]; the middle of the two when the range is empty. */
  const clamp = (v: number, lo: number, hi: number) => (lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));

  /**
   * Zooms so that `r` (grown to at least 460×340, so a lone box keeps its surroundings) fills the
   * view, at most 3×; animated unless `instant`. With `around` and a `minZoom` the fit would go
   * below, zooms to `minZoom` instead, centred on `around` as far as `r` extends.
   */
  function zoomToRect(rect: Rect, instant: boolean, around?: Rect | null): void {
    const v = svgEl.getBoundingClientRect();
    if (v.width < 10 || v.height < 10) return;
    const w = Math.max(rect.w, 460);
    const h = Math.max(rect.h, 340);
    const r = { x: rect.x - (w - rect.w) / 2, y: rect.y - (h - rect.h) / 2, w, h };
    let k = Math.min((v.width - 40) / r.w, (v.height - 40) / r.h, 3);
    let cx = r.x + r.w / 2;
    let cy = r.y + r.h / 2;
    partial = null;
    if (around && k < minZoom) {
      k = minZoom;
      const hw = (v.width - 40) / 2 / k;
      const hh = (v.height - 40) / 2 / k;
      cx = clamp(around.x + around.w / 2, r.x + hw, r.x + r.w - hw);
      cy = clamp(around.y + around.h / 2, r.y + hh, r.y + r.h - hh);
    }
    const t = zoomIdentity.translate(v.width / 2 - cx * k, v.height / 2 - cy * k).scale(k);
    if (k === minZoom && around) partial = t;
    if (instant) svg.interrupt().call(zoom.transform, t);
    else svg.transition().duration(450).call(zoom.transform, t);
    userZoomed = false;
  }

  /** True when `r` lies inside the view under transform `t`. */
  function inView(r: Rect, t: ZoomTransform): boolean {
    const v = svgEl.getBoundingClientRect();
    const [x1, y1] = t.apply([r.x, r.y]);
    const [x2, y2] = t.apply([r.x + r.w, r.y + r.h]);
    return x1 >= 0 && y1 >= 0 && x2 <= v.width && y2 <= v.height;
  }

  /** The frame of the netns of the step on screen (what a partial frame keeps in view). */
  const here = (): Rect | null => (shown ? frameOf(shown.trace.steps[shown.step]?.netns ?? '') : null);

  /**
   * In follow mode, frames the machines of every host the trace visits (the same frame at every
   * step; when `minZoom` allows only part of it, the part around the packet's host, moved when that
   * host leaves the view).
   */
  function followPath(trace: Trace, instant: boolean): void {
    const frames = [...new Set(trace.steps.map((s) => s.netns))].map(frameOf).filter((x): x is Rect => !!x);
    if (!frames.length) return;
    const x = Math.min(...frames.map((f) => f.x));
    const y = Math.min(...frames.map((f) => f.y));
    const r = { x, y, w: Math.max(...frames.map((f) => f.x + f.w)) - x, h: Math.max(...frames.map((f) => f.y + f.h)) - y };
    const key = `${r.x},${r.y},${r.w},${r.h}`;
    const at = here();
    if (key === focusKey && (!partial || !at || inView(at, partial))) return;
    focusKey = key;
    focusRect = r;
    zoomToRect(r, instant, at);
  }

  const refit = () => {
    if (userZoomed) return;
    if (follow && focusRect) zoomToRect(focusRect, true, here());
    else fit();
  };
  let refitFrame = 0;
  /**
   * Refits in the next animation frame, before it is laid out and painted, so a new topology costs
   * one layout there instead of a forced one inside the task that drew it (a long task for a big
   * scenario, measured in e2e/offmain.spec.ts).
   */
  const refitSoon = () => {
    if (typeof requestAnimationFrame === 'undefined') return refit();
    cancelAnimationFrame(refitFrame);
    refitFrame = requestAnimationFrame(() => {
      refitFrame = 0;
      refit();
    });
  };
  const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(refit);
  resize?.observe(svgEl);

  function showStep(trace: Trace, index: number, reducedMotion: boolean, speed: number, labels: TopologyLabels): void {
    if (!layout) return;
    const step = trace.steps[index];
    if (!step) {
      envelope.style('display', 'none');
      markDrop(layers.marks, null);
      return;
    }
    const prev = shown && shown.trace === trace ? trace.steps[shown.step] : undefined;
    highlighter.show(layout, step, trace.steps[index - 1]);
    styleEnvelope(envelope, step, labels);
    const target = anchorOf(layout, step);
    if (prev && prev.index === index - 1 && !reducedMotion) {
      const pts = movePoints(layout, prev, step);
      const len = polylineLength(pts);
      const budget = (stepMs * 0.85) / speed;
      if (len > 1) moveEnvelope(envelope, pts, Math.max(120, Math.min(budget, 200 + len * 1.4)));
      else placeEnvelope(envelope, target);
    } else placeEnvelope(envelope, target);
    const dropAt = step.stage === 'drop' ? (portOf(layout, step.netns, step.interface) ? target : anchorOf(layout, { netns: step.netns })) : null;
    markDrop(layers.marks, dropAt, labels.dropped);
    envelope.style('opacity', step.stage === 'drop' ? 0.45 : '');
    // At a drop the marker's label takes the place of the direction tag.
    envelope.selectAll('text.halo').style('display', step.stage === 'drop' ? 'none' : '');
    shown = { trace, step: index };
  }

  return {
    update(state) {
      const followChanged = (state.follow ?? false) !== follow;
      follow = state.follow ?? false;
      minZoom = state.minZoom ?? 0;
      if (followChanged) {
        focusKey = '';
        focusRect = null;
        if (!follow) fit();
      }
      if (state.layout === layout && state.portNotes !== portNotes && layout) {
        // Only the tooltips' language changed: rewrite them, keep the drawing and the zoom.
        portNotes = state.portNotes;
        retitlePorts(layers, layout, portNotes);
      }
      if (state.layout !== layout) {
        layout = state.layout;
        portNotes = state.portNotes;
        shown = null;
        focusKey = '';
        envelope.interrupt();
        if (layout) {
          drawTopology(layers, layout, portNotes);
          highlighter.reset();
          userZoomed = false;
          refitSoon();
        } else for (const g of Object.values(layers)) g.selectAll('*').remove();
        // drawTopology clears the packet layer: recreate the envelope inside it.
        layers.packet.node()?.appendChild(envelope.node()!);
      }
      if (state.trace && layout) {
        showStep(state.trace, state.step, state.reducedMotion, state.speed, state.labels ?? DEFAULT_LABELS);
        if (follow && !userZoomed) followPath(state.trace, state.reducedMotion || !focusRect);
      } else {
        envelope.style('display', 'none');
        markDrop(layers.marks, null);
        shown = null;
      }
    },
    fit() {
      if (follow && focusRect) {
        // The whole path, however small; kept until the reader zooms or the layout changes.
        zoomToRect(focusRect, false);
        if (minZoom) userZoomed = true;
        return;
      }
      focusKey = '';
      focusRect = null;
      fit();
    },
    zoomBy(k) {
      svg.call(zoom.scaleBy, k);
      userZoomed = true;
    },
    destroy() {
      if (refitFrame) cancelAnimationFrame(refitFrame);
      resize?.disconnect();
      envelope.interrupt();
      svg.interrupt();
      svg.on('.zoom', null);
      viewport.remove();
    },
  };
}
