/**
 * Set and map lookups: exact elements through the index, intervals, prefixes and ranges in any
 * field of a concatenation, ifname wildcards, typed constants (eval-value.ts).
 */
import { describe, expect, it } from 'vitest';
import { englishOf } from '../../i18n/message-renderer';
import { NftCannotEvaluate } from './eval-context';
import type { NftValue } from './eval-expr';
import { findElement } from './eval-set';
import { constInterval, constNumber, ipv4ToNumber, numberToIpv4 } from './eval-value';
import { el, pfx, rng, val } from './test/model';

/** The English reason of the NftCannotEvaluate `f` throws. */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof NftCannotEvaluate) return englishOf(e.reason);
    throw e;
  }
  return 'nothing thrown';
}

const addr = (a: string): NftValue => ({ type: 'ipv4_addr', v: ipv4ToNumber(a) });
const proto = (p: number): NftValue => ({ type: 'inet_proto', v: p });
const port = (p: number): NftValue => ({ type: 'inet_service', v: p });

describe('findElement', () => {
  const services = [
    el(['172.30.0.41', 'tcp', 80], { kind: 'goto', chain: 'svc1' }),
    el(['172.30.0.41', 'udp', 53], { kind: 'goto', chain: 'dns' }),
    el(['10.0.0.0/8', 'tcp', rng(30000, 32767)], { kind: 'drop' }),
  ];
  it('finds the exact element of a concatenated key (address . protocol . port)', () => {
    expect(findElement([addr('172.30.0.41'), proto(6), port(80)], services)?.text).toBe('172.30.0.41 . tcp . 80 : goto svc1');
    expect(findElement([addr('172.30.0.41'), proto(17), port(53)], services)?.text).toBe('172.30.0.41 . udp . 53 : goto dns');
    expect(findElement([addr('172.30.0.41'), proto(17), port(80)], services)).toBeUndefined();
  });
  it('a prefix and a range in different fields of one element', () => {
    expect(findElement([addr('10.1.2.3'), proto(6), port(31000)], services)?.text).toMatch(/: drop$/);
    expect(findElement([addr('10.1.2.3'), proto(6), port(29999)], services)).toBeUndefined();
    expect(findElement([addr('11.0.0.1'), proto(6), port(31000)], services)).toBeUndefined();
  });
  it('prefix boundaries', () => {
    const set = [el([pfx('192.168.0.0', 23)])];
    expect(findElement([addr('192.168.1.255')], set)).toBeDefined();
    expect(findElement([addr('192.168.2.0')], set)).toBeUndefined();
    expect(findElement([addr('8.8.8.8')], [el([pfx('0.0.0.0', 0)])])).toBeDefined();
  });
  it('interface names: exact and wildcard', () => {
    const set = [el(['"lo"']), el(['"cali*"'])];
    const name = (n: string): NftValue => ({ type: 'ifname', v: n });
    expect(findElement([name('cali12ab')], set)?.text).toBe('"cali*"');
    expect(findElement([name('lo')], set)?.text).toBe('"lo"');
    expect(findElement([name('lo0')], set)).toBeUndefined();
  });
  it('an element with the wrong number of key fields cannot be evaluated', () => {
    expect(thrown(() => findElement([addr('10.0.0.1'), proto(6)], [el(['10.0.0.1'])]))).toMatch(/1 key field/);
  });
});

describe('typed constants', () => {
  it.each([
    ['10.0.0.1', 'ipv4_addr', 0x0a000001],
    ['0x4000', 'mark', 0x4000],
    ['16384', 'mark', 0x4000],
    ['sctp', 'inet_proto', 132],
    ['https', 'inet_service', 443],
    ['established', 'ct_state', 2],
    ['seen-reply', 'ct_status', 2],
    ['local', 'fib_addrtype', 2],
    ['echo-request', 'icmp_type', 8],
    ['established,related', 'ct_state', 6],
  ] as const)('%s as %s is %i', (text, type, n) => {
    expect(constNumber(text, type)).toBe(n);
  });
  it('a value that does not fit its type cannot be evaluated', () => {
    expect(thrown(() => constNumber('example.com', 'ipv4_addr'))).toMatch(/not an IPv4 address/);
    expect(thrown(() => constNumber('bogus', 'ct_state'))).toMatch(/not a value of type ct_state/);
  });
  it('prefixes and ranges are intervals; a value written a/len or a-b too', () => {
    expect(constInterval(pfx('10.0.0.0', 8), 'ipv4_addr')).toEqual({ lo: 0x0a000000, hi: 0x0affffff });
    expect(constInterval(val('10.0.0.0/8'), 'ipv4_addr')).toEqual({ lo: 0x0a000000, hi: 0x0affffff });
    expect(constInterval(val('30000-32767'), 'inet_service')).toEqual({ lo: 30000, hi: 32767 });
    expect(constInterval(val('eth*'), 'ifname')).toEqual({ name: 'eth', prefix: true });
    expect(constInterval(val('"eth\\*"'), 'ifname')).toEqual({ name: 'eth*', prefix: false });
    expect(numberToIpv4(0xc0a80002)).toBe('192.168.0.2');
  });
});
