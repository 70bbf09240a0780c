import { describe, expect, it } from 'vitest';
import { parseNftables, parseNftablesJson } from './index';

const origin = { file: 'f.nft', line: 1, column: 1 };
const errs = (text: string) => parseNftables(text, origin).errors.map((e) => `${e.line}:${e.column} ${e.message}`);

describe('syntax errors name the line, the column and the word, and drop only their line', () => {
  it('a broken rule line of a chain block', () => {
    const text = 'table ip t {\n  chain c {\n    ip saddr 10.0.0.1 accept\n    ip saddr\n    jump\n    tcp dport 22 drop\n  }\n}\n';
    const r = parseNftables(text, origin);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '4:13 unexpected the end of the line: expected a value (an address, a number, a name or a quoted string)',
      '5:9 unexpected the end of the line: expected the name of the chain to jump to',
    ]);
    expect(r.ruleset.tables[0].chains.c.rules.map((x) => x.text)).toEqual(['ip saddr 10.0.0.1 accept', 'tcp dport 22 drop']);
  });

  it('an unknown command, a word where a statement belongs, a bad hook and priority', () => {
    expect(errs('add table ip t\nfrobnicate table ip t\n')).toEqual(['2:1 unexpected "frobnicate": expected a command: table, chain, set, map, rule, element, add, create, insert, flush or delete']);
    expect(errs('add table ip t\nadd chain ip t c\nadd rule ip t c ip saddr 1.2.3.4 = accept\n')).toEqual([
      '3:34 unexpected "=": expected a statement (a match such as ip saddr 10.0.0.1, a verdict such as accept, counter, …)',
    ]);
    expect(errs('add table ip t\nadd chain ip t c { type filter hook inptu priority 0 ; }\n')).toEqual([
      '2:37 unexpected "inptu": expected a hook: prerouting, input, forward, output, postrouting, ingress or egress',
    ]);
    expect(errs('add table ip t\nadd chain ip t c { type filter hook input priority fitler ; }\n')).toEqual([
      '2:52 unexpected "fitler": unknown priority name "fitler" for family ip: expected a number or one of raw, mangle, dstnat, filter, security, srcnat',
    ]);
  });

  it('a word nft does not know is an error; one nft knows but the engine does not model is not', () => {
    const r = parseNftables('table ip t {\n  chain c {\n    ip saddr 1.2.3.4 frobnicate accept\n    ip saddr 1.2.3.4 limit rate 1/second accept\n  }\n}\n', origin);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '3:22 unexpected "frobnicate": expected a statement (a match such as ip saddr 10.0.0.1, a verdict such as accept, counter, …)',
    ]);
    expect(r.ruleset.tables[0].chains.c.rules.map((x) => x.stmts.map((s) => s.kind))).toEqual([['match', 'unsupported']]);
  });

  it('an unterminated string', () => {
    expect(errs('add table ip t { comment "open ; }\nadd chain ip t c\n')[0]).toBe('1:26 unterminated string: a quoted string must end with " on the same line');
  });

  it('positions are file positions when the text starts inside a file', () => {
    const r = parseNftables('add table ip t\n  add chain ip t c\nadd rule ip t c jump\n', { file: 's.yaml', line: 10, column: 5 });
    expect(r.errors.map((e) => [e.file, e.line, e.column])).toEqual([['s.yaml', 12, 21]]);
    expect(r.ruleset.tables[0].source).toEqual({ file: 's.yaml', line: 10, column: 5 });
    expect(r.ruleset.tables[0].chains.c.source).toEqual({ file: 's.yaml', line: 11, column: 3 });
  });
});

