/**
 * Loading scenario files: every problem comes back as an error that points at the exact line and
 * column of the file (also inside `routes: |` and `iptables: |` blocks), valid files load, and no
 * input — however mangled — makes the loader throw or report a position outside the file or its line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine';
import type { ScenarioError } from './errors';
import { flowInput } from './flows';
import { scenarioJsonSchema } from './json-schema';
import { loadScenario, type LoadResult } from './load';

const BASE = `version: 1
metadata:
  title: load test
segments:
  - name: lan
hosts:
  - name: a
    kind: node
    interfaces:
      - name: eth0
        type: ethernet
        segment: lan
        mtu: 1500
        addresses: [10.0.0.1/24]
    routes: |
      default via 10.0.0.254 dev eth0
      10.9.0.0/16 via 10.0.0.2
    sysctls:
      net.ipv4.ip_forward: 1
    iptables: |
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      -A INPUT -p tcp --dport 22 -j ACCEPT
      COMMIT
  - name: b
    kind: node
    interfaces:
      - name: eth0
        type: veth
        peer: c/eth0
        addresses: [10.1.0.1/24]
  - name: c
    kind: pod
    node: b
    interfaces:
      - name: eth0
        type: veth
        addresses: [10.1.0.2/24]
flows:
  - name: ping
    from: a
    protocol: icmp
    dst: 10.0.0.2
`;

/** BASE with `from` replaced by `to` (exactly once). */
function edit(from: string, to: string): string {
  expect(BASE.split(from)).toHaveLength(2);
  return BASE.replace(from, to);
}

