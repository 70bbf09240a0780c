/**
 * A parsed YAML document as positions and data. Positions map a field path (as zod reports it) or a
 * line inside a scalar (a `routes: |` block, a quoted or folded string) back to a 1-based line and
 * column of the file; every position is inside the file, at most one past the end of its line.
 * toData converts the document to plain data within bounds (nesting, alias expansion, keys).
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode, Scalar } from 'yaml';
import { alignScalar, literalLocator, startsOfLines } from './scalar-source';
import { clipText, lineStarts, positionAt, type BlockLocator, type ScenarioError } from './errors';

/** Formats a zod-style path as `hosts[2].interfaces[0].mtu`, cutting long names (see clipText). */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const name = String(p) === '' ? '""' : clipText(String(p));
      out += out ? `.${name}` : name;
    }
  }
  return out;
}

/** The JavaScript key a YAML map key becomes (the `yaml` library's rule for scalar keys). */
export function keyString(key: unknown): string | undefined {
  if (key === null || key === undefined) return '';
  if (!isScalar(key)) return undefined;
  return key.value === null || key.value === undefined ? '' : String(key.value);
}

/** What a path leads to: the node (if it has one) and the key token of the last map entry. */
interface Found {
  /** Deepest node reached (the whole path's node when `complete`). */
  node: YamlNode | null;
  /** Start offset of the key of the last map entry on the path, when the path ends on one. */
  keyStart?: number;
  complete: boolean;
}

/** Resolves paths and scalar lines of one document to file positions. */
export class Positions {
  constructor(
    private readonly doc: Document,
    private readonly text: string,
    readonly file: string,
  ) {}

  private starts?: number[];

  /** Position of an offset in the file (1-based), from every line break of the text. */
  at(offset: number): { line: number; column: number } {
    return positionAt((this.starts ??= lineStarts(this.text)), this.text.length, offset);
  }

  /** Offset at which 1-based line `line` of the file starts, or undefined past the last line. */
  private lineStart(line: number): number | undefined {
    return (this.starts ??= lineStarts(this.text))[line - 1];
  }

  /**
   * Walks `path` through maps (by the key's string form, so the numeric key `5` is found as "5"),
   * sequences (by index) and aliases (to the node they name).
   */
  private find(path: readonly PropertyKey[]): Found {
    let node = this.doc.contents as YamlNode | null;
    let keyStart: number | undefined;
    for (let i = 0; i < path.length; i++) {
      if (isAlias(node)) node = (node.resolve(this.doc) as YamlNode | undefined) ?? node;
      const seg = path[i];
      let next: YamlNode | null | undefined;
      keyStart = undefined;
      if (isMap(node)) {
        const pair = node.items.find((it) => keyString(it.key) === String(seg));
        if (pair) {
          next = (pair.value as YamlNode | null) ?? null;
          const k = pair.key as YamlNode | null;
          keyStart = k && typeof k === 'object' && 'range' in k && k.range ? k.range[0] : undefined;
          if (next === null && i === path.length - 1) return { node: null, keyStart, complete: true };
        }
      } else if (isSeq(node) && typeof seg === 'number') {
        next = (node.items[seg] as YamlNode | null | undefined) ?? undefined;
      }
      if (next === undefined || next === null) return { node, complete: false };
      node = next;
    }
    return { node, keyStart, complete: true };
  }

  /**
   * Position of the node at `path` (of its key, for a map entry: errors point at `mtu:`, not the
   * value), or of its deepest existing ancestor (for a missing key, the map that lacks it). The
   * root maps to line 1.
   */
  ofPath(path: readonly PropertyKey[]): { line: number; column: number } {
    const f = this.find(path);
    if (f.complete && f.keyStart !== undefined) return this.at(f.keyStart);
    const n = f.node;
    if (n && n.range) return this.at(n.range[0]);
    return { line: 1, column: 1 };
  }

  /** The 1-based first and last lines of the node at `path` (its key's line for a map entry), or undefined when absent. */
  lines(path: readonly PropertyKey[]): { from: number; to: number } | undefined {
    const f = this.find(path);
    if (!f.complete || !f.node?.range) return undefined;
    const from = this.at(f.keyStart ?? f.node.range[0]).line;
    // range[1] is the end of the node's value; a block's end sits at the start of the next line.
    const end = Math.max(f.node.range[0], f.node.range[1] - 1);
    return { from, to: Math.max(from, this.at(end).line) };
  }

  /**
   * A locator for the text of the scalar at `path` (a `|` block such as `iptables:`, or a quoted or
   * folded string), mapping line `n` and column `col` of the scalar's value to the file. The value's
   * characters are aligned with the source text, so folded lines, indentation and quoting are
   * accounted for; a position never leaves the scalar's own text.
   */
  blockLocator(path: readonly PropertyKey[]): BlockLocator {
    const node = this.find(path).node;
    const pathText = formatPath(path);
    const here = this.ofPath(path);
    if (!(node instanceof Scalar) || !node.range || typeof node.value !== 'string') return { file: this.file, path: pathText, at: () => here };
    const value = node.value;
    const isBlock = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    // A block's content starts on the line after its `|` header; a quoted string after its quote.
    const nl = this.text.indexOf('\n', node.range[0]);
    const start = isBlock ? (nl < 0 || nl >= node.range[1] ? node.range[1] : nl + 1) : node.range[0] + (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0);
    const end = Math.max(start, node.range[1]);
    if (node.type === Scalar.BLOCK_LITERAL) {
      const literal = literalLocator(value, this.text, end, this.at(start).line, (l) => this.lineStart(l));
      if (literal) return { file: this.file, path: pathText, at: literal };
    }
    let map: Int32Array | undefined;
    let lineStarts: number[] | undefined;
    return {
      file: this.file,
      path: pathText,
      at: (n, col = 1) => {
        map ??= alignScalar(value, this.text, start, end);
        lineStarts ??= startsOfLines(value);
        const ls = lineStarts[Math.min(Math.max(1, n), lineStarts.length) - 1];
        const lineEnd = value.indexOf('\n', ls);
        const v = Math.min(ls + Math.max(1, col) - 1, lineEnd < 0 ? value.length : lineEnd);
        return this.at(v < map.length ? map[v] : end);
      },
    };
  }
}

