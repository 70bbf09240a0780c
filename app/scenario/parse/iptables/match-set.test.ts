import { describe, expect, it } from 'vitest';
import { canonicalRule } from '../../../engine/netfilter/canonical';
import { type MatchContext, matchRule } from '../../../engine/netfilter/match';
import type { Rule } from '../../../engine/netfilter/types';
import { wholeFileLocator } from '../../errors';
import { parseIpsetSave } from '../ipset';
import { parseIptablesSave } from '../iptables-save';
import { checkSetReferences } from './set-refs';

/** The sets of the netns measurement (ipset 7.17 save output, kernel 6.18). */
const SETS = `create T1 hash:ip,port family inet hashsize 1024 maxelem 65536
add T1 192.168.50.9,udp:53
add T1 192.168.50.9,tcp:80
add T1 192.168.50.9,icmp:echo-request
create T2 hash:ip family inet hashsize 1024 maxelem 65536
add T2 192.168.50.9
create T3 hash:ip,port,ip family inet hashsize 1024 maxelem 65536
add T3 192.168.50.9,udp:53,192.168.50.1
create T4 hash:ip,port,net family inet hashsize 1024 maxelem 65536
add T4 192.168.50.9,udp:53,192.168.50.0/24
create T5 bitmap:port range 0-65535
add T5 53
create T6 hash:net family inet hashsize 1024 maxelem 65536
add T6 192.168.50.8/30 nomatch
add T6 192.168.50.0/28
create T7 hash:ip,port family inet hashsize 1024 maxelem 65536
add T7 192.168.50.9,tcp:53
add T7 192.168.50.9,sctp:53
`;

/** The OUTPUT rules of the measurement, in order. */
const RULES = [
  '-A OUTPUT -m set --match-set T1 dst,dst',
  '-A OUTPUT -m set --match-set T1 dst',
  '-A OUTPUT -m set --match-set T1 dst,src',
  '-A OUTPUT -m set --match-set T1 dst,dst,src',
  '-A OUTPUT -m set --match-set T2 dst',
  '-A OUTPUT -m set --match-set T2 dst,src',
  '-A OUTPUT -m set --match-set T2 src',
  '-A OUTPUT -m set --match-set T3 dst,dst,src',
  '-A OUTPUT -m set --match-set T3 dst,dst',
  '-A OUTPUT -m set --match-set T4 dst,dst,src',
  '-A OUTPUT -m set --match-set T5 dst',
  '-A OUTPUT -m set --match-set T5 src',
  '-A OUTPUT -m set --match-set T6 dst',
  '-A OUTPUT -m set --match-set T6 dst --return-nomatch',
  '-A OUTPUT -m set ! --match-set T6 dst',
  '-A OUTPUT -m set --match-set T7 dst,dst',
];

function load(rules: string[]) {
  const sets = parseIpsetSave(SETS, wholeFileLocator('sets'));
  expect(sets.errors).toEqual([]);
  const text = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT', ''].join('\n');
  const parsed = parseIptablesSave(text, wholeFileLocator('rules'));
  expect(parsed.errors).toEqual([]);
  const checked = checkSetReferences(parsed.ruleset, sets.sets, { file: 'rules', path: 'iptables' });
  return { ...checked, sets: sets.sets };
}

function hits(pkt: MatchContext['pkt']): number[] {
  const { ruleset, sets } = load(RULES);
  const ctx: MatchContext = {
    hook: 'OUTPUT',
    pkt,
    bridged: false,
    mark: 0,
    ctstate: 'NEW',
    ctNat: { snat: false, dnat: false },
    addrType: () => 'UNICAST',
    random: () => true,
    nth: () => 0,
    ipset: (n) => sets.get(n),
  };
  return ruleset.tables.filter!.chains.OUTPUT.rules.filter((r) => matchRule(r, ctx)).map((r) => r.index);
}

