/**
 * What an embed's errors say, and what a host page on another origin may learn from them.
 *
 * Inside the embed, errors show their full message (the file came from the embed's own origin or
 * from one that allowed it by CORS). A message may quote the file, though, and `src=` may name any
 * same-origin URL; so errors posted to a host on another origin are redacted to
 * `{file, line, column, path, code}`: the `src` URL the host gave itself, the position, the field
 * path with every name that is not a key of the scenario format replaced by `*`, and a code. No
 * message text, nothing read from the file.
 */
import type { ScenarioError } from '../scenario';
// The format's property names, written by `npm run schema` from the published JSON Schema (a test
// keeps them equal): a short list, so the page bundles neither the schema nor zod's conversion.
import formatKeyList from './format-keys.json';

/**
 * What kind of problem an error is: `src` (unusable `src`), `fetch` (network or CORS),
 * `http` (error status), `timeout` (the server stalled), `too-large`, `not-a-scenario` (wrong
 * Content-Type or not a scenario's first bytes), `encoding` (not UTF-8), `fragment` (a damaged
 * `#s=` link), `scenario` (the loader's own positioned errors), `engine-timeout`, `engine-failed`.
 */
export type EmbedErrorCode = 'src' | 'fetch' | 'http' | 'timeout' | 'too-large' | 'not-a-scenario' | 'encoding' | 'fragment' | 'scenario' | 'engine-timeout' | 'engine-failed';

/** An error the embed shows: a positioned error, with its code when the embed knows it. */
export interface EmbedError extends ScenarioError {
  readonly code?: EmbedErrorCode;
  /** The size limit in bytes (`too-large`). */
  readonly limit?: number;
  /** The time limit in seconds (`timeout`, `engine-timeout`). */
  readonly seconds?: number;
}

/** An error as a host on another origin receives it. */
export interface RedactedError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly code: EmbedErrorCode;
}

/** Every property name of the scenario format (its JSON Schema's, kept by `npm run schema`). */
const FORMAT_KEYS: ReadonlySet<string> = new Set(formatKeyList);

/**
 * A field path with only the format's own key names kept: `hosts[2].iptables` stays, a name the
 * file chose (`api_key`, a host or sysctl name used as a key) becomes `*`.
 */
export function redactPath(path: string): string {
  if (!path) return '';
  const keys = FORMAT_KEYS;
  const parts = path.match(/\[\d+\]|[^.[\]]+/g) ?? [];
  let out = '';
  for (const p of parts) {
    if (p.startsWith('[')) out += p;
    else {
      const name = keys.has(p) ? p : '*';
      if (name === '*' && out.endsWith('*')) continue;
      out += out ? `.${name}` : name;
    }
  }
  return out;
}

/**
 * The error as a host on another origin may see it. `file` is what the embed names the source by:
 * the `src` URL the host gave (resolved), `#s=`, a bundled file name, or `src`.
 */
export function redactError(e: EmbedError): RedactedError {
  const line = Number.isFinite(e.line) ? Math.max(1, Math.trunc(e.line)) : 1;
  const column = Number.isFinite(e.column) ? Math.max(1, Math.trunc(e.column)) : 1;
  return { file: e.file, line, column, path: redactPath(e.path), code: e.code ?? 'scenario' };
}
