/**
 * Hostile names and sizes (issue 8, "Crashes and silent acceptance"): names of Object.prototype
 * members wherever the file refers to a name, and the size limit in UTF-8 bytes. Each case asserts
 * the exact line:column and message; none may throw. YAML-level cases: load-hostile-yaml.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../engine';
import { flowInput } from '../flows';
import { loadScenario, MAX_SCENARIO_BYTES, utf8ByteLength } from '../load';
import { BASE, edit, errors } from './hostile-base';

/** The names of Object.prototype's members that are valid host names. */
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).filter((n) => /^[A-Za-z0-9][A-Za-z0-9._@:-]*$/.test(n));

describe('names of Object.prototype members', () => {
  it('are the ones the tests use', () => {
    expect(PROTO_NAMES).toEqual(expect.arrayContaining(['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']));
  });

  it.each(PROTO_NAMES)('"%s" as a missing host in `from` is an unknown host at `from`', (n) => {
    expect(errors(edit('    from: b\n', `    from: ${n}\n`))).toEqual([`27:5: flows[0].from: unknown host "${n}"`]);
  });

  it.each(PROTO_NAMES)('"%s" as a missing sender with `src:` is an unknown host, not a crash', (n) => {
    expect(errors(edit('    from: b\n', `    from: ${n}\n    src: 10.1.0.2\n`))).toEqual([`27:5: flows[0].from: unknown host "${n}"`]);
  });

  it('"constructor" as a veth peer host is an unknown host at `peer`', () => {
    expect(errors(edit('peer: b/eth0', 'peer: constructor/eth0'))).toEqual([
      '16:9: hosts[0].interfaces[1].peer: veth peer "constructor/eth0": no host named "constructor"',
      '22:9: hosts[1].interfaces[0]: veth "eth0" has no peer: give "peer: host/ifname" here or on the other end',
    ]);
  });

  it('"constructor" as a segment is an unknown segment at `segment`', () => {
    expect(errors(edit('segment: lan', 'segment: constructor'))).toEqual(['12:9: hosts[0].interfaces[0].segment: unknown segment "constructor": declare it under "segments"']);
  });

  it('"constructor" as the host of a choice is an unknown host at the choice', () => {
    expect(errors(`${BASE}    choices: {constructor/nat/X: 1}\n`)).toEqual(['30:15: flows[0].choices.constructor/nat/X: unknown host "constructor" in choice "constructor/nat/X"']);
  });

  it.each([
    ['a/constructor/X', 'host "a" has no chain constructor/X'],
    ['a/nat/constructor', 'host "a" has no chain nat/constructor'],
    ['a/nat/toString', 'host "a" has no chain nat/toString'],
  ])('a choice %s naming a prototype member as table or chain is refused', (key, message) => {
    const withNat = edit('  - name: b\n', '    iptables: |\n      *nat\n      :PREROUTING ACCEPT [0:0]\n      COMMIT\n  - name: b\n');
    expect(errors(`${withNat}    choices: {${key}: 1}\n`)).toEqual([`34:15: flows[0].choices.${key}: ${message}`]);
  });

  it.each(['delivered', 'dropped'])('"constructor" as the host of an expected %s packet is an unknown host at `host`', (kind) => {
    const text = `${BASE}    expect:\n      request:\n        ${kind}:\n          host: constructor\n`;
    expect(errors(text)).toEqual([`33:11: flows[0].expect.request.${kind}.host: unknown host "constructor"`]);
  });

  it.each(PROTO_NAMES)('a host really named "%s" loads and traces', (n) => {
    const text = BASE.replace('peer: b/eth0', `peer: ${n}/eth0`).replace('  - name: b\n', `  - name: ${n}\n`).replace('    from: b\n', `    from: ${n}\n`);
    const r = loadScenario(text, 'h.yaml');
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (!r.ok) return;
    expect(Object.keys(r.scenario.world.netns)).toEqual(['a', n]);
    const t = simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'a' });
  });

  it("the World's name-keyed records have no prototype", () => {
    const text = edit('  - name: b\n', '    sysctls:\n      net.ipv4.ip_forward: 1\n  - name: b\n');
    const ok = loadScenario(text, 'h.yaml');
    expect(ok.ok ? [] : ok.errors).toEqual([]);
    if (!ok.ok) return;
    const w = ok.scenario.world;
    expect(Object.getPrototypeOf(w.netns)).toBeNull();
    expect(Object.getPrototypeOf(w.segments)).toBeNull();
    expect(Object.getPrototypeOf(w.netns.a.sysctls)).toBeNull();
    expect(w.netns.constructor).toBeUndefined();
    expect(w.netns.a.sysctls).toEqual({ 'net.ipv4.ip_forward': 1 });
    expect(Object.getPrototypeOf(flowInput(ok.scenario.flows[0], { 'a/nat/X': 2 }).choices)).toBeNull();
  });

  it('fuzzed: a prototype name anywhere a name is referenced loads or fails with a positioned error, never throws', () => {
    const spots: [string, (n: string) => string][] = [
      ['from', (n) => BASE.replace('    from: b\n', `    from: ${n}\n`)],
      ['src', (n) => BASE.replace('    from: b\n', `    from: ${n}\n    src: 10.9.9.9\n`)],
      ['peer', (n) => BASE.replace('peer: b/eth0', `peer: ${n}/eth0`)],
      ['peer ifname', (n) => BASE.replace('peer: b/eth0', `peer: b/${n}`)],
      ['segment', (n) => BASE.replace('segment: lan', `segment: ${n}`)],
      ['node', (n) => BASE.replace('node: a', `node: ${n}`)],
      ['choice', (n) => `${BASE}    choices: {${n}/nat/${n}: 1}\n`],
      ['expect', (n) => `${BASE}    expect:\n      request:\n        delivered:\n          host: ${n}\n          interface: ${n}\n`],
      ['layout', (n) => `${BASE}layout:\n  order: [${n}, a]\n`],
      [
        'bridge port',
        (n) => BASE.replace('        peer: b/eth0\n', '        peer: b/eth0\n      - name: br0\n        type: bridge\n').replace('type: bridge\n', `type: bridge\n        ports: [${n}]\n`),
      ],
      ['sysctl device', (n) => BASE.replace('  - name: b\n', `    sysctls:\n      net.ipv4.conf.${n}.rp_filter: 1\n  - name: b\n`)],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...spots), fc.constantFrom(...PROTO_NAMES, '__proto__', 'prototype'), ([, make], n) => {
        const text = make(n);
        const r = loadScenario(text, 'h.yaml');
        if (r.ok) {
          for (const f of r.scenario.flows) simulate(r.scenario.world, flowInput(f));
          return;
        }
        const lines = text.split('\n');
        for (const e of r.errors) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeLessThanOrEqual((lines[e.line - 1] ?? '').length + 1);
        }
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});

