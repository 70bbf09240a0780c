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
export type TokenizeResult = { readonly ok: true; readonly tokens: readonly Token[] } | { readonly ok: false; readonly col: number; readonly message: string };

/**
 * Tokenises `line` (untrimmed; columns count from its first character).
 * @returns the words, or `ok: false` with the column of an opening quote that is never closed.
 */
export function tokenize(line: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    if (isBlank(line.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    // The word is sliced from the line, not built a character at a time (a node's dump has
    // hundreds of thousands of words); `text` collects only the parts before a quote.
    let text = '';
    let from = i;
    let quoted = false;
    while (i < n) {
      const ch = line.charCodeAt(i);
      if (ch === QUOTE) {
        quoted = true;
        const open = i;
        text += line.slice(from, i);
        from = ++i;
        let closed = false;
        while (i < n) {
          const q = line.charCodeAt(i);
          if (q === BACKSLASH && i + 1 < n) {
            text += line.slice(from, i) + line[i + 1];
            i += 2;
            from = i;
            continue;
          }
          if (q === QUOTE) {
            closed = true;
            break;
          }
          i++;
        }
        if (!closed) return { ok: false, col: open + 1, message: 'unterminated quote: a `"` is opened here and never closed' };
        text += line.slice(from, i);
        // iptables-restore ends the word at the closing quote.
        from = ++i;
        break;
      }
      if (isBlank(ch)) break;
      i++;
    }
    if (!quoted) text = line.slice(from, i);
    tokens.push({ text, col: start + 1, quoted });
  }
  return { ok: true, tokens };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Space, tab, CR, LF: the blanks iptables-restore splits words at. */
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
