/**
 * Hostile YAML (issue 8, "Crashes and silent acceptance"): tags, aliases, keys that are not names,
 * CR-only line ends, long tokens and control characters, non-text input and deep nesting. Each case
 * asserts the exact line:column and message; none may throw.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../load';
import { BASE, edit, errors } from './hostile-base';

describe('YAML tags, aliases and keys', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['!custom', 'title: !custom hostile'],
    ['!!js/function', 'title: !!js/function hostile'],
    ['!!binary', 'title: !!binary aGk='],
    ['!!timestamp', 'title: !!timestamp 2001-01-01'],
    ['!!set', 'title: !!set {a, b}'],
    ['!<tag:example.com,2000:x>', 'title: !<tag:example.com,2000:x> hostile'],
  ])('the unknown tag %s is a positioned error naming it', (tag, line) => {
    expect(errors(edit('title: hostile', line))).toEqual([`3:10: unknown YAML tag "${tag}": a scenario holds plain values only (text, numbers, true/false, null, lists and maps)`]);
  });

  it("the core schema's own tags are plain values", () => {
    const r = loadScenario(edit('title: hostile', 'title: !!str 5'), 'h.yaml');
    expect(r.ok && r.scenario.metadata.title).toBe('5');
  });

  it("the yaml library's warnings never reach stderr", () => {
    const warn = vi.spyOn(process, 'emitWarning');
    const cw = vi.spyOn(console, 'warn');
    errors(edit('title: hostile', 'title: !custom hostile'));
    errors(edit('    kind: pod\n', '    kind: pod\n    ? [a, b]\n    : x\n'));
    errors('%YAML 1.1\n%FOO bar\n---\na: 1\n');
    expect(warn).not.toHaveBeenCalled();
    expect(cw).not.toHaveBeenCalled();
  });

  it('an alias bomb is refused at the alias that passes the budget', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    // Each *d repeats 11,111 nodes: the eighth one on line 6 passes 100,000 (column 4 + 7 × 4 + 1).
    expect(errors(`version: 1\n${bomb}\n`)).toEqual(['6:33: alias *d: aliases expand the document by more than 100000 nodes (refused as a resource exhaustion attack)']);
  });

  it('an alias inside the node it names, and one naming no anchor, are refused at the alias', () => {
    expect(errors('version: 1\nhosts: &h [*h]\n')).toEqual(['2:12: alias *h is inside the node it names: a structure cannot contain itself']);
    expect(errors('version: 1\nhosts: *nope\n')).toEqual(['2:8: alias *nope names no anchor before it (write &nope on an earlier node)']);
  });

  it('aliases that only share values load', () => {
    const text = edit('  title: hostile\n', '  title: &t hostile\n  description: *t\n');
    const r = loadScenario(text, 'h.yaml');
    expect(r.ok && r.scenario.metadata.description).toBe('hostile');
    const key = loadScenario(edit('  title: hostile\n', '  &k title: x\n  description: *k\n'), 'h.yaml');
    expect(key.ok && key.scenario.metadata.description).toBe('title');
  });

  it('a list or a map used as a key is refused at the key', () => {
    expect(errors(edit('    kind: pod\n', '    kind: pod\n    ? [a, b]\n    : x\n'))).toEqual(['20:7: a key must be a name or a number, not a list, a map or an alias']);
    expect(errors(edit('    kind: pod\n', '    kind: pod\n    ? {a: 1}\n    : x\n'))).toEqual(['20:7: a key must be a name or a number, not a list, a map or an alias']);
  });

  it.each([
    ['a number', '5'],
    ['a boolean', 'true'],
    ['a float', '1.5'],
  ])('%s as a key is reported at the key itself, on its own line', (_what, key) => {
    expect(errors(edit('        type: ethernet\n', `        type: ethernet\n        ${key}: x\n`))).toEqual([`12:9: hosts[0].interfaces[0].${key}: unknown key "${key}"`]);
  });

  it.each([
    ['at the top', (t: string) => `__proto__: {version: 1}\n${t.replace('version: 1\n', '')}`, '1:1'],
    ['in a host', (t: string) => t.replace('    kind: pod\n', '    kind: pod\n    __proto__: {x: 1}\n'), '20:5'],
    ['in sysctls', (t: string) => t.replace('  - name: b\n', '    sysctls:\n      "__proto__": 1\n  - name: b\n'), '19:7'],
    ['in choices', (t: string) => `${t}    choices: {__proto__: 1}\n`, '30:15'],
  ])('a __proto__ key %s is refused at the key', (_where, make, at) => {
    expect(errors(make(BASE))).toEqual([`${at}: the key "__proto__" is not allowed`]);
  });
});

describe('positions and messages', () => {
  it('CR-only line ends are line breaks: the file loads, and errors have the positions of the LF file', () => {
    expect(loadScenario(BASE.replace(/\n/g, '\r'), 'h.yaml').ok).toBe(true);
    const bad = edit('        segment: lan\n', '        segment: lan\n        mtu: "big"\n');
    const lf = errors(bad);
    expect(lf).toEqual(['13:9: hosts[0].interfaces[0].mtu: expected number, received string']);
    expect(errors(bad.replace(/\n/g, '\r'))).toEqual(lf);
    expect(errors(bad.replace(/\n/g, '\r\n'))).toEqual(lf);
  });

  it('a 1,200-character token is quoted as 60 characters at most', () => {
    const long = 'x'.repeat(1200);
    expect(errors(edit('    from: b\n', `    from: ${long}\n`))).toEqual([`27:5: flows[0].from: unknown host "${'x'.repeat(59)}…"`]);
    const key = 'k'.repeat(900);
    expect(errors(edit('    kind: pod\n', `    kind: pod\n    ${key}: 1\n`))).toEqual([`20:5: hosts[1].${'k'.repeat(59)}…: unknown key "${'k'.repeat(59)}…"`]);
  });

  it('control characters from the file are shown escaped, never printed raw', () => {
    expect(errors(edit('    kind: pod\n', '    kind: pod\n    "k\\e[2J\\u202e": 1\n'))).toEqual(['20:5: hosts[1].k\\u001b[2J\\u202e: unknown key "k\\u001b[2J\\u202e"']);
  });

  it('a word in a folded or quoted `routes` string points at the word, inside its line', () => {
    const folded = edit('    kind: pod\n', '    kind: pod\n    routes: default dev eth0\n      bogus 10.0.0.0/8\n');
    expect(errors(folded)).toEqual(['21:7: hosts[1].routes (line 1 of the block): unknown route attribute "bogus" (expected via, dev, scope, onlink, src, metric, proto, table)']);
    const quoted = edit('    kind: pod\n', '    kind: pod\n    routes: "default dev eth0\\n10.9.0.0/16 dev eth0 foo"\n');
    expect(errors(quoted)).toEqual(['20:53: hosts[1].routes (line 2 of the block): unknown route attribute "foo" (expected via, dev, scope, onlink, src, metric, proto, table)']);
  });

  it('fuzzed: every error column lies within its line (at most one past its end)', () => {
    const words = ['foo', 'x'.repeat(300), '"', "'", '\\n', '|', '>', ' ', '\n', '\n  ', '-m frob', 'via', '#', ':', '\r'];
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.constantFrom(...words), { maxLength: 5 }), (at, ins) => {
        const i = at % BASE.length;
        const text = BASE.slice(0, i) + ins.join('') + BASE.slice(i);
        const r = loadScenario(text, 'h.yaml');
        if (r.ok) return;
        const lines = text.split(/\r\n|\r|\n/);
        for (const e of r.errors) expect(e.column, JSON.stringify(e)).toBeLessThanOrEqual((lines[e.line - 1] ?? '').length + 1);
      }),
      { seed: 11, numRuns: 400 },
    );
  });
});

describe('never throws', () => {
  it.each([
    ['a number', 42, 'number'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['an object', { version: 1 }, 'object'],
    ['bytes', new Uint8Array([118, 58, 49]), 'object'],
  ])('%s instead of text is refused at 1:1', (_what, input, kind) => {
    expect(errors(input)).toEqual([`1:1: expected the scenario as text, got ${kind}`]);
  });

  it('10,000 nested `[` are refused as too deep (the parser or the loader stops them)', () => {
    const e = errors('['.repeat(10_000));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatch(/^1:\d+: (YAML: )?nesting is too deep \(a scenario nests at most 64 levels\)$/);
  });

  it('nesting one past the limit is refused at the first bracket past it', () => {
    expect(errors(`${'['.repeat(66)}${']'.repeat(66)}`)).toEqual(['1:66: nesting is too deep (a scenario nests at most 64 levels)']);
    expect(errors(`a: &a ${'['.repeat(40)}${']'.repeat(40)}\nb: ${'['.repeat(30)}*a${']'.repeat(30)}\n`)).toEqual(['2:34: alias *a nests the data too deep (a scenario nests at most 64 levels)']);
  });

  it('1,500 nested block maps are refused as too deep', () => {
    const text = Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    const e = errors(text);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatch(/nesting is too deep/);
  });

  it('huge numbers are schema errors', () => {
    expect(errors(edit('        segment: lan\n', '        segment: lan\n        mtu: 1e999\n'))).toEqual(['13:9: hosts[0].interfaces[0].mtu: expected number, received Infinity']);
  });
});