/** Deepest nesting of lists and maps accepted (a scenario needs about eight). */
export const MAX_NESTING = 64;

/**
 * Largest number of nodes aliases may add to a document (each alias counts the nodes it repeats,
 * long strings counting one per 64 characters): a few aliases must not expand into millions of nodes.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/** The plain data of a document, or the first structural problem, positioned. */
export type DataResult = { ok: true; data: unknown } | { ok: false; error: ScenarioError };

/** A problem that stops the conversion. */
class Refusal {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

interface Converted {
  value: unknown;
  /** Nodes in the value once its aliases are expanded (strings: one more per 64 characters). */
  cost: number;
  /** Levels of lists and maps in the value (0 for a scalar). */
  height: number;
}

/**
 * Converts a parsed document to plain data (maps to objects with own properties only, lists to
 * arrays, scalars to their core-schema values), refusing what the format never needs: keys that
 * are not scalars, the key `__proto__`, nesting deeper than MAX_NESTING, aliases that expand past
 * MAX_ALIAS_EXPANSION, refer to the node they are in, or name no earlier anchor. Each refusal is
 * positioned at the offending token. An alias resolves to the last anchor of its name before it,
 * as YAML says, in one pass (the data it stands for is shared, not copied).
 */
export function toData(doc: Document, at: (offset: number) => { line: number; column: number }, file: string): DataResult {
  const anchors = new Map<string, YamlNode>();
  const done = new Map<YamlNode, Converted>();
  const open = new Set<YamlNode>();
  let expansion = 0;
  const start = (n: unknown) => (n && typeof n === 'object' && 'range' in n && Array.isArray(n.range) ? (n.range[0] as number) : 0);

  const convert = (node: unknown, depth: number): Converted => {
    if (node === null || node === undefined) return { value: null, cost: 1, height: 0 };
    if (depth > MAX_NESTING) throw new Refusal(start(node), `nesting is too deep (a scenario nests at most ${MAX_NESTING} levels)`);
    if (isAlias(node)) {
      const src = anchors.get(node.source);
      const name = `*${clipText(node.source)}`;
      if (!src) throw new Refusal(start(node), `alias ${name} names no anchor before it (write &${clipText(node.source)} on an earlier node)`);
      if (open.has(src)) throw new Refusal(start(node), `alias ${name} is inside the node it names: a structure cannot contain itself`);
      const r = done.get(src) as Converted;
      if (depth + r.height > MAX_NESTING) throw new Refusal(start(node), `alias ${name} nests the data too deep (a scenario nests at most ${MAX_NESTING} levels)`);
      expansion += r.cost;
      if (expansion > MAX_ALIAS_EXPANSION)
        throw new Refusal(start(node), `alias ${name}: aliases expand the document by more than ${MAX_ALIAS_EXPANSION} nodes (refused as a resource exhaustion attack)`);
      return r;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      anchors.set(anchor, node as YamlNode);
      open.add(node as YamlNode);
    }
    let r: Converted;
    if (isScalar(node)) {
      const v = node.value;
      if (v !== null && typeof v === 'object') throw new Refusal(start(node), 'unsupported YAML value: expected text, a number, true/false or null');
      r = { value: v ?? null, cost: 1 + (typeof v === 'string' ? Math.floor(v.length / 64) : 0), height: 0 };
    } else if (isSeq(node)) {
      const arr: unknown[] = [];
      r = { value: arr, cost: 1, height: 1 };
      for (const it of node.items) {
        const c = convert(it, depth + 1);
        arr.push(c.value);
        r.cost += c.cost;
        r.height = Math.max(r.height, c.height + 1);
      }
    } else if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      r = { value: obj, cost: 1, height: 1 };
      for (const pair of node.items) {
        const key = keyString(pair.key);
        if (key === undefined) throw new Refusal(start(pair.key), 'a key must be a name or a number, not a list, a map or an alias');
        if (key === '__proto__') throw new Refusal(start(pair.key), 'the key "__proto__" is not allowed');
        if (isScalar(pair.key) && pair.key.anchor) convert(pair.key, depth + 1); // an anchored key may be aliased later
        const c = convert(pair.value, depth + 1);
        Object.defineProperty(obj, key, { value: c.value, writable: true, enumerable: true, configurable: true });
        r.cost += c.cost;
        r.height = Math.max(r.height, c.height + 1);
      }
    } else throw new Refusal(start(node), 'unsupported YAML node');
    if (anchor) {
      open.delete(node as YamlNode);
      done.set(node as YamlNode, r);
    }
    return r;
  };

  try {
    return { ok: true, data: convert(doc.contents, 0).value };
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    return { ok: false, error: { file, ...at(e.offset), path: '', message: e.message } };
  }
}
