/**
 * Text metrics for the topology layout, estimated from character counts so the layout stays a pure
 * function (no DOM). The estimates are deliberately generous: a label may end up a little narrower
 * than its slot, never wider.
 */

/** Font sizes (px) used by the topology view; the layout sizes boxes for them. */
export const FONT = {
  /** Box titles (sans-serif, bold). */
  title: 13,
  /** Machine (node) titles (sans-serif, bold). */
  machine: 14,
  /** Container lists and notes (sans-serif). */
  small: 11,
  /** Interface labels (monospace). */
  port: 11,
} as const;

/** Sizes (px) of the titles a room must read: netns boxes' and machines'. */
export interface TitleFonts {
  readonly box: number;
  readonly machine: number;
}

/** The titles' usual sizes. */
export const NORMAL_TITLES: TitleFonts = { box: FONT.title, machine: FONT.machine };

/** Presenter mode's titles: large enough to read ≥ 18 px on a 1920×1080 projector at the path's fit. */
export const PRESENTER_TITLES: TitleFonts = { box: 17, machine: 18 };

/** Line height (px) for a font size. */
export const lineHeight = (size: number): number => Math.round(size * 1.3);

/** Estimated width (px) of `text` in the monospace font at `size`. */
export function monoWidth(text: string, size: number = FONT.port): number {
  return text.length * size * 0.62;
}

/** Estimated width (px) of `text` in the UI sans-serif font at `size` (bold is ~12% wider; estimates err wide). */
export function sansWidth(text: string, size: number, bold = false): number {
  let units = 0;
  for (const ch of text) {
    if (/[iljtf.,:;'|!()[\] ]/.test(ch)) units += 0.33;
    else if (/[mwMW@]/.test(ch)) units += 0.9;
    else if (/[A-Z0-9]/.test(ch)) units += 0.66;
    else if (ch.charCodeAt(0) > 0x2e80) units += 1.0;
    else units += 0.56;
  }
  return units * size * (bold ? 1.14 : 1.02);
}

/**
 * Wraps `text` into lines of at most `maxChars` characters, breaking at spaces (a word longer than
 * the limit is broken after a hyphen when it has one, else cut). At most `maxLines` lines; the last one ends in `…` when text was left out.
 */
export function wrap(text: string, maxChars: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (let w of words) {
    while (w.length > maxChars) {
      if (cur) {
        lines.push(cur);
        cur = '';
      }
      // Prefer breaking a long name after a hyphen (pod names: demo-deployment-6cbdbd86d5-nm467).
      const hy = w.lastIndexOf('-', maxChars - 1);
      const cut = hy >= maxChars / 3 ? hy + 1 : maxChars;
      lines.push(w.slice(0, cut));
      w = w.slice(cut);
    }
    if (!cur) cur = w;
    else if (cur.length + 1 + w.length <= maxChars) cur += ` ${w}`;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  if (cur) lines.push(cur);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1];
  kept[maxLines - 1] = `${last.length >= maxChars ? last.slice(0, maxChars - 1) : last}…`;
  return kept;
}
