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
}

/** Formats an error the way compilers do: `file:line:col: path: message`. */
export function formatError(e: ScenarioError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.path ? `${e.path}: ` : ''}${e.message}`;
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
