/**
 * How each direction of a flow looks outside the topology drawing: Tailwind classes for its badge,
 * its soft band, its border and its scrubber ticks, and the CSS colours of the pipeline chip. The
 * class names are written out in full so Tailwind finds them. The `error` direction (the ICMP
 * error or TCP RST the kernel sends back about a dropped request: `icmp_send`, `nf_send_reset`)
 * has its own colour (index.css `--color-error`) and, in the badge, a "!" so it is not told by
 * colour alone.
 */
import type { Direction } from '../engine';

/** The classes and colours of one direction. */
export interface DirectionStyle {
  /** Badge background and text (`bg-request text-on-request`). */
  readonly badge: string;
  /** Soft background band. */
  readonly soft: string;
  /** Border in the direction's colour. */
  readonly border: string;
  /** A scrubber tick at the cursor, and one already passed. */
  readonly tick: string;
  readonly tickPast: string;
  /** CSS colours for SVG: the stroke/fill and the text on it. */
  readonly color: string;
  readonly onColor: string;
  /** A glyph shown before the direction's name (the error's "!"), or ''. */
  readonly glyph: string;
}

const STYLES: Readonly<Record<Direction, DirectionStyle>> = {
  request: {
    badge: 'bg-request text-on-request',
    soft: 'bg-request-soft',
    border: 'border-request',
    tick: 'bg-request',
    tickPast: 'bg-request/45',
    color: 'var(--color-request)',
    onColor: 'var(--color-on-request)',
    glyph: '',
  },
  reply: {
    badge: 'bg-reply text-on-reply',
    soft: 'bg-reply-soft',
    border: 'border-reply',
    tick: 'bg-reply',
    tickPast: 'bg-reply/45',
    color: 'var(--color-reply)',
    onColor: 'var(--color-on-reply)',
    glyph: '',
  },
  error: {
    badge: 'bg-error text-on-error',
    soft: 'bg-error-soft',
    border: 'border-error',
    tick: 'bg-error',
    tickPast: 'bg-error/45',
    color: 'var(--color-error)',
    onColor: 'var(--color-on-error)',
    glyph: '! ',
  },
};

/** The look of `direction`; an unknown direction (a Trace from a newer engine) looks like a request. */
export function directionStyle(direction: Direction): DirectionStyle {
  return STYLES[direction] ?? STYLES.request;
}
