/**
 * Where the characters of a scalar's value come from in the file: the line-by-line map of a `|`
 * literal block (a node's whole iptables-save dump is one) and the character alignment used for
 * every other scalar (folded, quoted, escaped). Used by Positions.blockLocator (yaml-positions.ts).
 */
/**
 * The fast locator of a `|` literal block (a node's whole iptables-save dump is one): line `n` of
 * the value is line `firstLine + n − 1` of the file, indented by the block's indentation, since a
 * literal block keeps every line break and strips only that indentation (YAML 1.2 §8.1.2). The
 * value's line starts are worked out from the file's (`startOfLine`), and every one is checked to
 * be a line break of the value, the last line's length too, and the text of the first, middle and
 * last lines against the source; null when anything does not line up so, and the
 * character-by-character alignment is used instead.
 */
export function literalLocator(
  value: string,
  text: string,
  end: number,
  firstLine: number,
  startOfLine: (line: number) => number | undefined,
): ((n: number, col?: number) => { line: number; column: number }) | null {
  // Line i of the block in the source, without its line break (CRLF or LF), as offsets; undefined past the block.
  const sourceSpan = (i: number): { from: number; to: number } | undefined => {
    const from = startOfLine(firstLine + i);
    if (from === undefined || from >= end) return undefined;
    let to = (startOfLine(firstLine + i + 1) ?? text.length + 1) - 1;
    if (to > from && text.charCodeAt(to - 1) === CR) to--;
    return { from, to };
  };
  // The first line of the value with text, and the indentation its source line has.
  let first = 0;
  let from = 0;
  for (;;) {
    const to = value.indexOf('\n', from);
    if (value.slice(from, to < 0 ? value.length : to).trim() !== '') break;
    if (to < 0) return null;
    from = to + 1;
    first++;
  }
  const firstSpan = sourceSpan(first);
  if (!firstSpan) return null;
  const firstEnd = value.indexOf('\n', from);
  const indent = firstSpan.to - firstSpan.from - ((firstEnd < 0 ? value.length : firstEnd) - from);
  if (indent < 0) return null;
  const starts = valueStarts(value, indent, sourceSpan);
  if (!starts) return null;
  for (const i of [first, Math.floor((first + starts.length - 1) / 2), starts.length - 1]) {
    const v = lineOf(value, starts, i);
    const span = sourceSpan(i);
    if (v !== '' && (!span || text.slice(span.from + indent, span.to) !== v)) return null;
  }
  return (n, col = 1) => {
    const i = Math.min(Math.max(1, n), starts.length) - 1;
    const length = (starts[i + 1] ?? value.length + 1) - 1 - starts[i];
    const c = Math.min(Math.max(1, col), length + 1);
    return { line: firstLine + i, column: indent + c };
  };
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * The offsets at which the lines of `value` start, from the source lines' lengths less `indent`
 * (a blank line shorter than the indentation is an empty line of the value); null unless each
 * computed line ends at a line break of the value, and the last one at its end.
 */
function valueStarts(value: string, indent: number, sourceSpan: (i: number) => { from: number; to: number } | undefined): number[] | null {
  const starts = [0];
  let off = 0;
  for (let i = 0; ; i++) {
    const span = sourceSpan(i);
    const length = span ? Math.max(0, span.to - span.from - indent) : 0;
    const br = off + length;
    if (br >= value.length) return br === value.length ? starts : null;
    if (value.charCodeAt(br) !== LF) return null;
    off = br + 1;
    starts.push(off);
  }
}

/** Line `i` (0-based) of `s`, whose line starts are `starts`. */
const lineOf = (s: string, starts: readonly number[], i: number): string => s.slice(starts[i], (starts[i + 1] ?? s.length + 1) - 1);

/** Offsets at which the lines of `s` start. */
export function startsOfLines(s: string): number[] {
  const out = [0];
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** Whitespace a scalar's source may have where its value has a folded space, or none. */
const isWs = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** How far past the source position a visible character is looked for (the longest escape, `\UXXXXXXXX`, and some). */
const ALIGN_WINDOW = 12;

/**
 * For each character of a scalar's `value`, the offset in `text` (between `start` and `end`) it
 * came from. Each visible character is matched with its next occurrence in the source past any
 * whitespace (indentation, folded line breaks) and within a few characters (quote escapes); a
 * character an escape produced maps to where the source stands. Linear in the scalar's size.
 */
export function alignScalar(value: string, text: string, start: number, end: number): Int32Array {
  const out = new Int32Array(value.length);
  let j = start;
  for (let v = 0; v < value.length; v++) {
    const c = value[v];
    if (isWs(c)) {
      out[v] = Math.min(j, end);
      if (j < end && isWs(text[j])) j++;
      continue;
    }
    while (j < end && isWs(text[j])) j++;
    const stop = Math.min(end, j + ALIGN_WINDOW);
    let k = j;
    while (k < stop && text[k] !== c) k++;
    if (k < stop) {
      out[v] = k;
      j = k + 1;
    } else out[v] = Math.min(j, end);
  }
  return out;
}
