/**
 * Splits one `iptables-save` line into words the way `iptables-restore` does
 * (iptables `iptables/xshared.c`, `add_param_to_argv`): blanks separate words, a double quote opens
 * a quoted part (blanks kept), a backslash inside quotes escapes the next character, and a closing
 * quote ends the word. Single quotes are ordinary characters, as they are for iptables-restore.
 */

/** One word of a line with its 1-based column (of its first character, quote included). */
export interface Token {
  readonly text: string;
  readonly col: number;
  /** True when any part of the word was quoted (so `"-j"` is a value, never an option). */
  readonly quoted: boolean;
}

/** The words of a line, or the position of an unterminated quote. */
export type TokenizeResult =
  | { readonly ok: true; readonly tokens: readonly Token[] }
  | { readonly ok: false; readonly col: number; readonly message: string };

/**
 * Tokenises `line` (untrimmed; columns count from its first character).
 * @returns the words, or `ok: false` with the column of an opening quote that is never closed.
 */
export function tokenize(line: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    const start = i;
    let text = '';
    let quoted = false;
    let done = false;
    while (i < n && !done) {
      const ch = line[i];
      if (ch === '"') {
        quoted = true;
        const open = i;
        i++;
        let closed = false;
        while (i < n) {
          const q = line[i];
          if (q === '\\' && i + 1 < n) {
            text += line[i + 1];
            i += 2;
            continue;
          }
          if (q === '"') {
            closed = true;
            i++;
            break;
          }
          text += q;
          i++;
        }
        if (!closed) return { ok: false, col: open + 1, message: 'unterminated quote: a `"` is opened here and never closed' };
        // iptables-restore ends the word at the closing quote.
        done = true;
      } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
        done = true;
      } else {
        text += ch;
        i++;
      }
    }
    tokens.push({ text, col: start + 1, quoted });
  }
  return { ok: true, tokens };
}
