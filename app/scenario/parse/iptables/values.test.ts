/**
 * The IPv4 fast path of the iptables value parsers agrees with ipaddr.js, the library it stands in
 * for on the canonical form: the same texts accepted, the same address returned.
 */
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { canonicalQuad, parseIPv4 } from './values';

/** A deterministic generator of address-like texts (LCG), edge cases first. */
function* candidates(): Generator<string> {
  yield* [
    '0.0.0.0',
    '255.255.255.255',
    '256.1.1.1',
    '1.1.1.256',
    '01.1.1.1',
    '1.1.1.01',
    '1.1.1',
    '1.1.1.1.1',
    '1..1.1',
    '999.0.0.0',
    '10.96.0.10',
    ' 1.1.1.1',
    '1.1.1.1 ',
    '0x1.1.1.1',
    '1e2.1.1.1',
    '-1.1.1.1',
    '+1.1.1.1',
    '100.200.250.255',
    '300.0.0.0',
    '199.0.0.1',
  ];
  let x = 12345;
  const next = () => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const parts = ['0', '1', '9', '10', '99', '100', '199', '200', '249', '250', '255', '256', '260', '300', '999', '00', '007', '1000', '', 'a', '0x10'];
  for (let i = 0; i < 20000; i++) {
    const n = next() < 0.9 ? 4 : Math.floor(next() * 6);
    yield Array.from({ length: n }, () => parts[Math.floor(next() * parts.length)]).join('.');
  }
}

describe('parseIPv4 fast path', () => {
  it('accepts exactly what ipaddr.js isValidFourPartDecimal accepts, and returns what its parse prints', () => {
    let accepted = 0;
    for (const text of candidates()) {
      const lib = ipaddr.IPv4.isValidFourPartDecimal(text);
      const fast = canonicalQuad(text);
      if (fast !== undefined) {
        expect(lib, text).toBe(true);
        expect(fast, text).toBe(ipaddr.IPv4.parse(text).toString());
        accepted++;
      }
      const p = parseIPv4(text);
      expect(p.ok, text).toBe(lib);
      if (p.ok) expect(p.value, text).toBe(ipaddr.IPv4.parse(text).toString());
    }
    expect(accepted).toBeGreaterThan(1000);
  });
});
