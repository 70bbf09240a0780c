/**
 * Summaries of a fuzz run: failures grouped by kind (a problem with its numbers and quoted
 * excerpts blanked), the slowest case, and per-family counts.
 */
import type { CaseResult } from './pool';

/** Failures that look alike: the first case of each kind and how many there were. */
export interface FailureGroup {
  readonly signature: string;
  readonly count: number;
  readonly first: CaseResult;
}

/** A problem text with numbers, quoted excerpts and file positions blanked. */
export function signatureOf(r: CaseResult): string {
  const p = r.stack ? `${r.kind}: ${r.stack.split('\n').slice(0, 2).join(' / ')}` : (r.problems[0] ?? r.kind);
  return `${r.case.family}: ${p
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\(file:\/\/[^)]*\)|\/[\w/.-]+\.ts:\d+:\d+/g, '(…)')
    .replace(/\d+/g, 'N')
    .slice(0, 200)}`;
}

/** Groups the failed results by signature, most frequent first. */
export function groupFailures(results: readonly CaseResult[]): FailureGroup[] {
  const groups = new Map<string, { count: number; first: CaseResult }>();
  for (const r of results) {
    if (!r.problems.length) continue;
    const s = signatureOf(r);
    const g = groups.get(s);
    if (g) g.count++;
    else groups.set(s, { count: 1, first: r });
  }
  return [...groups.entries()].map(([signature, g]) => ({ signature, ...g })).sort((a, b) => b.count - a.count);
}

/** The slowest case. */
export function slowest(results: readonly CaseResult[]): CaseResult | undefined {
  return results.reduce<CaseResult | undefined>((m, r) => (!m || r.ms > m.ms ? r : m), undefined);
}

/** A few lines: counts per family, failures, the slowest case. */
export function summaryLines(results: readonly CaseResult[], wallMs: number): string[] {
  const fam = new Map<string, { n: number; failed: number; errors: number; traces: number }>();
  for (const r of results) {
    const c = fam.get(r.case.family) ?? { n: 0, failed: 0, errors: 0, traces: 0 };
    c.n++;
    if (r.problems.length) c.failed++;
    if (r.kind === 'errors') c.errors++;
    if (r.kind === 'traces') c.traces++;
    fam.set(r.case.family, c);
  }
  const s = slowest(results);
  const failed = results.filter((r) => r.problems.length).length;
  return [
    `fuzz: ${results.length} cases in ${(wallMs / 1000).toFixed(1)} s, ${failed} failed`,
    ...[...fam.entries()].map(([f, c]) => `  ${f}: ${c.n} cases (${c.errors} refused with errors, ${c.traces} traced), ${c.failed} failed`),
    s ? `  slowest: ${s.case.id} (${s.case.label}) ${Math.round(s.ms)} ms` : '  slowest: none',
  ];
}

/** One failure group, readable: signature, count, the first case's id, problems and stack head. */
export function describeGroup(g: FailureGroup): string {
  const r = g.first;
  return [
    `${g.count}× ${g.signature}`,
    `    first: ${r.case.id} (${r.case.label}), ${Math.round(r.ms)} ms`,
    ...r.problems.slice(0, 3).map((p) => `    ${p.slice(0, 300)}`),
    ...(r.stack ? r.stack.split('\n').map((l) => `    | ${l}`) : []),
  ].join('\n');
}
