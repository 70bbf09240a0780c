/**
 * One step numbering everywhere a person or a host page sees it: the display ("Step 14 of 90"), the
 * URL (`step=14`), the embed's `step` attribute, its share links, its postMessage API and DOM
 * events all count from 1. Inside, the store keeps the 0-based index into the Trace's steps.
 */

/** The 0-based index of step number `n` (1-based); 0 and below mean the first step. */
export const stepIndexOf = (n: number): number => Math.max(0, Math.trunc(n) - 1);

/** The number (1-based) of the step at `index`. */
export const stepNumberOf = (index: number): number => index + 1;
