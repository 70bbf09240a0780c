/**
 * Every property name of the scenario format, read from its JSON Schema (each `properties` object's
 * keys, at any depth). The embed keeps this list (app/embed/format-keys.json, written by
 * `npm run schema`) to redact field paths without bundling the schema itself.
 */

/** The sorted, de-duplicated property names of `schema`. */
export function formatKeysOf(schema: unknown): string[] {
  const keys = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && typeof v === 'object' && v !== null) for (const name of Object.keys(v)) keys.add(name);
      walk(v);
    }
  };
  walk(schema);
  return [...keys].sort();
}