describe('what the kernel refuses', () => {
  const base = 'add table ip t\nadd chain ip t in { type filter hook input priority 0 ; }\nadd chain ip t a\nadd chain ip t b\n';
  it('a rule or element for a chain, table or set that does not exist', () => {
    expect(errs(`${base}add rule ip t nosuch accept\nadd rule ip u a accept\nadd element ip t nomap { 1.2.3.4 }\n`)).toEqual([
      '5:22 table ip t has no chain nosuch; declare it (add chain ip t nosuch)',
      '6:17 there is no table ip u; declare it first (add table ip u)',
      '7:1 table ip t has no set or map nomap; declare it (add set or add map)',
    ]);
  });
  it('a jump to an unknown chain, an unknown @set, a jump to a base chain', () => {
    expect(errs(`${base}add rule ip t a jump nosuch\nadd rule ip t a ip saddr @nope accept\nadd rule ip t b jump in\nadd rule ip t b meta mark vmap { 1 : goto in }\n`)).toEqual([
      '5:17 rule "jump nosuch" of chain a: jump to chain "nosuch", which table ip t does not have',
      '6:17 rule "ip saddr @nope accept" of chain a: table ip t has no set or map "nope" (referenced as @nope)',
      '7:17 rule "jump in" of chain b: jump to base chain "in" (hook input); the kernel refuses jumps to base chains (Operation not supported)',
      '8:17 rule "meta mark vmap { 1 : goto in }" of chain b: goto to base chain "in" (hook input); the kernel refuses jumps to base chains (Operation not supported)',
    ]);
  });
  it('a nat chain at or below conntrack (−200) is refused; above it is accepted (measured: −199 yes, −200 no)', () => {
    expect(errs('add table ip n\nadd chain ip n p { type nat hook prerouting priority -199 ; }\n')).toEqual([]);
    expect(errs('add table ip n\nadd chain ip n p { type nat hook prerouting priority -200 ; }\n')).toEqual([
      "2:1 nat chain p at priority -200 (-200): the kernel refuses a nat chain at or below conntrack's priority −200 (EOPNOTSUPP)",
    ]);
    expect(errs('table ip n {\n  chain p {\n    type nat hook prerouting priority raw; policy accept;\n  }\n}\n')).toHaveLength(1);
  });
  it('dnat/snat to an address in an inet table needs ip or ip6, as nft says (measured with nft 1.0.6)', () => {
    const t = 'add table inet f\nadd chain inet f p { type nat hook prerouting priority dstnat ; }\n';
    expect(errs(`${t}add rule inet f p tcp dport 80 dnat ip to 10.0.0.2\n`)).toEqual([]);
    expect(errs(`${t}add rule inet f p tcp dport 80 dnat to 10.0.0.2\n`)).toEqual([
      '3:19 rule "tcp dport 80 dnat to 10.0.0.2" of chain p: in an inet table dnat to an address must name its family (dnat ip to …); nft refuses it: "ip or ip6 must be specified with address for inet tables"',
    ]);
  });
  it('a loop reachable from a base chain; an unreachable loop is accepted, as by the kernel', () => {
    expect(errs(`${base}add rule ip t a jump b\nadd rule ip t b jump a\n`)).toEqual([]);
    expect(errs(`${base}add rule ip t in jump a\nadd rule ip t a jump b\nadd rule ip t b goto a\n`)).toEqual([
      '7:17 rule "goto a" of chain b: goto a closes a loop (a → b → a); the kernel refuses it (Too many links)',
    ]);
  });
  it('16 nested jumps from a base chain are refused, 15 are accepted (NFT_JUMP_STACK_SIZE)', () => {
    const chain = (n: number) => {
      let s = 'add table ip t\nadd chain ip t in { type filter hook input priority 0 ; }\nadd rule ip t in jump c1\n';
      for (let i = 1; i <= n; i++) s += `add chain ip t c${i}\n${i < n ? `add rule ip t c${i} jump c${i + 1}\n` : ''}`;
      return s;
    };
    expect(errs(chain(15))).toEqual([]);
    expect(errs(chain(16))).toEqual(['33:19 rule "jump c16" of chain c15: jump c16 nests 16 jumps deep from base chain in; the kernel allows at most 15 (Too many links)']);
  });
});

describe('JSON errors', () => {
  it('invalid JSON is positioned where JSON.parse stopped', () => {
    const r = parseNftablesJson('{"nftables": [\n  {"table": {"family": "ip", "name": "t"}},\n  }\n]}', origin);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 3, column: 3 });
    expect(r.errors[0].message).toMatch(/^not valid JSON/);
  });
  it('a bad item is an error at its line; the other items load', () => {
    const text =
      '{"nftables": [\n  {"table": {"family": "ip", "name": "t"}},\n  {"chain": {"family": "ip", "table": "t", "name": "c", "type": "filter", "hook": "inptu", "prio": 0}},\n  {"chain": {"family": "ip", "table": "t", "name": "d"}}\n]}';
    const r = parseNftablesJson(text, origin);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(['3:3 unknown hook "inptu"']);
    expect(Object.keys(r.ruleset.tables[0].chains)).toEqual(['d']);
  });
});
