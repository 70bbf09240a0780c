/**
 * Makes the compiled Tailwind CSS work inside a shadow root. `:root` rules are moved to `:host`.
 * Chromium ignores `@property` rules in
 * shadow trees, so the custom properties Tailwind registers (`--tw-shadow`, `--tw-ring-shadow`, …)
 * would have no initial value there and every utility composing them would drop out. This prepends
 * their initial values on every element of the shadow tree, in the lowest cascade layer.
 */

/** The `@property` registrations of a stylesheet as `[name, initial value]` (without one: skipped). */
export function registeredProperties(css: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of css.matchAll(/@property\s+(--[\w-]+)\s*\{([^}]*)\}/g)) {
    const init = /initial-value\s*:\s*([^;]+?)\s*(?:;|$)/.exec(m[2]);
    if (init) out.push([m[1], init[1]]);
  }
  return out;
}

/**
 * The stylesheet for a shadow root: `:root` (which matches nothing in a shadow tree) becomes
 * `:host`, so variables the app declares on `:root` reach the embed; and the registered
 * properties' initial values are declared on `:host` and every element (in `@layer properties`,
 * which Tailwind declares first).
 */
export function shadowCss(css: string): string {
  const hosted = css.replace(/:root(?![\w-])/g, ':host');
  const props = registeredProperties(hosted);
  if (!props.length) return hosted;
  const decls = props.map(([k, v]) => `${k}:${v}`).join(';');
  return `@layer properties{:host,*,::before,::after,::backdrop{${decls}}}\n${hosted}`;
}
