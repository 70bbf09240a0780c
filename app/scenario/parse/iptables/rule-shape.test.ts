/**
 * Rules built from their shape (rule-shape.ts) must be exactly what the full parse (rule.ts) gives,
 * value for value and error for error: checked line by line on every bundled scenario, kube-proxy's
 * own test dumps, the bench's generated node, and lines made to look alike but read differently.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Table, type TableName, mayHold } from '../../../engine/netfilter/types';
import { wholeFileLocator } from '../../errors';
import { parseIptablesSave } from '../iptables-save';
import { kubeProxyDump } from '../../../bench/kube-proxy-iptables';
import { bundledIptablesDumps } from './bundled-dumps';
import { RuleError } from './common';
import { Interner } from './intern';
import { parseRuleTokens } from './rule';
import { RuleShapes } from './rule-shape';
import { LineWords } from './rule-words';
import { type Token, tokenize } from './tokenize';

/** The parse of one rule as comparable data: the draft, or the error's column and sentence. */
function outcome(parse: () => unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(parse()));
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    return { col: e.col, message: e.message };
  }
}

/** Compares both parses for every `-A` line of `dump`; returns how many rules were compared and how many were built from a shape. */
function compareDump(dump: string): { rules: number; built: number } {
  const intern = new Interner();
  const shapesOf = new Map<TableName, RuleShapes>();
  let table: TableName = 'filter';
  let n = 0;
  for (const line of dump.split(/\r?\n/)) {
    if (line.startsWith('*')) table = line.slice(1).trim() as TableName;
    if (!line.trimStart().startsWith('-A')) continue;
    const tk = tokenize(line);
    if (!tk.ok) continue;
    const tokens: readonly Token[] = tk.tokens;
    let shapes = shapesOf.get(table);
    if (!shapes) shapesOf.set(table, (shapes = new RuleShapes(table, intern)));
    // As the loader does: the line checked against a known shape and built from it when its chain
    // is read (block-rules.ts), its tokens parsed in full when no shape reads it.
    const viaShape = outcome(() => (shapes.checkLine(line) ? shapes.rebuild(shapes.lastKey, line) : undefined) ?? shapes.parse(tokens, line));
    const full = outcome(() => parseRuleTokens(tokens, table, new Interner()));
    expect(viaShape, line).toEqual(full);
    n++;
  }
  return { rules: n, built: [...shapesOf.values()].reduce((sum, s) => sum + s.built, 0) };
}

