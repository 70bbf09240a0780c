/**
 * The nft scanner: splits ruleset text into words, quoted strings, punctuation and line ends, as
 * nftables' `src/scanner.l` does for the syntax of nft(8) (`#` comments to the end of the line,
 * `\` line continuations, `"…"` strings without escapes, newlines significant as statement ends).
 * Two comments `nft` prints are kept as tokens: `# handle N` (from `nft -a`) and `# xt_NAME`
 * (what some nft versions print for an iptables-nft extension they cannot translate).
 */

/** Kinds of tokens: a word (name, number, address, `@set`), a string, punctuation, a line end, a handle comment, an xt comment. */
export type TokenKind = 'word' | 'string' | 'punct' | 'nl' | 'handle' | 'xt';

/** One token with its 1-based line and column in the text and its offsets (for slicing rule text). */
export interface NftToken {
  readonly kind: TokenKind;
  /** The word, the string's content without quotes, the punctuation, `N` of `# handle N`, the xt comment. */
  readonly text: string;
  readonly line: number;
  readonly col: number;
  /** Offset of the first character (the opening quote for a string). */
  readonly start: number;
  /** Offset after the last character. */
  readonly end: number;
}

/** A problem the scanner found (an unterminated string), with its position. */
export interface ScanError {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

const PUNCT2 = new Set(['==', '!=', '<=', '>=', '<<', '>>']);
const PUNCT1 = new Set(['{', '}', '[', ']', '(', ')', ',', ';', '=', '<', '>', '!', '&', '|', '^']);
const SPACE = /[ \t\f\v]/;

/** An IPv6 address or prefix as nft writes it (two or more colons): `fd00::1`, `2001:db8::/32`, `::ffff:1.2.3.4`. */
export function looksIpv6(s: string): boolean {
  return /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(\/\d+)?$/.test(s);
}

/**
 * Scans `text` into tokens.
 * A word holding exactly one colon is split around it (`10.0.0.1:80` → `10.0.0.1` `:` `80`,
 * `:8080` → `:` `8080`, `0:` → `0` `:`); a word with two or more colons is an IPv6 address (or a
 * MAC address) and stays whole, as in nft, where an IPv6 address with a port is bracketed.
 */
export function scan(text: string): { tokens: NftToken[]; errors: ScanError[] } {
  const tokens: NftToken[] = [];
  const errors: ScanError[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const push = (kind: TokenKind, t: string, start: number, end: number) => tokens.push({ kind, text: t, line, col: start - lineStart + 1, start, end });
  while (i < text.length) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      push('nl', '\n', i, i + 1);
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      line++;
      lineStart = i;
      continue;
    }
    if (c === '#') {
      let e = i;
      while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
      const body = text.slice(i + 1, e).trim();
      const h = /^handle\s+(\d+)$/.exec(body);
      if (h) push('handle', h[1], i, e);
      else if (/^xt[_ ]/.test(body)) push('xt', body, i, e);
      i = e;
      continue;
    }
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      const nl = text.slice(i + 1, close < 0 ? text.length : close).search(/[\r\n]/);
      if (close < 0 || nl >= 0) {
        errors.push({ line, col: i - lineStart + 1, message: 'unterminated string: a quoted string must end with " on the same line' });
        let e = i;
        while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
        i = e;
        continue;
      }
      push('string', text.slice(i + 1, close), i, close + 1);
      i = close + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (PUNCT2.has(two)) {
      push('punct', two, i, i + 2);
      i += 2;
      continue;
    }
    if (PUNCT1.has(c)) {
      push('punct', c, i, i + 1);
      i++;
      continue;
    }
    let e = i;
    while (e < text.length && !SPACE.test(text[e]) && text[e] !== '\n' && text[e] !== '\r' && text[e] !== '"' && text[e] !== '#' && !PUNCT1.has(text[e])) e++;
    pushWord(text.slice(i, e), i, push);
    i = e;
  }
  return { tokens, errors };
}

/** Pushes a word, splitting a single colon out of it (see scan). */
function pushWord(w: string, start: number, push: (kind: TokenKind, t: string, s: number, e: number) => void): void {
  const colons = w.split(':').length - 1;
  if (w === ':' || colons !== 1) {
    push(w === ':' ? 'punct' : 'word', w, start, start + w.length);
    return;
  }
  const k = w.indexOf(':');
  if (k > 0) push('word', w.slice(0, k), start, start + k);
  push('punct', ':', start + k, start + k + 1);
  if (k < w.length - 1) push('word', w.slice(k + 1), start + k + 1, start + w.length);
}
