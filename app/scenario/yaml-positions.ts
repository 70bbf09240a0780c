/**
 * Source positions for a parsed YAML document: maps a field path (as zod reports it) or a line
 * inside a block scalar back to a 1-based line and column of the file.
 */
import { isScalar, LineCounter, type Document, type Node as YamlNode, Scalar } from 'yaml';
import type { BlockLocator } from './errors';

/** Formats a zod-style path as `hosts[2].interfaces[0].mtu`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** Resolves paths and block-scalar lines of one document to file positions. */
export class Positions {
  constructor(
    private readonly doc: Document,
    private readonly lc: LineCounter,
    private readonly text: string,
    readonly file: string,
  ) {}

  /** Position of an offset in the file (1-based). */
  at(offset: number): { line: number; column: number } {
    const p = this.lc.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /**
   * Position of the node at `path`, or of its deepest existing ancestor (for a missing key, the map
   * that lacks it). The root maps to line 1.
   */
  ofPath(path: readonly PropertyKey[]): { line: number; column: number } {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n) as unknown[], true) as YamlNode | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) {
        if (n < path.length) return this.at(node.range[0]);
        return this.at(this.keyOffset(path) ?? node.range[0]);
      }
    }
    return { line: 1, column: 1 };
  }

  /** Offset of the key token of the map entry at `path` (so errors point at `mtu:`, not the value). */
  private keyOffset(path: readonly PropertyKey[]): number | undefined {
    if (path.length === 0) return undefined;
    const parent = this.doc.getIn(path.slice(0, -1) as unknown[], true) as unknown;
    const last = path[path.length - 1];
    if (parent && typeof parent === 'object' && 'items' in parent && typeof last === 'string') {
      for (const item of (parent as { items: { key?: unknown }[] }).items) {
        const k = item.key;
        if (isScalar(k) && k.value === last && k.range) return k.range[0];
      }
    }
    return undefined;
  }

  /**
   * A locator for the text of the scalar at `path` (a `|` block such as `iptables:`), mapping the
   * block's 1-based line `n` to its line in the file. For non-block scalars every line maps to the
   * scalar's own position.
   */
  blockLocator(path: readonly PropertyKey[]): BlockLocator {
    const node = this.doc.getIn(path as unknown[], true) as unknown;
    const pathText = formatPath(path);
    const here = this.ofPath(path);
    if (!(node instanceof Scalar) || !node.range) return { file: this.file, path: pathText, at: () => here };
    const isBlock = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    if (!isBlock) {
      const start = this.at(node.range[0]);
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
      return {
        file: this.file,
        path: pathText,
        at: (n, col = 1) => (n === 1 ? { line: start.line, column: start.column + quoted + col - 1 } : start),
      };
    }
    // Block scalar: content starts on the line after the `|` header; find its indentation.
    const headerEnd = this.text.indexOf('\n', node.range[0]);
    const firstContentLine = this.at(headerEnd + 1).line;
    const lines = this.text.slice(headerEnd + 1, node.range[1]).split('\n');
    const firstNonBlank = lines.find((l) => l.trim() !== '') ?? '';
    const indent = firstNonBlank.length - firstNonBlank.trimStart().length;
    return {
      file: this.file,
      path: pathText,
      at: (n, col = 1) => ({ line: firstContentLine + n - 1, column: indent + col }),
    };
  }
}
