/**
 * The canonical rule text is what iptables-save prints back after iptables-restore. Held to the
 * kernel itself: as root, every rule of the bundled scenarios, the peer suites and an extra set
 * (test/canonical-corpus.ts) is restored in a private netns and read back; without root, to the
 * committed lines measured that way (test/canonical-kernel-lines.json, iptables-nft 1.8.9 on
 * 6.18; regenerate with test/canonical-fixture.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { wholeFileLocator } from '../../scenario/errors';
import { parseIptablesSave } from '../../scenario/parse/iptables-save';
import { canonicalRule } from './canonical';
import { collectCorpus } from './test/canonical-corpus';
import { mismatches } from './test/canonical-check';
import { canMeasure, measureKernel, type MeasuredTable } from './test/canonical-kernel';
import { ruleRef } from './walk';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(resolve(here, 'test/canonical-kernel-lines.json'), 'utf8')) as { tables: MeasuredTable[] };

/** The first rule of a filter or nat table holding `rule` (chains X and Y exist). */
function rule(text: string, table = 'filter') {
  const builtins = table === 'nat' ? ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'] : ['INPUT', 'FORWARD', 'OUTPUT'];
  const dump = `*${table}\n${builtins.map((c) => `:${c} ACCEPT [0:0]`).join('\n')}\n:X - [0:0]\n:Y - [0:0]\n${text}\nCOMMIT\n`;
  const { ruleset, errors } = parseIptablesSave(dump, wholeFileLocator('t'));
  expect(errors).toEqual([]);
  return Object.values(ruleset.tables).flatMap((t) => Object.values(t!.chains).flatMap((c) => c.rules))[0];
}

describe('canonical rule text', () => {
  it('matches every line iptables-save printed in the committed measurement', () => {
    const rules = fixture.tables.reduce((n, t) => n + t.rules.length, 0);
    expect(rules).toBeGreaterThan(250);
    expect(fixture.tables.flatMap(mismatches)).toEqual([]);
  });

  it.skipIf(!canMeasure())(
    'matches what iptables-restore/iptables-save do now, for the whole corpus (root)',
    () => {
      const measured = measureKernel(collectCorpus());
      expect(measured.reduce((n, t) => n + t.rules.length, 0)).toBeGreaterThan(800);
      expect(measured.flatMap(mismatches)).toEqual([]);
    },
    300_000,
  );

  it("reorders kube-proxy's written options the way the kernel prints them", () => {
    const r = rule('-A X -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 ! -s 10.0.0.0/8 -j Y', 'nat');
    expect(canonicalRule(r)).toBe('-A X ! -s 10.0.0.0/8 -d 172.30.1.1/32 -p tcp -m comment --comment "ns1/svc1 cluster IP" -m tcp --dport 80 -j Y');
    expect(canonicalRule(rule('-A X -p udp --dport 53 -j REJECT'))).toBe('-A X -p udp -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable');
    expect(canonicalRule(rule('-A X -j MARK --or-mark 0x4000', 'nat'))).toBe('-A X -j MARK --set-xmark 0x4000/0x4000');
  });

  it('is left out when the parsed rule cannot say what the kernel prints', () => {
    // LOG's level and an unnamed protocol number are not kept by the model: no guess.
    expect(canonicalRule(rule('-A X -j LOG --log-level 7'))).toBeUndefined();
    expect(canonicalRule(rule('-A X -p 99 -j ACCEPT'))).toBeUndefined();
    expect(ruleRef(rule('-A X -p 99 -j ACCEPT'))).not.toHaveProperty('canonical');
  });

  it('reaches the Trace through ruleRef', () => {
    expect(ruleRef(rule('-A X -s 10.1.2.3 -j ACCEPT'))).toMatchObject({ text: '-A X -s 10.1.2.3 -j ACCEPT', canonical: '-A X -s 10.1.2.3/32 -j ACCEPT' });
  });
});
