/**
 * `nftables:` and `nftables-json:` on a host: the ruleset lands on Netns.nftables, and every error
 * points into the scenario file (inside the block scalar), as for `iptables:`.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, type LoadResult } from './load';

const scenario = (host: string) => `version: 1
metadata:
  title: nft
hosts:
  - name: a
    kind: node
${host}`;

function ok(text: string) {
  const r = loadScenario(text, 'ok.yaml');
  expect(r.ok ? [] : r.errors).toEqual([]);
  if (!r.ok) throw new Error('not loaded');
  return r.scenario;
}
const errors = (r: LoadResult) => (r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`));

describe('nftables on a host', () => {
  it('the block form, as nft list ruleset prints it, with file positions for rules', () => {
    const s = ok(
      scenario(`    nftables: |
      table inet fw {
        chain input {
          type filter hook input priority filter - 5; policy drop;
          ct state established,related accept
          tcp dport 22 accept comment "ssh"
        }
      }
`),
    );
    const rs = s.world.netns.a.nftables!;
    const chain = rs.tables[0].chains.input;
    expect(chain.base).toEqual({ type: 'filter', hook: 'input', priority: -5, priorityText: 'filter - 5', policy: 'drop' });
    expect(chain.rules.map((r) => [r.text, r.source?.line, r.source?.column])).toEqual([
      ['ct state established,related accept', 11, 11],
      ['tcp dport 22 accept comment "ssh"', 12, 11],
    ]);
  });

  it('the transaction form, as kube-proxy writes it', () => {
    const s = ok(
      scenario(`    nftables: |
      add table ip kube-proxy { comment "rules for kube-proxy" ; }
      add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }
      add chain ip kube-proxy services
      add rule ip kube-proxy nat-prerouting jump services
      add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; }
      add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips
`),
    );
    const t = s.world.netns.a.nftables!.tables[0];
    expect(t.comment).toBe('rules for kube-proxy');
    expect(Object.keys(t.chains)).toEqual(['nat-prerouting', 'services']);
    expect(t.sets['service-ips'].dataType).toBe('verdict');
  });

  it('nftables-json, as nft -j list ruleset prints it', () => {
    const s = ok(
      scenario(`    nftables-json: |
      {"nftables": [
        {"table": {"family": "ip", "name": "t", "handle": 1}},
        {"chain": {"family": "ip", "table": "t", "name": "c", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "accept"}},
        {"rule": {"family": "ip", "table": "t", "chain": "c", "handle": 2, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}}, {"drop": null}]}}
      ]}
`),
    );
    const r = s.world.netns.a.nftables!.tables[0].chains.c.rules[0];
    expect([r.text, r.handle, r.source?.line, r.source?.column]).toEqual(['tcp dport 22 drop', 2, 11, 9]);
  });

  it('a host without nftables has none', () => {
    expect(ok(scenario('')).world.netns.a.nftables).toBeUndefined();
  });

  it('errors point at the word in the file', () => {
    const r = loadScenario(
      scenario(`    nftables: |
      table ip t {
        chain c {
          tcp dport 22 jump nowhere
          ip saddr
        }
      }
`),
      'bad.yaml',
    );
    expect(errors(r)).toEqual([
      '10:11 hosts[0].nftables: rule "tcp dport 22 jump nowhere" of chain c: jump to chain "nowhere", which table ip t does not have',
      '11:19 hosts[0].nftables: unexpected the end of the line: expected a value (an address, a number, a name or a quoted string)',
    ]);
  });

  it('refuses both keys on one host', () => {
    const r = loadScenario(
      scenario(`    nftables: |
      add table ip t
    nftables-json: '{"nftables": []}'
`),
      'bad.yaml',
    );
    expect(errors(r)).toEqual(['9:5 hosts[0].nftables-json: give the ruleset once: either nftables (nft list ruleset or nft -f text) or nftables-json (nft -j list ruleset), not both']);
  });
});
