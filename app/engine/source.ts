/**
 * Where a piece of host state came from in a scenario file, so the Trace and every error can point
 * a learner back at the exact line they wrote (or pasted from `ip route`, `iptables-save`, …).
 */
export interface SourceRef {
  /** Scenario file name as given to the loader (e.g. `scenarios/canal-nodeport.yaml`). */
  readonly file: string;
  /** 1-based line in that file. */
  readonly line: number;
  /** 1-based column in that file. */
  readonly column: number;
}

/** `file:line:column`, as error messages and "cannot evaluate" stops name a position. */
export function sourceText(s: SourceRef): string {
  return `${s.file}:${s.line}:${s.column}`;
}

/** A line of host state in its original text plus where it was written. */
export interface SourceText {
  /** The line exactly as written, trimmed of surrounding whitespace. */
  readonly text: string;
  /** Position of the line; absent for state the engine derived itself (kernel routes, `lo`). */
  readonly source?: SourceRef;
}
