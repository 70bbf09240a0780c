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

/**
 * Wraps `fn` of two objects so that calls with the same pair return the same result.
 * @param fn pure function of both keys.
 */
export function memoByPair<A extends object, B extends object, V>(fn: (a: A, b: B) => V): (a: A, b: B) => V {
  const cache = new WeakMap<A, WeakMap<B, V>>();
  return (a, b) => {
    let inner = cache.get(a);
    if (!inner) cache.set(a, (inner = new WeakMap()));
    if (inner.has(b)) return inner.get(b) as V;
    const v = fn(a, b);
    inner.set(b, v);
    return v;
  };
}
