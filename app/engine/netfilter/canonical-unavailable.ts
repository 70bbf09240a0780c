/**
 * The embeds' stand-in for canonical.ts (vite.embed-runtime.ts `withoutCanonicalForm`): they never
 * show a rule as `iptables-save` prints it back (only the app's chain view does), so their engine
 * worker leaves the printer out and its Trace steps carry the rule as written.
 */
import type { Rule } from './types';

/** Always undefined: no canonical form in the embeds. */
export function canonicalRule(_rule: Rule): string | undefined {
  return undefined;
}
