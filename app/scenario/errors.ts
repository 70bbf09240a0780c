/**
 * Positioned scenario errors: every problem found while loading a scenario names the file, the
 * 1-based line and column, the field path (`hosts[2].interfaces[0].mtu`) and what was expected.
 */

/** One problem in a scenario file. */
export interface ScenarioError {
  readonly file: string;
  /** 1-based line in the file. */
  readonly line: number;
  /** 1-based column in the file. */
  readonly column: number;
  /** Field path, e.g. `hosts[2].iptables`; empty for whole-document errors (YAML syntax). */
  readonly path: string;
  /** A plain sentence saying what is wrong and what was expected. */
  readonly message: string;
  /**
   * The offending line of the file, for a syntax error: its text (control characters escaped,
   * clipped around the error) and the 0-based position in it the caret points at.
   */
  readonly excerpt?: { readonly text: string; readonly caret: number };
}

/** How many characters of a line an excerpt shows (before and after the caret together). */
const EXCERPT_CHARS = 100;

/**
 * The excerpt of `text` at 1-based `line` and `column`: the line with control characters escaped,
 * cut to EXCERPT_CHARS around the column (an ellipsis marks a cut), and where the caret goes.
 */
export function lineExcerpt(text: string, line: number, column: number): { text: string; caret: number } {
  const lines = text.split('\n');
  const raw = (lines[line - 1] ?? '').replace(/\r$/, '');
  const before = escapeControls(raw.slice(0, Math.max(0, column - 1)));
  const after = escapeControls(raw.slice(Math.max(0, column - 1)));
  const head = before.length > EXCERPT_CHARS / 2 ? `…${before.slice(before.length - EXCERPT_CHARS / 2 + 1)}` : before;
  const tail = after.length > EXCERPT_CHARS - head.length ? `${after.slice(0, EXCERPT_CHARS - head.length - 1)}…` : after;
  return { text: head + tail, caret: head.length };
}

/** Formats an error the way compilers do: `file:line:col: path: message`. */
export function formatError(e: ScenarioError): string {
  const head = `${e.file}:${e.line}:${e.column}: ${e.path ? `${e.path}: ` : ''}${e.message}`;
  return e.excerpt ? `${head}\n    ${e.excerpt.text}\n    ${' '.repeat(e.excerpt.caret)}^` : head;
}

/**
 * Maps a line of a multi-line text block (routes, iptables-save, …) to a file position.
 * Parsers of embedded dumps receive one so that their errors point into the scenario file.
 */
export interface BlockLocator {
  readonly file: string;
  /** Field path of the block, e.g. `hosts[1].iptables`. */
  readonly path: string;
  /**
   * Position of the 1-based line `n` of the block's text, and of column `col` (1-based) in it.
   * @returns 1-based file line and column.
   */
  at(n: number, col?: number): { line: number; column: number };
}

/** A locator for text that is a whole file of its own (line n of the text is line n of the file). */
export function wholeFileLocator(file: string, path = ''): BlockLocator {
  return { file, path, at: (n, col = 1) => ({ line: n, column: col }) };
}

/**
 * 1-based line and column of offsets in `text`, counting LF, CRLF and a lone CR as one line break
 * each. The `yaml` library's LineCounter only learns the line breaks its lexer passes between
 * tokens, so an offset inside a multi-line token (an unclosed quote swallowing the rest of the
 * file) would get a column far past its line's end; this index knows every line.
 */
export function textPositions(text: string): (offset: number) => { line: number; column: number } {
  const starts = lineStarts(text);
  return (offset) => positionAt(starts, text.length, offset);
}

/**
 * 1-based line and column of `offset` (clamped to 0…`length`) in a text whose line starts are
 * `starts` (from `lineStarts`), by binary search.
 */
export function positionAt(starts: readonly number[], length: number, offset: number): { line: number; column: number } {
  const o = Math.max(0, Math.min(offset, length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= o) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: o - starts[lo] + 1 };
}

/**
 * Offsets at which the lines of `text` start (line n starts at `starts[n − 1]`), counting LF, CRLF
 * and a lone CR as one line break each. Without a CR, the LFs are found with indexOf (a node's
 * dump is millions of characters).
 */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** Longest excerpt of the file a message quotes; longer tokens are cut with an ellipsis. */
export const MAX_QUOTED_CHARS = 60;

/** Longest message kept whole (a backstop: messages are sentences, not copies of the file). */
const MAX_MESSAGE_CHARS = 300;

/** `s` cut to at most `max` characters (an ellipsis included), never splitting a surrogate pair. */
export function clipText(s: string, max = MAX_QUOTED_CHARS): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

/** `s` with control and bidirectional-override characters shown as `\\uXXXX` escapes. */
function escapeControls(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A message made safe to print: control and bidirectional-override characters from the file are
 * shown as escapes (so a name cannot move a terminal's cursor or reorder the line), quoted excerpts
 * and long unbroken tokens are cut to MAX_QUOTED_CHARS, and the whole to a few hundred characters.
 */
export function safeMessage(message: string): string {
  // A quoted excerpt may hold escaped quotes (the YAML library quotes tokens as JSON strings).
  const quoted = escapeControls(message).replace(/"((?:[^"\\]|\\.){61,}?)"/g, (_m, inner: string) => `"${clipText(inner)}"`);
  return clipText(
    quoted.replace(/[^\s"]{61,}/g, (tok) => clipText(tok)),
    MAX_MESSAGE_CHARS,
  );
}

/**
 * An error made safe to print: its message as safeMessage says, its path with control characters
 * escaped (paths clip their own long segments: see formatPath).
 */
export function safeError(e: ScenarioError): ScenarioError {
  return { ...e, path: clipText(escapeControls(e.path), MAX_MESSAGE_CHARS), message: safeMessage(e.message) };
}
