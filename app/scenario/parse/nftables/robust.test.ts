import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNftables, parseNftablesJson } from './index';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = (f: string) => fs.readFileSync(path.join(here, 'testdata', f), 'utf8');

/** `text` with a few characters replaced, deleted or inserted at random places. */
const mangled = (text: string) =>
  fc.array(fc.tuple(fc.nat(text.length), fc.constantFrom('', '{', '}', '"', ';', '\n', ' ', '.', ':', '@', ',', '#', 'x', '\\'), fc.nat(3)), { minLength: 1, maxLength: 6 }).map((edits) => {
    let s = text;
    for (const [at, ins, del] of edits) s = s.slice(0, at) + ins + s.slice(at + del);
    return s;
  });

/** The errors outside the text (every error must be on a real line, at most one column past its end). */
function outside(text: string, errors: { line: number; column: number; message: string }[]): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  return errors.filter((e) => !(e.line >= 1 && e.line <= lines.length && e.column >= 1 && e.column <= lines[e.line - 1].length + 1)).map((e) => `${e.line}:${e.column} ${e.message}`);
}

describe('mangled input never throws and errors stay inside the text', () => {
  it.each(['statements.nft', 'kube-proxy-v4.nft', 'kube-proxy-iptnft.list-a.nft'])('%s', (f) => {
    const text = data(f);
    fc.assert(
      fc.property(mangled(text), (s) => {
        const r = parseNftables(s, { file: f, line: 1, column: 1 });
        expect(outside(s, r.errors)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
  it('statements.list.json', () => {
    const text = data('statements.list.json');
    fc.assert(
      fc.property(mangled(text), (s) => {
        const r = parseNftablesJson(s, { file: 'j', line: 1, column: 1 });
        expect(outside(s, r.errors)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
