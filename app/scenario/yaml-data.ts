/**
 * Reads YAML text (JSON included) into plain data with source positions, as every loaded file is
 * read: the core schema's plain values only (no tags, no merge keys), unique keys, bounded nesting
 * and aliases (./yaml-positions.ts), every problem a positioned ScenarioError. Used for scenario and
 * cluster files, and for the files a cluster file names (`objectsFrom:`).
 */
import { parseDocument, type Document } from 'yaml';
import { lineExcerpt, textPositions, type ScenarioError } from './errors';
import { MAX_NESTING, Positions, toData } from './yaml-positions';

/**
 * How many YAML syntax errors are listed before the rest are summarised: one, with its line and a
 * caret; the ones after it are the cascade of the first (a bad indent derails the rest).
 */
export const MAX_SYNTAX_ERRORS = 1;

/** The data of a file with its positions and its text (a lone CR read as LF), or its errors. */
export type YamlData = { readonly ok: true; readonly data: unknown; readonly pos: Positions; readonly text: string } | { readonly ok: false; readonly errors: ScenarioError[] };

/** Parses `input` (named `file` in errors). Never throws on malformed input. */
export function readYamlData(input: string, file: string): YamlData {
  // YAML breaks lines at CR, LF and CRLF; the `yaml` library only at the last two. A lone CR (old
  // Mac line ends) becomes LF, one character for one, so offsets and so columns stay the same.
  const text = input.includes('\r') ? input.replace(/\r(?!\n)/g, '\n') : input;
  const doc = parseDocument(text, {
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    // Only the core schema's plain values: no !!binary, !!timestamp, !!set, … and no merge keys,
    // even under a `%YAML 1.1` directive; the library never prints warnings (they become errors).
    schema: 'core',
    resolveKnownTags: false,
    logLevel: 'silent',
  });
  if (doc.errors.length) return { ok: false, errors: syntaxErrors(doc, textPositions(text), file, text) };
  if (doc.warnings.length) {
    return {
      ok: false,
      errors: doc.warnings.map((w): ScenarioError => {
        const p = textPositions(text)(w.pos[0]);
        const message =
          w.code === 'TAG_RESOLVE_FAILED'
            ? `unknown YAML tag "${text.slice(w.pos[0], w.pos[1]).trim()}": a scenario holds plain values only (text, numbers, true/false, null, lists and maps)`
            : `YAML: ${w.message.split('\n')[0]}`;
        return { file, ...p, path: '', message };
      }),
    };
  }
  const pos = new Positions(doc, text, file);
  const converted = toData(doc, (offset) => pos.at(offset), file);
  if (!converted.ok) return { ok: false, errors: [converted.error] };
  return { ok: true, data: converted.data, pos, text };
}

/**
 * An error at a blank line (the file ended inside an unclosed quote or bracket) is shown at the end
 * of the last line with text, where the reader can see what is left open.
 */
function atContent(text: string, p: { line: number; column: number }): { line: number; column: number } {
  const lines = text.split('\n');
  let line = p.line;
  if ((lines[line - 1] ?? '').trim()) return p;
  while (line > 1 && !(lines[line - 1] ?? '').trim()) line--;
  return { line, column: (lines[line - 1] ?? '').replace(/\r$/, '').length + 1 };
}

/**
 * The first few syntax errors, the rest summarised: later ones are usually consequences of the
 * first (a bad indent derails the rest). A parser that ran out of stack says the nesting is too deep.
 */
function syntaxErrors(doc: Document, at: (offset: number) => { line: number; column: number }, file: string, text: string): ScenarioError[] {
  const deep = doc.errors.find((e) => /call stack|too much recursion/i.test(e.message));
  const errors = deep ? [deep] : doc.errors;
  const shown = errors.slice(0, MAX_SYNTAX_ERRORS).map((e): ScenarioError => {
    const p = atContent(text, at(e.pos[0]));
    const message = e === deep ? `YAML: nesting is too deep (a scenario nests at most ${MAX_NESTING} levels)` : `YAML syntax: ${e.message.split('\n')[0]}`;
    return { file, ...p, path: '', message, excerpt: lineExcerpt(text, p.line, p.column) };
  });
  const more = errors.length - shown.length;
  if (more > 0) {
    const { excerpt: _shownAbove, ...last } = shown[shown.length - 1];
    shown.push({ ...last, message: `YAML syntax: ${more} more error${more === 1 ? '' : 's'} follow, probably caused by the first one` });
  }
  return shown;
}
