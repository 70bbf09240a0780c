/** Memoisation keyed on immutable objects (a Trace, a step), so selectors return stable values. */

/**
 * Wraps `fn` so that calls with the same key object return the same result.
 * @param fn pure function of the key (and of data reachable from it).
 */
export function memoByObject<K extends object, V>(fn: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const v = fn(key);
    cache.set(key, v);
    return v;
  };
}
