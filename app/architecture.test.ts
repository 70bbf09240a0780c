/**
 * Architecture rules, checked on the source: the engine is pure TypeScript (no React, DOM, store
 * or UI imports; test helpers under test/ folders aside), the scenario, lessons and cluster layers do not reach into the store or UI, views do not import the
 * engine's simulator, and there are no import cycles anywhere under app/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname);
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f) && !p.includes('/test/') ? [p] : [];
  });
}
const all = files(root);
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) if (all.includes(c)) return c;
  return undefined;
}
const rel = (f: string) => relative(root, f);

describe('architecture', () => {
  it('app/engine imports no React, DOM, store, UI or scenario code', () => {
    const bad: string[] = [];
    for (const f of all.filter((x) => rel(x).startsWith('engine/'))) {
      for (const spec of importsOf(f)) {
        const target = resolveLocal(f, spec);
        if (/^(react|react-dom|zustand|d3)/.test(spec) || (target && !rel(target).startsWith('engine/'))) bad.push(`${rel(f)} → ${spec}`);
      }
      const code = readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      if (/\b(window|document|localStorage|requestAnimationFrame)\./.test(code)) bad.push(`${rel(f)} uses a DOM global`);
    }
    expect(bad).toEqual([]);
  });
  it('app/scenario, app/lessons and app/cluster import neither the store nor the UI', () => {
    const bad = all
      .filter((x) => /^(scenario|lessons|cluster)\//.test(rel(x)))
      .flatMap((f) => importsOf(f).map((s) => [f, resolveLocal(f, s)] as const))
      .filter(([, t]) => t && /^(store|ui)\//.test(rel(t)))
      .map(([f, t]) => `${rel(f)} → ${rel(t!)}`);
    expect(bad).toEqual([]);
  });
  it('there are no import cycles', () => {
    const graph = new Map(
      all.map((f) => [
        f,
        importsOf(f)
          .map((s) => resolveLocal(f, s))
          .filter((x): x is string => !!x),
      ]),
    );
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, stack: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].map(rel).join(' → '));
        return;
      }
      state.set(f, 'visiting');
      for (const t of graph.get(f) ?? []) visit(t, [...stack, f]);
      state.set(f, 'done');
    };
    for (const f of all) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
