/**
 * Serialises the topology SVG as a standalone file: a clone with every element's computed style
 * inlined (so CSS variables, the theme and the palette are baked in), the pan/zoom transform
 * removed, and the viewBox fitted to the drawing, on a background of the theme's colour.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Style properties that change how SVG renders (copied from the computed style). */
const PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'display',
  'visibility',
  'font-family',
  'font-size',
  'font-weight',
  'letter-spacing',
  'text-anchor',
  'paint-order',
] as const;

/** A serialised drawing and its size in CSS pixels. */
export interface SerializedSvg {
  readonly text: string;
  readonly width: number;
  readonly height: number;
}

/** Properties that do not inherit, with their initial values (left out when unchanged). */
const NOT_INHERITED: Readonly<Record<string, string>> = { opacity: '1', display: 'inline' };

/**
 * Copies the computed style of each element of `from` onto the same element of `to`, writing a
 * property only where it differs from what the element would inherit (keeps files small).
 */
function inlineStyles(from: Element, to: Element, parent: CSSStyleDeclaration | null): void {
  const cs = getComputedStyle(from);
  const decl: string[] = [];
  for (const p of PROPS) {
    const v = cs.getPropertyValue(p);
    if (!v) continue;
    const inherited = p in NOT_INHERITED ? NOT_INHERITED[p] : parent?.getPropertyValue(p);
    if (v !== inherited) decl.push(`${p}:${v}`);
  }
  if (decl.length) to.setAttribute('style', decl.join(';'));
  else to.removeAttribute('style');
  to.removeAttribute('data-base-stroke');
  to.removeAttribute('data-testid');
  const a = from.children;
  const b = to.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i], b[i], cs);
}

/**
 * Serialises `svg` (the topology view's element).
 * @param background the page's background colour behind the drawing.
 * @param pad margin around the drawing, in drawing units.
 */
export function serializeTopology(svg: SVGSVGElement, background: string, pad = 16): SerializedSvg {
  const viewport = svg.querySelector<SVGGElement>('g.viewport');
  const box = viewport?.getBBox() ?? { x: 0, y: 0, width: svg.clientWidth, height: svg.clientHeight };
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone, null);
  clone.querySelector('g.viewport')?.removeAttribute('transform');
  const width = Math.ceil(box.width + 2 * pad);
  const height = Math.ceil(box.height + 2 * pad);
  for (const a of ['class', 'role', 'data-testid', 'aria-label']) clone.removeAttribute(a);
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('viewBox', `${box.x - pad} ${box.y - pad} ${width} ${height}`);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('style', `${clone.getAttribute('style') ?? ''};background:${background}`);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('x', String(box.x - pad));
  bg.setAttribute('y', String(box.y - pad));
  bg.setAttribute('width', String(width));
  bg.setAttribute('height', String(height));
  bg.setAttribute('style', `fill:${background}`);
  clone.insertBefore(bg, clone.firstChild);
  const title = svg.getAttribute('aria-label');
  if (title) {
    const el = document.createElementNS(SVG_NS, 'title');
    el.textContent = title;
    clone.insertBefore(el, clone.firstChild);
  }
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
  return { text, width, height };
}
