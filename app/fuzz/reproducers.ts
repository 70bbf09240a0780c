/**
 * Minimal reproducers of failures the fuzz target found (`app/fuzz/repro/*.yaml`), run as cases
 * of their own. A reproducer may state what it must do in a first-line comment:
 * `# fuzz-expect: {"refuse":{"message":"Too many links","lines":[23]}}` (an Expectation as JSON).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Expectation } from './check';
import type { FuzzCase } from './pool';

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'repro');

/** Every reproducer as a case of family 'repro'. */
export function reproCases(dir = DIR): FuzzCase[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const text = readFileSync(resolve(dir, f), 'utf8');
      const m = /^# fuzz-expect: (.*)$/m.exec(text.split('\n')[0] ?? '');
      const expect = m ? (JSON.parse(m[1]) as Expectation) : undefined;
      return { family: 'repro', id: `repro:${f}`, label: f, text, file: `app/fuzz/repro/${f}`, expect };
    });
}
