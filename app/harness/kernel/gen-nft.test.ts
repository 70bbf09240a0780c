/** The generated nft worlds: valid scenarios that put nftables next to iptables, in the shapes the kernel accepts. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario } from '../../scenario';
import { generateNftCases } from './gen-nft';

describe('generated nft worlds', () => {
  const cases = generateNftCases(60, 1);
  const docs = cases.map((c) => parse(c.yaml) as { hosts: { iptables?: string; nftables?: string }[] });
  const nft = docs.flatMap((d) => d.hosts.map((h) => h.nftables ?? '')).filter(Boolean);

  it('always load, and most carry an nftables ruleset, often beside iptables rules in the same netns', () => {
    for (const c of cases) expect(loadScenario(c.yaml, `${c.id}.yaml`).ok, c.id).toBe(true);
    expect(nft.length).toBeGreaterThan(40);
    expect(docs.flatMap((d) => d.hosts).filter((h) => h.nftables && h.iptables).length).toBeGreaterThan(15);
  });

  it('draw ip and inet tables, filter and nat chains, every hook, regular chains and NAT statements', () => {
    const all = nft.join('\n');
    for (const s of [
      'table ip pw',
      'table inet pw',
      'type nat',
      'hook prerouting',
      'hook input',
      'hook forward',
      'hook output',
      'hook postrouting',
      'chain u {',
      'dnat',
      'masquerade',
      'reject',
      'ct state',
      'policy drop',
    ])
      expect(all, s).toContain(s);
    expect(all).toMatch(/(jump|goto) u\b/);
  });

  it('stay inside what nft and the harness accept: no nat chain at or below -200, inet NAT with its family, no chain at -300', () => {
    const all = nft.join('\n');
    expect(all).not.toMatch(/type nat hook \w+ priority -(2\d\d|3\d\d)/);
    expect(all).not.toMatch(/priority -300/);
    const inetTables = nft.flatMap((t) => t.split(/^(?=table )/m)).filter((t) => t.startsWith('table inet'));
    expect(inetTables.length).toBeGreaterThan(5);
    for (const t of inetTables) expect(t).not.toMatch(/\b(dnat|snat) to /);
  });

  it('include rulesets whose nat chain is all that would need conntrack (the kernel leaves conntrack off and never walks it)', () => {
    const lone = nft.filter((x) => x.includes('type nat') && !/\b(ct |dnat|snat|masquerade)/.test(x.replace(/type nat[^\n]*/g, '')));
    expect(lone.length).toBeGreaterThan(0);
  });
});