describe('the size limit counts UTF-8 bytes', () => {
  it('counts like an encoder, lone surrogates as U+FFFD', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(utf8ByteLength(s)).toBe(new TextEncoder().encode(s).length);
      }),
      { seed: 3, numRuns: 500 },
    );
    expect(utf8ByteLength('a€😀\ud800')).toBe(1 + 3 + 4 + 3);
  });

  // A 2 MB limit (as a caller may set) keeps the strings small; the default works the same way.
  const LIMIT = 2_000_000;

  it('refuses 2.1 MB of three-byte characters that are only 700,000 UTF-16 units', () => {
    const text = `# ${'€'.repeat(700_000)}\n${BASE}`;
    expect(text.length).toBeLessThan(LIMIT);
    const r = loadScenario(text, 'h.yaml', { maxBytes: LIMIT });
    expect(r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([`1:1: file is larger than ${LIMIT} bytes`]);
  });

  it('accepts the same characters when they fit in the bytes', () => {
    const r = loadScenario(`# ${'€'.repeat(660_000)}\n${BASE}`, 'h.yaml', { maxBytes: LIMIT });
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it("refuses by default only past MAX_SCENARIO_BYTES (64 MB): no 2 MB cap on a real node's dump", () => {
    expect(MAX_SCENARIO_BYTES).toBe(64_000_000);
    const r = loadScenario(`# ${'x'.repeat(3_000_000)}\n${BASE}`, 'h.yaml');
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
});
