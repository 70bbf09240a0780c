/**
 * Name-keyed lookups that only see a record's own entries. Scenario names are untrusted: a host,
 * chain or choice called `constructor`, `toString` or `__proto__` must find only what the file
 * declared, never a member inherited from `Object.prototype`.
 */

/**
 * The value stored under `key` in `rec` itself, or undefined.
 * @param rec a plain or null-prototype record (for example `world.netns`, a table's `chains`).
 * @param key a name from a scenario file or a Trace.
 */
export function own<T>(rec: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return rec !== undefined && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/**
 * An empty record without a prototype, for name-keyed data built from scenario names: nothing
 * inherited can be found in it, and a key such as `__proto__` is stored as an ordinary entry.
 */
export function ownRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
