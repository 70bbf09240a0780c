/** Whitespace tokenising of one line of `ip …` output, keeping each token's 1-based column. */

/** A word of a line and the 1-based column it starts at. */
export interface Token {
  readonly text: string;
  readonly col: number;
}

/** Splits `line` on whitespace, remembering where each word starts. */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push({ text: m[0], col: m.index + 1 });
  return out;
}

/** A problem found in one line of a text block, with the column it points at. */
export interface LineError {
  readonly col: number;
  readonly message: string;
}

/**
 * Runs `parseLine` over every non-blank, non-comment (`#`) line of a block.
 * @returns parsed items tagged with their 1-based line in the block, and the errors.
 */
export function eachLine<T>(
  text: string,
  parseLine: (line: string, tokens: Token[]) => T | LineError,
): { items: { value: T; line: number; col: number; text: string }[]; errors: { line: number; col: number; message: string }[] } {
  const items: { value: T; line: number; col: number; text: string }[] = [];
  const errors: { line: number; col: number; message: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const tokens = tokenize(line);
    const r = parseLine(trimmed, tokens);
    if (isLineError(r)) errors.push({ line: i + 1, col: r.col, message: r.message });
    else items.push({ value: r, line: i + 1, col: tokens[0].col, text: trimmed });
  });
  return { items, errors };
}

function isLineError(x: unknown): x is LineError {
  return typeof x === 'object' && x !== null && 'message' in x && 'col' in x && Object.keys(x).length === 2;
}
