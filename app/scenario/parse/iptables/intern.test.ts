import { describe, expect, it } from 'vitest';
import { wholeFileLocator } from '../../errors';
import { parseIptablesSave } from '../iptables-save';

const DUMP = [
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':KUBE-MARK-MASQ - [0:0]',
  ':KUBE-SVC-A - [0:0]',
  ':KUBE-SVC-B - [0:0]',
  '-A PREROUTING -d 10.96.0.1/32 -p tcp -m comment --comment "a" -m tcp --dport 80 -j KUBE-SVC-A',
  '-A PREROUTING -d 10.96.0.2/32 -p tcp -m comment --comment "b" -m tcp --dport 80 -j KUBE-SVC-B',
  '-A KUBE-SVC-A ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
  '-A KUBE-SVC-B ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
  'COMMIT',
].join('\n');

describe('shared rule parts (intern.ts)', () => {
  const { ruleset, errors } = parseIptablesSave(DUMP, wholeFileLocator('x.yaml'));
  const nat = ruleset.tables.nat!;
  const [r1, r2] = nat.chains.PREROUTING.rules;

  it('parses without errors', () => expect(errors).toEqual([]));

  it('shares equal matches and targets between rules, and keeps their values', () => {
    const kinds = r1.matches.map((m) => m.kind);
    expect(kinds).toEqual(['dst', 'proto', 'comment', 'dport']);
    expect(r2.matches[1]).toBe(r1.matches[1]); // -p tcp
    expect(r2.matches[3]).toBe(r1.matches[3]); // --dport 80
    expect(r1.matches[3]).toEqual({ kind: 'dport', ports: [{ from: 80, to: 80 }], invert: false });
    const [a, b] = [nat.chains['KUBE-SVC-A'].rules[0], nat.chains['KUBE-SVC-B'].rules[0]];
    expect(b.matches[0]).toBe(a.matches[0]); // ! -s 10.244.0.0/16, a subnet
    expect(b.target).toBe(a.target); // -j KUBE-MARK-MASQ
    expect(a.target).toEqual({ kind: 'jump', chain: 'KUBE-MARK-MASQ', goto: false });
  });

  it('keeps host addresses, comments and different jumps apart', () => {
    expect(r2.matches[0]).not.toBe(r1.matches[0]);
    expect(r1.matches[0]).toEqual({ kind: 'dst', cidr: { addr: '10.96.0.1', len: 32 }, invert: false });
    expect(r2.matches[2]).toEqual({ kind: 'comment', text: 'b' });
    expect(r2.target).toEqual({ kind: 'jump', chain: 'KUBE-SVC-B', goto: false });
  });

  it('reads CR, LF and CRLF line ends alike, with the same line numbers', () => {
    for (const nl of ['\r', '\r\n']) {
      const other = parseIptablesSave(DUMP.split('\n').join(nl), wholeFileLocator('x.yaml'));
      expect(other.errors).toEqual([]);
      expect(other.ruleset.tables.nat!.chains['KUBE-SVC-B'].rules[0].source?.line).toBe(9);
    }
    const bad = parseIptablesSave(DUMP.replace('COMMIT', '-A NOPE -j ACCEPT\r\nCOMMIT'), wholeFileLocator('x.yaml'));
    expect(bad.errors.map((e) => e.line)).toEqual([10]);
  });
});
