/**
 * The embeds' Tailwind build scans only the files listed by `@source` in app/embed/embed.css (so
 * their CSS carries the embed's classes, not the whole app's). Every view module the embed reaches
 * through static imports and that writes class names must be among them, or its classes would be
 * missing from the embed's CSS.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const app = resolve(import.meta.dirname, '..');
const css = readFileSync(resolve(import.meta.dirname, 'embed.css'), 'utf8');
const sources = [...css.matchAll(/@source\s+"([^"]+)"/g)].map((m) => resolve(import.meta.dirname, m[1]));
const covered = (f: string) => sources.some((s) => f === s || (existsSync(s) && statSync(s).isDirectory() && f.startsWith(`${s}/`)));

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  return [`${base}.ts`, `${base}.tsx`, base, join(base, 'index.ts'), join(base, 'index.tsx')].find((c) => existsSync(c) && statSync(c).isFile());
}

/** Every file reached from `entries` by static relative imports (type-only imports left out). */
function reached(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f) || !/\.tsx?$/.test(f)) return;
    seen.add(f);
    const code = readFileSync(f, 'utf8');
    for (const m of code.matchAll(/^\s*(import|export)\s+(type\s)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      if (m[2]) continue;
      const t = resolveLocal(f, m[3]);
      if (t) visit(t);
    }
  };
  entries.forEach(visit);
  return seen;
}

describe('the embeds’ CSS sources', () => {
  it('cover every view the embed mounts that writes class names', () => {
    const files = reached([resolve(app, 'embed/embed-main.tsx'), resolve(app, 'embed/element-entry.ts')]);
    const styled = [...files].filter((f) => /\bclassName=|\b(bg|text|border|ring)-[a-z]+-\d{2,3}\b/.test(readFileSync(f, 'utf8')));
    expect(styled.length).toBeGreaterThan(5);
    expect(styled.filter((f) => !covered(f)).map((f) => relative(app, f))).toEqual([]);
  });
});
