import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNftables } from './index';

const here = path.dirname(fileURLToPath(import.meta.url));
const PEER = path.resolve(here, '../../../../../shared/peer-suites');
const have = fs.existsSync(path.join(PEER, 'kube-proxy-nftables'));
if (!have) console.warn(`skipping nftables peer-suite parse tests: ${PEER} is missing`);

/** Every nft ruleset text of the two kube-proxy nftables suites. */
function rulesets(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const read = (dir: string, filter: (f: string) => boolean, keys: string[]) => {
    for (const f of fs.readdirSync(path.join(PEER, dir)).filter(filter).sort()) {
      const d = JSON.parse(fs.readFileSync(path.join(PEER, dir, f), 'utf8')) as Record<string, unknown>;
      for (const k of keys) if (typeof d[k] === 'string') out.push({ name: `${dir}/${f}:${k}`, text: d[k] as string });
    }
  };
  read('kube-proxy-nftables', (f) => f.endsWith('.json'), ['nftRuleset']);
  read('kube-proxy-gen', (f) => f.startsWith('nftables-') && f.endsWith('.json'), ['expected', 'initialState']);
  return out;
}

describe.skipIf(!have)('kube-proxy nftables peer suites', () => {
  it('every ruleset parses with zero errors and zero unsupported statements, every add rule kept', () => {
    const all = rulesets();
    expect(all.length).toBe(2 + 13 + 1);
    for (const r of all) {
      const { ruleset, errors } = parseNftables(r.text, { file: r.name, line: 1, column: 1 });
      expect(errors, r.name).toEqual([]);
      const rules = ruleset.tables.flatMap((t) => Object.values(t.chains).flatMap((c) => c.rules));
      expect(rules.length, r.name).toBe(r.text.split('\n').filter((l) => l.startsWith('add rule ')).length);
      const unsupported = rules.flatMap((x) => x.stmts.filter((s) => s.kind === 'unsupported').map((s) => `${x.chain}: ${s.text}`));
      expect(unsupported, r.name).toEqual([]);
      const elements = ruleset.tables.flatMap((t) => Object.values(t.sets).flatMap((s) => s.elements));
      expect(elements.length, r.name).toBe(
        r.text
          .split('\n')
          .filter((l) => l.startsWith('add element '))
          .reduce((n, l) => n + l.split(',').length, 0),
      );
    }
  });
});
