/**
 * A chain whose rules were kept as their lines (block-rules.ts, engine/netfilter/lazy-rules.ts)
 * must give, when first read, exactly the rules the full parser gives for its `-A` lines: same
 * order, index, text, source position, matches and target. Checked on the bench's kube-proxy node
 * and every bundled scenario.
 */
import { describe, expect, it } from 'vitest';
import { LazyChain, ruleCount } from '../../../engine/netfilter/lazy-rules';
import type { Chain, TableName } from '../../../engine/netfilter/types';
import { kubeProxyDump } from '../../../bench/kube-proxy-iptables';
import { wholeFileLocator } from '../../errors';
import { parseIptablesSave } from '../iptables-save';
import { bundledIptablesDumps } from './bundled-dumps';
import { Interner } from './intern';
import { parseRuleTokens } from './rule';
import { tokenize } from './tokenize';

/** Each chain's rules as the full parser reads the dump's `-A` lines, keyed `table chain`. */
function fullParse(dump: string): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  let table: TableName = 'filter';
  dump.split('\n').forEach((line, i) => {
    if (line.startsWith('*')) table = line.slice(1).trim() as TableName;
    const col = line.length - line.trimStart().length + 1;
    if (!line.trimStart().startsWith('-A ')) return;
    const tk = tokenize(line);
    if (!tk.ok) throw new Error(tk.message);
    const d = parseRuleTokens(tk.tokens, table, new Interner());
    const key = `${table} ${d.chain}`;
    const list = out.get(key) ?? [];
    list.push({ index: list.length + 1, text: line.trim(), line: i + 1, column: col, matches: d.matches, target: d.target });
    out.set(key, list);
  });
  return out;
}

/** Compares the parsed dump's chains, read one after the other, with the full parse; how many chains were kept as lines. */
function compare(dump: string): { lazy: number; rules: number } {
  const { ruleset, errors } = parseIptablesSave(dump, wholeFileLocator('t.rules'));
  expect(errors).toEqual([]);
  const want = fullParse(dump);
  let lazy = 0;
  let rules = 0;
  for (const t of Object.values(ruleset.tables)) {
    for (const c of Object.values(t!.chains) as Chain[]) {
      if (c instanceof LazyChain) {
        lazy++;
        expect(c.built, c.name).toBe(false);
      }
      const count = ruleCount(c);
      const got = c.rules.map((r) => ({ index: r.index, text: r.text, line: r.source?.line, column: r.source?.column, matches: r.matches, target: r.target }));
      expect(JSON.parse(JSON.stringify(got)), `${t!.name} ${c.name}`).toEqual(JSON.parse(JSON.stringify(want.get(`${t!.name} ${c.name}`) ?? [])));
      expect(count).toBe(got.length);
      expect(c.rules).toBe(c.rules);
      rules += got.length;
    }
  }
  return { lazy, rules };
}

describe('chains whose rules are kept as their lines', () => {
  it('build, when first read, the rules the full parse gives on a kube-proxy node of 300 Services', () => {
    const { lazy, rules } = compare(kubeProxyDump(300).iptablesSave);
    expect(lazy).toBeGreaterThan(500);
    expect(rules).toBeGreaterThan(3000);
  });

  it('build the rules the full parse gives on every bundled scenario', () => {
    let rules = 0;
    for (const t of bundledIptablesDumps()) rules += compare(t).rules;
    expect(rules).toBeGreaterThan(500);
  });

  it("copy field by field into the views' World, their rules left unbuilt and counted", async () => {
    const { worldForView } = await import('../../../worker/view-world');
    const { loadScenario } = await import('../../load');
    const r = loadScenario(kubeProxyDump(100).yaml, 'k.yaml', { maxBytes: Infinity });
    if (!r.ok) throw new Error(r.errors[0].message);
    const view = worldForView(r.scenario.world);
    let lazy = 0;
    for (const [name, ns] of Object.entries(r.scenario.world.netns))
      for (const t of Object.values(ns.ruleset.tables))
        for (const c of Object.values(t!.chains)) {
          const v = view.netns[name].ruleset.tables[t!.name]!.chains[c.name];
          expect(v.omitted).toBe(ruleCount(c));
          expect(v.rules).toEqual([]);
          expect(v.source).toEqual(c.source);
          if (c instanceof LazyChain) {
            lazy++;
            expect(c.built).toBe(false);
          }
        }
    expect(lazy).toBeGreaterThan(100);
  });

  it('name the line and column of an error in a rule kept as its line, as for a rule parsed in full', () => {
    const lines = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':KUBE-SVC-A - [0:0]',
      ':KUBE-SEP-A - [0:0]',
      '-A KUBE-SVC-A -m comment --comment "a" -j KUBE-SEP-A',
      '-A KUBE-SVC-A -m comment --comment "b" -j KUBE-SEP-B',
      '-A KUBE-SVC-C -m comment --comment "c" -j KUBE-SEP-A',
      '-A KUBE-SEP-A -m comment --comment "d" -j KUBE-SVC-A',
      'COMMIT',
    ];
    const { errors } = parseIptablesSave(lines.join('\n'), wholeFileLocator('t.rules'));
    const at = (line: number, word: string) => ({ line, column: lines[line - 1].lastIndexOf(word) + 1 });
    expect(errors.map((e) => ({ line: e.line, column: e.column }))).toEqual([at(6, 'KUBE-SEP-B'), at(7, 'KUBE-SVC-C'), at(8, 'KUBE-SVC-A')]);
    expect(errors[0].message).toContain('unknown chain "KUBE-SEP-B"');
    expect(errors[1].message).toContain('unknown chain "KUBE-SVC-C"');
    expect(errors[2].message).toContain('jump loop');
  });
});