describe('rules built from their shape (rule-shape.ts)', () => {
  it('equal the full parse on the bench node (a kube-proxy dump of 300 Services)', () => {
    const { rules, built } = compareDump(kubeProxyDump(300).iptablesSave);
    expect(rules).toBeGreaterThan(3000);
    expect(built).toBeGreaterThan(rules - 20);
  });

  it('equal the full parse on every bundled scenario', () => {
    let n = 0;
    for (const t of bundledIptablesDumps()) n += compareDump(t).rules;
    expect(n).toBeGreaterThan(500);
  });

  const peer = resolve(__dirname, '../../../../../shared/peer-suites/kube-proxy');
  it.skipIf(!existsSync(peer))("equal the full parse on kube-proxy's own test dumps", () => {
    let n = 0;
    for (const f of readdirSync(peer).filter((x) => x.endsWith('.json'))) n += compareDump((JSON.parse(readFileSync(resolve(peer, f), 'utf8')) as { iptablesSave: string }).iptablesSave).rules;
    expect(n).toBeGreaterThan(500);
  });

  it('read each value of a known shape as the full parse would, errors included', () => {
    const lines = [
      // A shape, then the same shape with values that do not read cleanly.
      '-A KUBE-SVC-A ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p tcp -m comment --comment "a" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-B ! -s 10.244.0.0/16 -d 10.96.0.300/32 -p tcp -m comment --comment "b" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-B ! -s 10.244.0.0/99 -d 10.96.0.3/32 -p tcp -m comment --comment "b" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-B ! -s 10.244.0.0/16 -d 10.96.0.3/32 -p tcp -m comment --comment "' + 'x'.repeat(300) + '" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-C ! -s 10.244.0.0/16 -d 10.96.0.4/255.255.0.0 -p tcp -m comment --comment "c" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-C ! -s 10.244.0.0/16 -d 10.96.0.4/255.0.255.0 -p tcp -m comment --comment "c" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      // A jump slot whose word names a target, and chains that are built-in.
      '-A KUBE-SVC-C -m comment --comment "c" -j KUBE-SEP-A',
      '-A KUBE-SVC-C -m comment --comment "c" -j ACCEPT',
      '-A KUBE-SVC-C -m comment --comment "c" -j TPROXY',
      '-A OUTPUT -m comment --comment "c" -j KUBE-SEP-A',
      '-A OUTPUT -i eth0 -m comment --comment "c" -j KUBE-SEP-A',
      '-A KUBE-SVC-D -i eth0 -m comment --comment "c" -j KUBE-SEP-A',
      // DNAT: a port needs -p tcp/udp/sctp; ranges and bad addresses are refused.
      '-A KUBE-SEP-A -p tcp -m comment --comment "a" -m tcp -j DNAT --to-destination 10.244.1.0:8080',
      '-A KUBE-SEP-B -p tcp -m comment --comment "a" -m tcp -j DNAT --to-destination 10.244.1.0-10.244.1.9:8080',
      '-A KUBE-SEP-B -p tcp -m comment --comment "a" -m tcp -j DNAT --to-destination 10.244.1.1:99999',
      '-A KUBE-SEP-B -p tcp -m comment --comment "a" -m tcp -j DNAT --to-destination :',
      '-A KUBE-SEP-C -m comment --comment "a" -j DNAT --to-destination 10.244.1.0',
      '-A KUBE-SEP-C -m comment --comment "a" -j DNAT --to-destination 10.244.1.0:80',
      // Words that look like slots but are another option's value.
      '-A KUBE-SVC-E -m comment --comment -s 10.0.0.1 -j KUBE-SEP-A',
      '-A KUBE-SVC-E -m comment --comment -s 10.0.0.2 -j KUBE-SEP-B',
      '-A KUBE-SVC-E -s 10.0.0.1 -m comment --comment -s 10.0.0.1 -j KUBE-SEP-A',
      '-A KUBE-SVC-E -s 10.0.0.9 -m comment --comment -s 10.0.0.7 -j KUBE-SEP-A',
      '-A KUBE-SVC-E -m comment --comment "a" -m comment --comment "b" -j KUBE-SEP-A',
      '-A KUBE-SVC-E -m comment --comment "c" -m comment --comment "d" -j KUBE-SEP-B',
      '-A KUBE-SVC-E -m comment --comment one two -j KUBE-SEP-A',
      '-A KUBE-SVC-E -m comment --comment three four -j KUBE-SEP-B',
      '-A KUBE-SVC-E -j KUBE-SEP-A -g KUBE-SEP-B',
      '-A KUBE-SVC-E -j KUBE-SEP-C -g KUBE-SEP-D',
      '-A KUBE-SVC-F -g KUBE-SEP-A',
      '-A KUBE-SVC-G -g KUBE-SEP-B',
      '-A KUBE-SVC-F -d ! -j X',
      '-A KUBE-SVC-F -j',
      // A known shape written with other blanks, leading or trailing spaces, glued quotes, escapes.
      '-A KUBE-SEP-D -p tcp -m comment --comment "a" -m tcp -j DNAT --to-destination 10.244.1.5:8080',
      '-A KUBE-SEP-D\t-p tcp -m comment --comment "a" -m tcp -j DNAT --to-destination 10.244.1.6:8080',
      '  -A KUBE-SEP-D -p tcp -m comment --comment "a" -m tcp -j DNAT --to-destination 10.244.1.7:8080',
      '-A KUBE-SEP-D -p tcp -m comment --comment "a" -m tcp -j DNAT --to-destination 10.244.1.8:8080  ',
      '-A KUBE-SEP-D -p tcp -m comment --comment "a b" -m tcp -j DNAT --to-destination 10.244.1.9\t:8080',
      '-A KUBE-SEP-D -p tcp -m comment --comment "a\\"b" -m tcp -j DNAT --to-destination 10.244.1.10:8080',
      '-A KUBE-SEP-D -p tcp -m comment --comment ""x -m tcp -j DNAT --to-destination 10.244.1.11:8080',
      '-A KUBE-SEP-D -p tcp -m comment --comment "" -m tcp -j DNAT --to-destination 10.244.1.12:8080',
      '-A KUBE-SEP-"D" -p tcp -m comment --comment "c" -m tcp -j DNAT --to-destination 10.244.1.13:8080',
      '-A KUBE-SEP-D -p tcp -m comment --comment "c" -m tcp -j DNAT --to-destination 10.244.1.14:8080 -j DNAT',
      // Parts a rule keeps to itself (not shared) and hook limits at shifted columns.
      '-A KUBE-SVC-H -m recent --name a --set -j KUBE-SEP-A',
      '-A KUBE-SVC-HH -m recent --name a --set -j KUBE-SEP-B',
      '-A KUBE-SVC-I -m comment --comment "aa" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      '-A KUBE-SVC-IIII -m comment --comment "aaaaa" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    ];
    const nat = compareDump(['*nat', ...lines].join('\n'));
    expect(nat.rules).toBe(lines.length);
    expect(nat.built).toBeGreaterThanOrEqual(3);
    expect(compareDump(['*filter', ...lines].join('\n')).rules).toBe(lines.length);
  });

  it('scan a line into the words tokenize.ts makes, or give the line to it', () => {
    const words = new LineWords();
    const lines = [
      '-A X -m comment --comment "a b" -j Y',
      '  -A\tX  -s 1.2.3.4/32\r',
      '-A X -m comment --comment "" -j Y',
      '-A X -m comment --comment "a \\" b" -j Y',
      '-A X -m comment --comment "a"b -j Y',
      '-A X -m comment --comment a"b c" -j Y',
      '-A X -m comment --comment "open',
      "-A X -m comment --comment 'a b' -j Y",
      '-A X -j Y\\',
      '-A ' + 'x '.repeat(200),
    ];
    const scanned = lines.map((line) => {
      if (!words.scan(line)) return undefined;
      const tk = tokenize(line);
      expect(tk.ok, line).toBe(true);
      if (tk.ok)
        expect(
          Array.from({ length: words.count }, (_, i) => words.token(i)),
          line,
        ).toEqual(tk.tokens);
      return true;
    });
    // Scanned in place: plain words, quoted words, blanks of every kind; the rest goes to tokenize.
    expect(scanned).toEqual([true, true, true, undefined, undefined, undefined, undefined, true, true, undefined]);
  });

  it("note every kind of part a table's rules hold, shaped rules included (Table.partKinds)", () => {
    const walked = (t: Table) => new Set(Object.values(t.chains).flatMap((c) => c.rules.flatMap((r) => [...r.matches.map((m) => m.kind), r.target.kind])));
    const dumps = [
      kubeProxyDump(300).iptablesSave,
      ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -m set --match-set S src -j ACCEPT', '-A INPUT -m cpu --cpu 1 -j ACCEPT', '-A INPUT -s 10.0.0.1/32 -j TPROXY', 'COMMIT'].join('\n'),
    ];
    for (const dump of dumps) {
      const { ruleset } = parseIptablesSave(dump, wholeFileLocator('x.yaml'));
      for (const t of Object.values(ruleset.tables)) expect([...t.partKinds!].sort()).toEqual([...walked(t)].sort());
    }
    const { ruleset } = parseIptablesSave(dumps[1], wholeFileLocator('x.yaml'));
    expect(mayHold(ruleset.tables.filter!, 'set')).toBe(true);
    expect(mayHold(ruleset.tables.filter!, 'unsupported')).toBe(true);
    expect(mayHold(parseIptablesSave(dumps[0], wholeFileLocator('x.yaml')).ruleset.tables.nat!, 'set')).toBe(false);
  });
});
