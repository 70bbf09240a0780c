/**
 * Sending a large plain-data graph (a World, a Trace) from the engine worker to the main thread in
 * pieces. `postMessage` deserialises a whole message in one main-thread task: a World with 30,000
 * iptables rules takes 200–300 ms to deserialise, a long task. `encodeChunked` cuts the graph into
 * parts of at most `budget` nodes each (every large array or object becomes a container whose
 * elements travel in consecutive parts); each part is its own message and so its own short task,
 * and `Assembler` puts the graph back together.
 *
 * Only plain data is expected (arrays, plain or null-prototype objects, primitives); anything else
 * travels inline as structured clone sends it. Reassembled objects are ordinary objects whose keys
 * are all own data properties (a key `__proto__` or `constructor` stays data, never a prototype).
 */

/** The kind of a container that was split. */
export type ContainerKind = 'array' | 'object';

/** A child container inside a part: [position in `items`, container id, its kind]. */
export type PartRef = readonly [number, number, ContainerKind];

/** One message's worth of a split container: consecutive elements (or entries) of container `id`. */
export interface Part {
  readonly id: number;
  readonly kind: ContainerKind;
  /** Index of the first element (arrays). */
  readonly at: number;
  /** Keys of the entries (objects), parallel to `items`. */
  readonly keys?: readonly string[];
  /** Values; `null` where `refs` names a child container instead. */
  readonly items: readonly unknown[];
  readonly refs: readonly PartRef[];
}

/** The root of an encoded value: the value itself when small, else the container holding it. */
export type EncodedRoot = { readonly inline: unknown } | { readonly ref: number; readonly kind: ContainerKind };

/** Default number of nodes per part: a few milliseconds of deserialisation on a slow machine. */
export const DEFAULT_PART_BUDGET = 2_000;

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};
const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null && (Array.isArray(v) || isPlainObject(v));

/**
 * Encodes `value`, calling `emit` with every part (children before or after their parents: order
 * does not matter to `Assembler`).
 * @param budget the largest number of nodes (containers, keys, primitives) in one part.
 * @returns the root, to send after the parts.
 */
export function encodeChunked(value: unknown, emit: (part: Part) => void, budget = DEFAULT_PART_BUDGET): EncodedRoot {
  const sizes = new Map<object, number>();
  const size = (v: unknown): number => {
    if (typeof v === 'string') return 1 + (v.length >> 12);
    if (!isContainer(v)) return 1;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    let n = 1;
    if (Array.isArray(v)) for (const x of v) n += size(x);
    else for (const k of Object.keys(v)) n += 1 + size((v as Record<string, unknown>)[k]);
    sizes.set(v, n);
    return n;
  };
  let nextId = 0;
  const place = (v: unknown): EncodedRoot => {
    if (!isContainer(v) || size(v) <= budget) return { inline: v };
    const id = nextId++;
    const kind: ContainerKind = Array.isArray(v) ? 'array' : 'object';
    const keys = kind === 'object' ? Object.keys(v) : null;
    const length = keys ? keys.length : (v as unknown[]).length;
    let at = 0;
    let used = 0;
    let items: unknown[] = [];
    let partKeys: string[] = [];
    let refs: PartRef[] = [];
    const flush = () => {
      emit({ id, kind, at, items, refs, ...(keys ? { keys: partKeys } : {}) });
      at += items.length;
      used = 0;
      items = [];
      partKeys = [];
      refs = [];
    };
    for (let i = 0; i < length; i++) {
      const child = keys ? (v as Record<string, unknown>)[keys[i]] : (v as unknown[])[i];
      const placed = place(child);
      const cost = 'inline' in placed ? size(child) + 1 : 2;
      if (items.length && used + cost > budget) flush();
      if ('inline' in placed) items.push(child);
      else {
        refs.push([items.length, placed.ref, placed.kind]);
        items.push(null);
      }
      if (keys) partKeys.push(keys[i]);
      used += cost;
    }
    if (items.length || at === 0) flush();
    return { ref: id, kind };
  };
  return place(value);
}

/** Puts an encoded graph back together from its parts (in any order) and its root. */
export class Assembler {
  readonly #containers = new Map<number, unknown[] | Record<string, unknown>>();

  #container(id: number, kind: ContainerKind): unknown[] | Record<string, unknown> {
    let c = this.#containers.get(id);
    if (!c) this.#containers.set(id, (c = kind === 'array' ? [] : {}));
    return c;
  }

  /** Adds one part. */
  add(part: Part): void {
    const c = this.#container(part.id, part.kind);
    const values = part.items.slice();
    for (const [i, id, kind] of part.refs) values[i] = this.#container(id, kind);
    if (Array.isArray(c)) for (let i = 0; i < values.length; i++) c[part.at + i] = values[i];
    else {
      const keys = part.keys ?? [];
      for (let i = 0; i < values.length; i++) Object.defineProperty(c, keys[i], { value: values[i], writable: true, enumerable: true, configurable: true });
    }
  }

  /** The reassembled value. */
  finish(root: EncodedRoot): unknown {
    return 'inline' in root ? root.inline : this.#container(root.ref, root.kind);
  }
}