describe('-m set evaluation agrees with the kernel counters measured in a netns', () => {
  it('UDP 192.168.50.1:34567 → 192.168.50.9:53', () => {
    expect(hits({ src: '192.168.50.1', dst: '192.168.50.9', proto: 'udp', sport: 34567, dport: 53 })).toEqual([1, 4, 5, 6, 8, 10, 11, 14, 15]);
  });
  it('ping 192.168.50.9 (ICMP echo-request: the port part is type/code whatever the direction)', () => {
    expect(hits({ src: '192.168.50.1', dst: '192.168.50.9', proto: 'icmp', icmpType: 8, icmpCode: 0 })).toEqual([1, 3, 4, 5, 6, 14, 15]);
  });
  it('TCP SYN to 192.168.50.9:53 (udp:53 does not match TCP)', () => {
    expect(hits({ src: '192.168.50.1', dst: '192.168.50.9', proto: 'tcp', sport: 40000, dport: 53, tcpFlags: 'S' })).toEqual([5, 6, 11, 14, 15, 16]);
  });
});

describe('-m set parsing and iptables-save output', () => {
  it('prints back as iptables-save 1.8.9 did (update-counters dropped, ! after -m set)', () => {
    const { ruleset } = load([
      '-A OUTPUT -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set T1 src,dst -j ACCEPT',
      '-A OUTPUT -m set ! --match-set T3 dst,dst,src -j ACCEPT',
      '-A OUTPUT -p tcp -m set --match-set T5 dst -j ACCEPT',
      '-A OUTPUT -m set --match-set T2 src --update-counters -j RETURN',
      '-A OUTPUT -m set --match-set T4 dst,dst,src -m set --match-set T6 src --return-nomatch -j RETURN',
    ]);
    const out = ruleset.tables.filter!.chains.OUTPUT.rules.map((r: Rule) => canonicalRule(r));
    expect(out).toEqual([
      '-A OUTPUT -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set T1 src,dst -j ACCEPT',
      '-A OUTPUT -m set ! --match-set T3 dst,dst,src -j ACCEPT',
      '-A OUTPUT -p tcp -m set --match-set T5 dst -j ACCEPT',
      '-A OUTPUT -m set --match-set T2 src -j RETURN',
      '-A OUTPUT -m set --match-set T4 dst,dst,src -m set --match-set T6 src --return-nomatch -j RETURN',
    ]);
  });

  it('refuses what libxt_set refuses, at the word', () => {
    const bad = (line: string) => {
      const text = ['*filter', ':INPUT ACCEPT [0:0]', line, 'COMMIT', ''].join('\n');
      return parseIptablesSave(text, wholeFileLocator('r')).errors.map((e) => [e.column, e.message]);
    };
    expect(bad('-A INPUT -m set --match-set T1 dst,foo -j ACCEPT')).toEqual([[32, expect.stringMatching(/^"dst,foo": you must specify .* 'src' or 'dst'/)]]);
    expect(bad('-A INPUT -m set --match-set T1 src,dst,src,dst,src,dst,src')).toEqual([[32, "can't be more src/dst options than 6"]]);
    expect(bad('-A INPUT -m set --match-set T1 -j ACCEPT')[0][1]).toMatch(/requires two args/);
    expect(bad('-A INPUT ! -m set --match-set T1 src')[0][1]).toMatch(/"!" is not allowed before -m/);
    expect(bad('-A INPUT -m set --match-set T1 src --match-set T2 src')[0][1]).toMatch(/only be given once/);
    expect(bad('-A INPUT -m set -j ACCEPT')[0][1]).toMatch(/You must specify --match-set/);
  });

  it('a rule naming a missing set is refused at the set name, as iptables-restore does', () => {
    const { ruleset, errors } = load(['-A OUTPUT -j ACCEPT', '-A OUTPUT -m set --match-set NOPE dst,dst -j ACCEPT', '-A OUTPUT -j DROP']);
    expect(errors).toEqual([{ file: 'rules', line: 6, column: 30, path: 'iptables', message: expect.stringMatching(/set NOPE doesn't exist/) }]);
    expect(ruleset.tables.filter!.chains.OUTPUT.rules.map((r) => [r.index, r.target.kind])).toEqual([
      [1, 'ACCEPT'],
      [2, 'DROP'],
    ]);
  });
});
