import { describe, expect, it } from 'vitest';
import { parseNftables } from './index';

const parse = (text: string) => parseNftables(text, { file: 't.nft', line: 1, column: 1 });
const errs = (text: string) => parse(text).errors.map((e) => `${e.line}:${e.column} ${e.message}`);
const rulesOf = (text: string, chain = 'c') => {
  const r = parse(text);
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return r.ruleset.tables[0].chains[chain].rules.map((x) => x.text);
};

describe('the nft -f transaction form', () => {
  it('objects in any order after their table; rules appended in text order; insert prepends', () => {
    expect(rulesOf('add table ip t\nadd rule ip t c accept\nadd chain ip t c\nadd rule ip t c drop\ninsert rule ip t c counter\n')).toEqual(['counter', 'accept', 'drop']);
  });

  it('the family defaults to ip; commands may share a line with ";"; # comments and blank lines are ignored', () => {
    const r = parse('# kube-proxy\n\nadd table t ; add chain t c ; add rule t c accept # trailing comment\n');
    expect(r.errors).toEqual([]);
    expect(r.ruleset.tables[0]).toMatchObject({ family: 'ip', name: 't' });
    expect(r.ruleset.tables[0].chains.c.rules.map((x) => x.text)).toEqual(['accept']);
  });

  it('a backslash continues a line, and element lists span lines', () => {
    const r = parse('add table ip t\nadd set ip t s { type ipv4_addr ; }\nadd element ip t s {\n  10.0.0.1,\n  10.0.0.2 }\nadd chain ip t c\nadd rule ip t c ip saddr @s \\\n  accept\n');
    expect(r.errors).toEqual([]);
    expect(r.ruleset.tables[0].sets.s.elements.map((e) => e.text)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(r.ruleset.tables[0].chains.c.rules[0].text).toBe('ip saddr @s accept');
  });

  it('flush and delete act on what came before them', () => {
    const text = 'add table ip t\nadd chain ip t c\nadd rule ip t c drop\nflush chain ip t c\nadd rule ip t c accept\n';
    expect(rulesOf(text)).toEqual(['accept']);
    const r = parse('add table ip old\nflush ruleset\nadd table ip t\nadd chain ip t c\nadd chain ip t d\ndelete chain ip t d\n');
    expect(r.errors).toEqual([]);
    expect(r.ruleset.tables.map((t) => t.name)).toEqual(['t']);
    expect(Object.keys(r.ruleset.tables[0].chains)).toEqual(['c']);
    expect(parse('add table ip t\nadd set ip t s { type ipv4_addr ; }\nadd element ip t s { 1.2.3.4 }\nflush set ip t s\n').ruleset.tables[0].sets.s.elements).toEqual([]);
    expect(parse('destroy table ip nosuch\n').errors).toEqual([]);
  });

  it('refuses what nft refuses', () => {
    expect(errs('add table ip t\ncreate table ip t\n')).toEqual(['2:1 table ip t already exists (create refuses an existing table; add accepts it)']);
    expect(errs('add chain ip t c\n')).toEqual(['1:1 chain c: there is no table ip t; declare it first (add table ip t)']);
    expect(errs('add table ip t\nadd chain ip t c\nadd chain ip t c { type filter hook input priority 0 ; }\n')).toEqual([
      '3:1 chain c already exists as a regular chain; nft cannot make it a base chain',
    ]);
    expect(errs('add table ip t\nadd chain ip t c { policy drop ; }\n')).toEqual(['2:1 chain c has a policy but no "type … hook … priority …": only base chains have a policy']);
    expect(errs('add table ip t\nadd map ip t m { type ipv4_addr ; }\n')).toEqual(['2:1 map m needs a data type after ":" (type KEY : verdict)']);
    expect(errs('add table ip t\nadd chain ip t c\nadd rule ip t c position 3 accept\n')).toEqual([
      '3:17 unexpected "position": "position" is not supported: rules are added in the order they are written',
    ]);
    expect(errs('define x = 1\n')).toEqual(['1:1 unexpected "define": expected a command: table, chain, set, map, rule, element, add, create, insert, flush or delete']);
  });

  it('resolves named priorities and keeps them as written', () => {
    const r = parse(
      'table ip t {\n  chain a { type filter hook prerouting priority dstnat - 10; }\n  chain b { type nat hook postrouting priority srcnat+5; policy accept; }\n  chain c { type filter hook forward priority -150; }\n}\ntable bridge br {\n  chain d { type filter hook forward priority filter; }\n}\n',
    );
    expect(r.errors).toEqual([]);
    const c = r.ruleset.tables[0].chains;
    expect([c.a.base, c.b.base, c.c.base].map((b) => [b?.priority, b?.priorityText])).toEqual([
      [-110, 'dstnat - 10'],
      [105, 'srcnat+5'],
      [-150, '-150'],
    ]);
    expect(r.ruleset.tables[1].chains.d.base?.priority).toBe(-200);
  });
});