/** 1-based position of `token` on the first line of `text` that contains `line`. */
function at(text: string, line: string, token = line.trim()): { line: number; column: number } {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(line));
  expect(i, `no line contains ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0);
  const col = lines[i].indexOf(token);
  expect(col, `token ${JSON.stringify(token)} not on line ${i + 1}`).toBeGreaterThanOrEqual(0);
  return { line: i + 1, column: col + 1 };
}

function errorsOf(r: LoadResult): ScenarioError[] {
  expect(r.ok, 'expected the scenario to be rejected').toBe(false);
  return r.ok ? [] : r.errors;
}

/** The one error whose message matches `message`. */
function theError(text: string, message: RegExp): ScenarioError {
  const errs = errorsOf(loadScenario(text, 'bad.yaml'));
  const hits = errs.filter((e) => message.test(e.message));
  expect(hits, JSON.stringify(errs, null, 1)).toHaveLength(1);
  expect(hits[0].file).toBe('bad.yaml');
  return hits[0];
}

describe('a valid scenario', () => {
  it("loads into a World with every host, the kernel's own routes, the filled-in veth peer and the flows", () => {
    const r = loadScenario(BASE, 'ok.yaml');
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (!r.ok) return;
    const w = r.scenario.world;
    expect(Object.keys(w.netns)).toEqual(['a', 'b', 'c']);
    expect(w.netns.a.interfaces.map((i) => i.name)).toEqual(['lo', 'eth0']);
    expect(w.netns.a.routes.find((x) => x.derived && x.table === 'main')?.text).toBe('10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1');
    expect(w.netns.a.routes.find((x) => x.text === '10.9.0.0/16 via 10.0.0.2')?.source).toEqual({ file: 'ok.yaml', ...at(BASE, '10.9.0.0/16 via') });
    const cEth0 = w.netns.c.interfaces.find((i) => i.name === 'eth0');
    expect(cEth0).toMatchObject({ type: 'veth', peer: { netns: 'b', ifname: 'eth0' } });
    expect(w.netns.a.sysctls).toEqual({ 'net.ipv4.ip_forward': 1 });
    expect(w.netns.a.ruleset.tables.filter?.chains.INPUT.rules[0].source).toEqual({ file: 'ok.yaml', ...at(BASE, '-A INPUT') });
    expect(r.scenario.flows.map((f) => f.name)).toEqual(['ping']);
  });
});

describe('every error carries the right line and column', () => {
  it.each([
    ['a tab used as indentation', '    kind: pod\n', '\tkind: pod\n', '\tkind: pod', '\t', /Tabs are not allowed/],
    ['a nested mapping on one line', '    kind: pod\n', '    kind: pod: x\n', 'kind: pod: x', 'pod: x', /Nested mappings/],
    ['a repeated key', '    kind: pod\n', '    kind: pod\n    kind: router\n', 'kind: router', 'kind', /keys must be unique/],
  ])('YAML syntax error: %s', (_what, from, to, line, token, message) => {
    const text = edit(from, to);
    const e = errorsOf(loadScenario(text, 'bad.yaml'))[0];
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/^YAML syntax/);
    expect(e).toMatchObject(at(text, line, token));
  });

  // zod reports unrecognized keys on the enclosing object; the loader points at the key itself.
  it.each([
    ['a host', '    node: b\n', '    node: b\n    colour: blue\n', 'colour: blue', 'hosts[2].colour'],
    ['an interface', '        segment: lan\n', '        segment: lan\n        speed: 10\n', 'speed: 10', 'hosts[0].interfaces[0].speed'],
  ])('an unknown key in %s points at the key', (_what, from, to, line, path) => {
    const text = edit(from, to);
    const e = theError(text, /unknown key/);
    expect(e.path).toBe(path);
    expect(e).toMatchObject(at(text, line));
  });

  it("an unknown key is reported with the key's name and its path", () => {
    const e = theError(edit('    node: b\n', '    node: b\n    colour: blue\n'), /unknown key/);
    expect(e).toMatchObject({ path: 'hosts[2].colour', message: 'unknown key "colour"' });
  });

  it('a wrong type names the field path and points at its key', () => {
    const text = edit('mtu: 1500', 'mtu: "big"');
    const e = theError(text, /expected number/);
    expect(e.path).toBe('hosts[0].interfaces[0].mtu');
    expect(e).toMatchObject(at(text, 'mtu: "big"', 'mtu'));
  });

  it('a bad line in a `routes: |` block points at its line in the file and the offending word', () => {
    const text = edit('10.9.0.0/16 via 10.0.0.2\n', '10.9.0.0/16 via 10.0.0.2 foo bar\n');
    const e = theError(text, /unknown route attribute "foo"/);
    expect(e.path).toBe('hosts[0].routes (line 2 of the block)');
    expect(e).toMatchObject(at(text, '10.9.0.0/16 via', 'foo'));
  });

  it("a bad rule in an `iptables: |` block points at the rule's line in the file and the offending word", () => {
    const text = edit('-A INPUT -p tcp --dport 22', '-A INPUT -p tcp -m frobnicate --dport 22');
    const e = theError(text, /unknown match "-m frobnicate"/);
    expect(e.path).toBe('hosts[0].iptables');
    expect(e).toMatchObject(at(text, '-A INPUT', 'frobnicate'));
  });

  it.each([
    ['an unknown interface', 'c/eth9', /host "c" has no interface "eth9"/],
    ['an unknown host', 'zz/eth0', /no host named "zz"/],
  ])('a veth peer naming %s points at `peer`', (_what, peer, message) => {
    const text = edit('peer: c/eth0', `peer: ${peer}`);
    const e = theError(text, message);
    expect(e.path).toBe('hosts[1].interfaces[0].peer');
    expect(e).toMatchObject(at(text, `peer: ${peer}`, 'peer'));
  });

  it('a gateway outside every connected network is refused like the kernel does ("Nexthop has invalid gateway")', () => {
    const text = edit('10.9.0.0/16 via 10.0.0.2\n', '10.9.0.0/16 via 172.20.0.1\n');
    const e = theError(text, /Nexthop has invalid gateway/);
    expect(e.message).toMatch(/172\.20\.0\.1/);
    expect(e).toMatchObject(at(text, '10.9.0.0/16 via'));
  });

  it('the same gateway is accepted with `onlink`', () => {
    const r = loadScenario(edit('10.9.0.0/16 via 10.0.0.2\n', '10.9.0.0/16 via 172.20.0.1 dev eth0 onlink\n'), 'ok.yaml');
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('a flow that runs after a later flow, or after itself as the same connection, is refused at its `after`', () => {
    const later = edit('    dst: 10.0.0.2\n', '    dst: 10.0.0.2\n    after: ping2\n  - name: ping2\n    from: a\n    protocol: tcp\n    dst: 10.0.0.2\n    dport: 80\n');
    expect(theError(later, /"ping2" is not an earlier flow/)).toMatchObject({ path: 'flows[0].after', ...at(later, 'after: ping2', 'after') });
    const tcp = edit(
      '    protocol: icmp\n    dst: 10.0.0.2\n',
      '    protocol: tcp\n    dst: 10.0.0.2\n    dport: 80\n  - name: ping2\n    from: a\n    protocol: tcp\n    dst: 10.0.0.2\n    dport: 80\n    after: ping\n',
    );
    expect(theError(tcp, /same source, destination and ports as "ping"/).path).toBe('flows[1].after');
    expect(loadScenario(tcp.replace('    after: ping\n', '    sport: 40124\n    after: ping\n'), 'ok.yaml').ok).toBe(true);
  });

  it('an unknown sysctl points at its key', () => {
    const text = edit('      net.ipv4.ip_forward: 1\n', '      net.ipv4.ip_forward: 1\n      net.ipv4.tcp_fancy: 1\n');
    const e = theError(text, /sysctl "net\.ipv4\.tcp_fancy" is not modelled/);
    expect(e.path).toBe('hosts[0].sysctls.net.ipv4.tcp_fancy');
    expect(e).toMatchObject(at(text, 'tcp_fancy', 'net.ipv4.tcp_fancy'));
  });

  it('a flow from an unknown host points at `from`', () => {
    const text = edit('    from: a', '    from: zz');
    const e = theError(text, /unknown host "zz"/);
    expect(e.path).toBe('flows[0].from');
    expect(e).toMatchObject(at(text, 'from: zz', 'from'));
  });

  it("a duplicate host points at the second definition's name", () => {
    const text = edit('flows:\n', '  - name: b\n    kind: router\nflows:\n');
    const e = theError(text, /duplicate host name "b"/);
    expect(e.path).toBe('hosts[3].name');
    const lines = text.split('\n');
    expect(e).toEqual(expect.objectContaining({ line: lines.lastIndexOf('  - name: b') + 1, column: 5 }));
  });
});

describe('the published JSON Schema', () => {
  it('is a draft 2020-12 object schema describing hosts', () => {
    const s = scenarioJsonSchema();
    expect(typeof s).toBe('object');
    expect(String(s.$schema)).toMatch(/2020-12/);
    const props = s.properties as Record<string, unknown>;
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['version', 'metadata', 'hosts', 'flows']));
    expect(props.hosts).toMatchObject({ type: 'array' });
  });
});

describe('robustness (fast-check)', () => {
  // A lone CR is a line break too (YAML's rule, which the loader follows).
  const linesOf = (text: string) => text.split(/\r\n|\r|\n/);

  /** Loads `text`; checks the result is well-formed and, when it loaded, that every flow simulates. */
  function checkLoad(text: string): void {
    let r: LoadResult;
    try {
      r = loadScenario(text, 'fuzz.yaml');
    } catch (e) {
      throw new Error(`loadScenario threw ${String(e)} on:\n${text}`, { cause: e });
    }
    if (r.ok) {
      for (const f of r.scenario.flows) simulate(r.scenario.world, flowInput(f));
      return;
    }
    if (r.errors.length === 0) throw new Error('rejected without errors');
    const lines = linesOf(text);
    const max = lines.length + 1;
    for (const e of r.errors) {
      const ok =
        e.file === 'fuzz.yaml' &&
        Number.isInteger(e.line) &&
        Number.isInteger(e.column) &&
        e.line >= 1 &&
        e.column >= 1 &&
        e.line <= max &&
        // A column lies within its line, at most one past its end; a message quotes no long token.
        e.column <= (lines[e.line - 1] ?? '').length + 1 &&
        !/[^\s"]{61}/.test(e.message) &&
        typeof e.message === 'string' &&
        e.message.trim().length > 0;
      if (!ok) throw new Error(`bad error ${JSON.stringify(e)} (file has ${max - 1} lines) for:\n${text}`);
    }
  }

  const TOKENS = [
    ':',
    ': ',
    '- ',
    '-',
    '|',
    '>',
    '"',
    "'",
    '[',
    ']',
    '{',
    '}',
    ',',
    '#',
    '&x ',
    '*x',
    '!!int ',
    '---\n',
    '...\n',
    '\t',
    '\n',
    '    ',
    'null',
    '~',
    '-1',
    '1e999',
    '0x1g',
    'via',
    'dev',
    'onlink',
    'blackhole',
    '-A',
    '-j',
    '-m',
    '*nat',
    'COMMIT',
    ':INPUT DROP [0:0]',
    'hosts:',
    'name: a',
    'peer: a/eth0',
    '10.0.0.1/33',
    '999.1.1.1',
    'é',
    '😀',
    '\r',
    '\u0000',
    'version: 2',
    'type: vxlan',
    'kind: pod',
  ];
  type Mutation =
    | { op: 'delChar' | 'dupChar' | 'delLine' | 'dupLine'; at: number }
    | { op: 'repChar'; at: number; ch: string }
    | { op: 'insert'; at: number; tok: string }
    | { op: 'swapLines'; at: number; at2: number };
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constantFrom('delChar' as const, 'dupChar' as const, 'delLine' as const, 'dupLine' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('repChar' as const), at: fc.nat(), ch: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), tok: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })) }),
    fc.record({ op: fc.constant('swapLines' as const), at: fc.nat(), at2: fc.nat() }),
  );
  function apply(text: string, m: Mutation): string {
    const i = text.length ? m.at % text.length : 0;
    const lines = text.split('\n');
    const li = m.at % lines.length;
    switch (m.op) {
      case 'delChar':
        return text.slice(0, i) + text.slice(i + 1);
      case 'dupChar':
        return text.slice(0, i + 1) + text.slice(i);
      case 'repChar':
        return text.slice(0, i) + m.ch + text.slice(i + 1);
      case 'insert':
        return text.slice(0, i) + m.tok + text.slice(i);
      case 'delLine':
        return [...lines.slice(0, li), ...lines.slice(li + 1)].join('\n');
      case 'dupLine':
        return [...lines.slice(0, li + 1), ...lines.slice(li)].join('\n');
      case 'swapLines': {
        const lj = m.at2 % lines.length;
        const out = [...lines];
        [out[li], out[lj]] = [out[lj], out[li]];
        return out.join('\n');
      }
    }
  }

  const bundled = readFileSync(resolve(__dirname, '../../scenarios/canal-nodeport.yaml'), 'utf8');

  it('the bundled scenario used as the seed loads', () => {
    expect(loadScenario(bundled, 'seed.yaml').ok).toBe(true);
  });

  it('random mutations of a bundled scenario load or fail with positioned errors, never throw', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (ms) => {
        checkLoad(ms.reduce(apply, bundled));
      }),
      { seed: 20240611, numRuns: 300 },
    );
    // Generous: 300 loads of a 500-line scenario on a busy 2-core machine; not a speed check.
  }, 180_000);

  it('random mutations of a small scenario behave the same', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        checkLoad(ms.reduce(apply, BASE));
      }),
      { seed: 7, numRuns: 300 },
    );
  }, 180_000);

  it('arbitrary strings and prose load or fail with positioned errors, never throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: fc.constantFrom(...TOKENS, 'a', ' ', '1', '.'), maxLength: 60 }),
          fc.lorem({ maxCount: 30, mode: 'sentences' }),
          fc.lorem({ maxCount: 30 }).map((words) => `version: 1\nmetadata:\n  title: ${words}\nhosts:\n  - ${words}`),
        ),
        checkLoad,
      ),
      { seed: 99, numRuns: 300 },
    );
  }, 180_000);
});
