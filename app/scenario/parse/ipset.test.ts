import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ipSetTest } from '../../engine/ipvs/ipset-test';
import { englishOf } from '../../i18n/message-renderer';
import { wholeFileLocator } from '../errors';
import { parseIpsetSave } from './ipset';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = fs.readFileSync(path.join(here, 'testdata/ipset-save-kube.txt'), 'utf8');
const parse = (text: string) => parseIpsetSave(text, wholeFileLocator('s.ipset', 'hosts[0].ipset'));

describe('ipset save (real output of ipset 7.17)', () => {
  const { sets, errors } = parse(FIXTURE);

  it('parses every line of the fixture', () => {
    expect(errors).toEqual([]);
    expect([...sets.keys()]).toEqual(['KUBE-CLUSTER-IP', 'KUBE-LOOP-BACK', 'KUBE-NODE-PORT-TCP', 'KUBE-NODE-PORT-LOCAL-TCP', 'KUBE-LOAD-BALANCER-SOURCE-CIDR', 'KUBE-EXTERNAL-IP', 'NETS', 'ICMP']);
  });

  it('keeps types, options, elements with protocol and comment', () => {
    const c = sets.get('KUBE-CLUSTER-IP')!;
    expect(c.dims).toEqual(['ip', 'port']);
    expect(c.options).toMatchObject({ family: 'inet', hashsize: '1024', maxelem: '65536', comment: '' });
    expect(c.elements.find((e) => e.comment === 'default/kubernetes:https')!.parts).toEqual([
      { kind: 'ip', addr: '10.96.0.1' },
      { kind: 'port', proto: 6, port: 443 },
    ]);
    expect(sets.get('KUBE-NODE-PORT-TCP')!.elements[0].parts).toEqual([{ kind: 'port-range', from: 31266, to: 31266 }]);
    expect(sets.get('ICMP')!.elements.map((e) => e.parts[1])).toEqual([
      { kind: 'port', proto: 50, port: 0 },
      { kind: 'port', proto: 1, port: 0x0800 },
    ]);
    expect(sets.get('NETS')!.elements[0]).toMatchObject({ nomatch: true, parts: [{ kind: 'net', cidr: { addr: '192.168.50.8', len: 30 } }] });
    expect(sets.get('KUBE-CLUSTER-IP')!.elements[0].source).toEqual({ file: 's.ipset', line: 3, column: 1 });
  });

  it('answers kube-proxy lookups', () => {
    const ci = sets.get('KUBE-CLUSTER-IP')!;
    const syn = { src: '10.244.1.5', dst: '10.96.0.1', proto: 6, sport: 40000, dport: 443 };
    expect(ipSetTest(ci, syn, ['dst', 'dst'])).toBe(true);
    expect(ipSetTest(ci, { ...syn, proto: 17 }, ['dst', 'dst'])).toBe(false);
    expect(ipSetTest(ci, syn, ['dst'])).toBe(false);
    const lb = sets.get('KUBE-LOAD-BALANCER-SOURCE-CIDR')!;
    expect(ipSetTest(lb, { src: '10.9.9.9', dst: '1.2.3.4', proto: 6, sport: 1, dport: 80 }, ['dst', 'dst', 'src'])).toBe(true);
    expect(ipSetTest(lb, { src: '11.9.9.9', dst: '1.2.3.4', proto: 6, sport: 1, dport: 80 }, ['dst', 'dst', 'src'])).toBe(false);
  });
});

describe('ipset save errors are positioned', () => {
  const errs = (text: string) => parse(text).errors.map((e) => [e.line, e.column, e.message]);

  it('names the line, column and word', () => {
    expect(errs('create A hash:ip,port\nadd A 10.0.0.1,tcp:99999\nadd B 1.1.1.1\nadd A 10.0.0.1')).toEqual([
      [2, 16, expect.stringMatching(/"99999" is not a port/)],
      [3, 5, expect.stringMatching(/set B does not exist/)],
      [4, 7, expect.stringMatching(/does not fit hash:ip,port/)],
    ]);
    expect(errs('create A hash:foo')).toEqual([[1, 10, 'unknown set type "hash:foo"']]);
    expect(errs('create A hash:ip bogus 1')).toEqual([[1, 18, 'unknown create option "bogus"']]);
    expect(errs('create A hash:ip\nadd A 1.1.1.1 comment "x"')).toEqual([[2, 15, expect.stringMatching(/without the comment option/)]]);
    expect(errs('create A hash:ip\nadd A 1.1.1.1 nomatch')).toEqual([[2, 15, expect.stringMatching(/nomatch is only valid/)]]);
    expect(errs('flush')).toEqual([[1, 1, expect.stringMatching(/unrecognised line "flush"/)]]);
  });

  it('keeps a set of a type it cannot test, marked unsupported', () => {
    const { sets, errors } = parse('create M hash:mac\nadd M 00:11:22:33:44:55');
    expect(errors).toEqual([]);
    expect(englishOf(sets.get('M')!.unsupported!)).toMatch(/cannot test membership of hash:mac/);
  });
});
