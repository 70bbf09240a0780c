import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { NftExpr, NftRuleset, NftStmt } from '../../../engine/nftables/types';
import { parseNftables, parseNftablesJson } from './index';
import { ruleText } from './print';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = (f: string) => fs.readFileSync(path.join(here, 'testdata', f), 'utf8');
const origin = (file: string) => ({ file, line: 1, column: 1 });

/** A value's number when it is one (0x00004000 and 16384 are the same mark). */
function normValue(text: string): string {
  return /^(0x[0-9a-f]+|\d+)$/i.test(text) ? String(Number(text)) : text;
}

/** The model with what differs only in spelling between the three outputs made equal. */
function normalize(rs: NftRuleset, keepHandles: boolean, objectComments = true): unknown {
  const expr = (e: NftExpr): unknown => JSON.parse(JSON.stringify(e, (k, v) => (k === 'text' && typeof v === 'string' ? normValue(v) : k === 'source' ? undefined : v)));
  const stmt = (s: NftStmt): unknown => {
    if (s.kind === 'unsupported') return 'unsupported';
    if (s.kind === 'match') return { ...s, op: s.op === 'implicit' ? '==' : s.op, left: expr(s.left), right: expr(s.right) };
    return expr(s as unknown as NftExpr);
  };
  return rs.tables.map((t) => ({
    family: t.family,
    name: t.name,
    comment: objectComments ? t.comment : undefined,
    chains: Object.values(t.chains)
      .map((c) => ({
        name: c.name,
        comment: objectComments ? c.comment : undefined,
        base: c.base && { ...c.base, priorityText: undefined },
        rules: c.rules.map((r) => ({
          index: r.index,
          comment: r.comment,
          handle: keepHandles ? r.handle : undefined,
          // nft shows an xt extension as text in one form and as {"xt": …} in the other: both unsupported.
          stmts: r.stmts.some((s) => s.kind === 'unsupported') ? 'has unsupported' : r.stmts.map(stmt),
        })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    sets: Object.values(t.sets)
      .map((s) => ({
        ...s,
        source: undefined,
        flags: s.flags.filter((f) => f !== 'dynamic'), // nft -j drops "dynamic"
        // An element's text is as written: nft prints `"eth0"` quoted, JSON has the bare string.
        elements: s.elements.map((e) => ({ ...(expr(e as unknown as NftExpr) as object), text: e.text.replace(/"/g, ''), source: undefined })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

describe('the three forms nft prints', () => {
  const list = parseNftables(data('kube-proxy-iptnft.list.nft'), origin('list.nft'));
  const listA = parseNftables(data('kube-proxy-iptnft.list-a.nft'), origin('list-a.nft'));
  const json = parseNftablesJson(data('kube-proxy-iptnft.list.json'), origin('list.json'));

  it('parse with zero errors', () => {
    expect(list.errors).toEqual([]);
    expect(listA.errors).toEqual([]);
    expect(json.errors).toEqual([]);
    expect(list.ruleset.tables.map((t) => `${t.family} ${t.name}`)).toEqual(['ip kube-proxy', 'ip6 kube-proxy', 'ip filter', 'ip nat']);
  });

  it('nft list ruleset, nft -a list ruleset and nft -j list ruleset give the same model', () => {
    expect(normalize(listA.ruleset, false)).toEqual(normalize(list.ruleset, false));
    // iptables-nft's tables: nft translates some xt extensions in text (`meta random & …`,
    // `snat to …`) but shows all of them as {"xt": …} in JSON, so only their shape is compared.
    const kube = (rs: NftRuleset): NftRuleset => ({ tables: rs.tables.slice(0, 2) });
    // nft 1.0.6's JSON leaves out table and chain comments.
    expect(normalize(kube(json.ruleset), true, false)).toEqual(normalize(kube(listA.ruleset), true, false));
    const shape = (rs: NftRuleset) => rs.tables.slice(2).map((t) => Object.values(t.chains).map((c) => [c.name, c.base?.policy, c.rules.map((r) => r.handle)]));
    expect(shape(json.ruleset)).toEqual(shape(listA.ruleset));
  });

  it('keeps the handles nft -a prints, and none without -a', () => {
    const chain = listA.ruleset.tables[0].chains['filter-forward'];
    expect(chain.rules[0].handle).toBe(36);
    expect(list.ruleset.tables[0].chains['filter-forward'].rules[0].handle).toBeUndefined();
    expect(json.ruleset.tables[0].chains['filter-forward'].rules[0].handle).toBe(36);
  });

  it("a rule's text is its statements as nft printed them, without the handle", () => {
    const r = listA.ruleset.tables[0].chains['external-42NFTM6N-ns2/svc2/tcp/p80'].rules[0];
    expect(r.text).toBe('ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"');
    expect(r.comment).toBe('short-circuit pod traffic');
    expect(r.source).toEqual({
      file: 'list-a.nft',
      line:
        data('kube-proxy-iptnft.list-a.nft')
          .split('\n')
          .findIndex((l) => l.includes('# handle 62')) + 1,
      column: 3,
    });
  });

  it('printing the parsed statements gives back the text nft printed (kube-proxy tables)', () => {
    for (const t of list.ruleset.tables.slice(0, 2)) for (const c of Object.values(t.chains)) for (const r of c.rules) expect(ruleText(r.stmts, r.comment)).toBe(r.text);
  });

  it("rebuilds the JSON rules' text in nft syntax", () => {
    const r = json.ruleset.tables[0].chains['masquerading'].rules;
    expect(r.map((x) => x.text)).toEqual(['meta mark & 16384 == 0 return', 'meta mark set meta mark ^ 16384', 'masquerade fully-random']);
    expect(json.ruleset.tables[2].chains['KUBE-FW'].rules[1].text).toBe('xt match set counter packets 0 bytes 0 drop');
  });

  it('iptables-nft extensions nft cannot translate are unsupported statements, not errors', () => {
    const unsupported = (rs: NftRuleset) => Object.values(rs.tables[2].chains).flatMap((c) => c.rules.filter((r) => r.stmts.some((s) => s.kind === 'unsupported')).map((r) => `${c.name}#${r.index}`));
    expect(unsupported(list.ruleset)).toEqual(['INPUT#4', 'KUBE-FW#2']);
    expect(unsupported(json.ruleset)).toEqual(['INPUT#1', 'INPUT#4', 'INPUT#5', 'INPUT#7', 'KUBE-FW#1', 'KUBE-FW#2']);
    const xt = list.ruleset.tables[2].chains['KUBE-FW'].rules[1].stmts[0];
    expect(xt).toMatchObject({ kind: 'unsupported', text: 'xt match set' });
  });
});

describe('the transaction form kube-proxy writes', () => {
  it('parses the fixtures with the rules in text order', () => {
    const r = parseNftables(data('kube-proxy-v4.nft'), origin('v4.nft'));
    expect(r.errors).toEqual([]);
    const masq = r.ruleset.tables[0].chains['masquerading'];
    expect(masq.rules.map((x) => x.text)).toEqual(['mark and 0x4000 == 0 return', 'mark set mark xor 0x4000', 'masquerade fully-random']);
    expect(masq.rules.map((x) => x.index)).toEqual([1, 2, 3]);
    const pre = r.ruleset.tables[0].chains['filter-prerouting-pre-dnat'].base;
    expect(pre).toEqual({ type: 'filter', hook: 'prerouting', priority: -110, priorityText: '-110', policy: 'accept' });
  });
});

describe('every statement kind, loaded into the kernel and listed back', () => {
  const source = parseNftables(data('statements.nft'), origin('statements.nft'));
  const list = parseNftables(data('statements.list.nft'), origin('list.nft'));
  const listA = parseNftables(data('statements.list-a.nft'), origin('list-a.nft'));
  const json = parseNftablesJson(data('statements.list.json'), origin('list.json'));

  it('the file nft -f loaded and its three listings parse with zero errors', () => {
    for (const r of [source, list, listA, json]) expect(r.errors).toEqual([]);
  });

  it('the listings give the same model; only limit is unsupported', () => {
    expect(normalize(listA.ruleset, false)).toEqual(normalize(list.ruleset, false));
    expect(normalize(json.ruleset, true, false)).toEqual(normalize(listA.ruleset, true, false));
    const unsupported = (rs: NftRuleset) =>
      rs.tables.flatMap((t) => Object.values(t.chains).flatMap((c) => c.rules.flatMap((r) => r.stmts.filter((s) => s.kind === 'unsupported').map(() => `${c.name}#${r.index}`))));
    for (const r of [source, list, listA, json]) expect(unsupported(r.ruleset)).toEqual(['c_input#17']);
  });

  it('printing the parsed statements gives back what nft printed', () => {
    for (const c of Object.values(list.ruleset.tables[0].chains))
      for (const r of c.rules) {
        // The model keeps a log's prefix, not its level.
        if (r.stmts.some((s) => s.kind === 'unsupported') || r.text.includes(' level ')) continue;
        expect(ruleText(r.stmts, r.comment)).toBe(r.text);
      }
  });
});
