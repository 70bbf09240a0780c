import { describe, expect, it } from 'vitest';
import { parseRuleLine, parseTableId } from './iprule';
import { tokenize } from './tokens';

const parse = (line: string) => parseRuleLine(line, tokenize(line));

describe('ip rule lines (ip-rule(8), as `ip rule show` prints them)', () => {
  it('reads priority, selectors and the lookup table', () => {
    expect(parse('100:\tnot from 10.0.0.0/8 to 192.168.1.7 fwmark 0x200/0xf00 iif eth0 oif eth1 lookup 2004 suppress_prefixlength 0')).toEqual({
      priority: 100,
      not: true,
      from: { addr: '10.0.0.0', len: 8 },
      to: { addr: '192.168.1.7', len: 32 },
      fwmark: { value: 0x200, mask: 0xf00 },
      iif: 'eth0',
      oif: 'eth1',
      action: 'lookup',
      table: '2004',
      suppressPrefixLength: 0,
    });
    expect(parse('32766: from all lookup main')).toEqual({ priority: 32766, not: false, action: 'lookup', table: 'main' });
    expect(parse('from all fwmark 0x1 lookup 254 pref 7')).toMatchObject({ priority: 7, fwmark: { value: 1, mask: 0xffffffff }, table: 'main' });
  });

  it('reads the failing actions, and keeps selectors it does not model as "cannot evaluate"', () => {
    expect(parse('200: from all to 198.51.100.0/24 prohibit')).toMatchObject({ action: 'prohibit' });
    expect(parse('5: from all ipproto tcp dport 443 uidrange 0-99 lookup 100')).toMatchObject({ unsupported: 'ipproto tcp dport 443 uidrange 0-99', table: '100' });
    expect(parse('6: from all goto 32766')).toMatchObject({ unsupported: 'goto 32766', action: 'lookup' });
  });

  it('names the word that is wrong', () => {
    expect(parse('from all lookup main')).toMatchObject({ message: expect.stringMatching(/needs its priority/) });
    expect(parse('9: from all')).toMatchObject({ message: expect.stringMatching(/needs an action/) });
    expect(parse('9: from all lookup mytable')).toEqual({ col: 20, message: expect.stringMatching(/routing table "mytable" is not a table id/) });
    expect(parse('9: from all fwmark 0xzz lookup 1')).toEqual({ col: 20, message: expect.stringMatching(/expected a mark/) });
    expect(parse('9: from all flowlabel 1 lookup 1')).toEqual({ col: 13, message: expect.stringMatching(/unknown ip rule word "flowlabel"/) });
  });

  it('table ids: the three reserved names and numbers', () => {
    expect(['local', '255', 'main', '254', 'default', '253', '100', '0100'].map((t) => parseTableId(t))).toEqual(
      ['local', 'local', 'main', 'main', 'default', 'default', '100', '100'].map((table) => ({ ok: true, table })),
    );
    expect(parseTableId('0').ok).toBe(false);
  });
});
