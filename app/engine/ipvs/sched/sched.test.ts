import { describe, expect, it } from 'vitest';
import { englishOf } from '../../../i18n/message-renderer';
import type { IpvsDest, IpvsService } from '../types';
import { addrU32, dhBuckets, dhHashKey, hash32, shBuckets, shHashKey, shSchedule } from './hash';
import { leastSchedule } from './least';
import { rrSchedule, wrrInitialMark, wrrSchedule } from './rr';
import { ipvsChoiceKey, runScheduler, schedAlternatives } from './schedule';
import type { SchedState } from './types';

const dest = (addr: string, weight = 1, activeConns = 0, inactConns = 0): IpvsDest => ({
  addr,
  port: 80,
  forward: 'masq',
  weight,
  activeConns,
  inactConns,
  text: `-a … -r ${addr}:80`,
});

/** Runs `n` decisions, threading the state; returns the addresses chosen. */
function seq(f: (s: SchedState) => { dest?: IpvsDest; state: SchedState }, n: number): string[] {
  let s: SchedState = {};
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = f(s);
    out.push(r.dest?.addr ?? '-');
    s = r.state;
  }
  return out;
}

describe('rr (ip_vs_rr.c)', () => {
  it('starts at the list head and skips quiesced servers', () => {
    const ds = [dest('a'), dest('b', 0), dest('c')];
    expect(seq((s) => rrSchedule(ds, s), 5)).toEqual(['a', 'c', 'a', 'c', 'a']);
    const first = rrSchedule(ds, {});
    expect(first.options.map((o) => englishOf(o.reason))).toEqual([
      'next server with weight > 0 after the cursor at the list head (a new service)',
      'weight 0: quiesced, skipped',
      'not next: the cursor is at the list head (a new service)',
    ]);
  });
  it('no server with weight > 0: none', () => {
    expect(rrSchedule([dest('a', 0)], {}).dest).toBeUndefined();
  });
});

describe('wrr (ip_vs_wrr.c)', () => {
  it('weights 4, 3, 2 restored one by one: a first round at cw 1, then the classic a a b a b c', () => {
    // Restore adds c, b, a: ip_vs_wrr_dest_changed sets cw = mw (1) for c, then keeps it (cw ≤ mw).
    expect(wrrInitialMark([dest('a', 4), dest('b', 3), dest('c', 2)])).toEqual({ cl: -1, cw: 1, mw: 4, di: 1 });
    const ds = [dest('a', 4), dest('b', 3), dest('c', 2)];
    expect(seq((s) => wrrSchedule(ds, s), 12)).toEqual(['a', 'b', 'c', 'a', 'a', 'b', 'a', 'b', 'c', 'a', 'b', 'c']);
  });
  it('weights 4, 2: gcd 2 is the step, mw = 4 - (2 - 1)', () => {
    // b alone: di 2, mw 1, cw 1; then a: mw 3, cw = (1 / 2) * 2 + 1 = 1.
    expect(wrrInitialMark([dest('a', 4), dest('b', 2)])).toEqual({ cl: -1, cw: 1, mw: 3, di: 2 });
    const ds = [dest('a', 4), dest('b', 2)];
    expect(seq((s) => wrrSchedule(ds, s), 6)).toEqual(['a', 'b', 'a', 'a', 'b', 'a']);
  });
});

describe('lc, wlc, sed, nq', () => {
  it('lc: least activeconns*256 + inactconns, weight 0 skipped, first wins ties', () => {
    const ds = [dest('a', 1, 1, 0), dest('b', 0, 0, 0), dest('c', 1, 0, 300), dest('d', 1, 0, 255)];
    const r = leastSchedule('lc', ds, {});
    expect(r.dest!.addr).toBe('d');
    expect(r.options.map((o) => englishOf(o.reason))).toEqual([
      'overhead 256 (1 active × 256 + 0 inactive): more than d:80',
      'weight 0: quiesced, skipped',
      'overhead 300 (0 active × 256 + 300 inactive): more than d:80',
      'overhead 255 (0 active × 256 + 255 inactive): the least',
    ]);
    expect(leastSchedule('lc', [dest('a'), dest('b')], {}).dest!.addr).toBe('a');
  });
  it('wlc divides by weight; sed counts active + 1; nq takes an idle server at once', () => {
    const ds = [dest('a', 1, 1), dest('b', 3, 2), dest('c', 1, 0, 9)];
    expect(leastSchedule('wlc', ds, {}).dest!.addr).toBe('c'); // 256/1, 512/3, 9/1
    expect(leastSchedule('sed', ds, {}).dest!.addr).toBe('b'); // 2/1, then 3/3 < 2/1, then 1/1 equals 3/3: b keeps it
    expect(leastSchedule('sed', [dest('a', 1, 1), dest('b', 3, 1)], {}).dest!.addr).toBe('b'); // 2/1 vs 2/3
    const nq = leastSchedule('nq', [dest('a', 5, 1), dest('b', 1, 0), dest('c', 1, 0)], {});
    expect(nq.dest!.addr).toBe('b');
    expect(englishOf(nq.options[2].reason)).toBe('not looked at: b:80 before it is idle');
  });
});

describe('sh and dh hashing (ip_vs_sh.c, ip_vs_dh.c, include/linux/hash.h)', () => {
  it('hash_32 is the golden-ratio multiply, 32-bit wrapped', () => {
    expect(hash32(1, 8)).toBe(0x61); // 0x61c88647 >> 24
    expect(hash32(0xffffffff, 8)).toBe(0x9e); // -0x61c88647 mod 2^32 = 0x9e3779b9
    expect(addrU32('255.255.255.255')).toBe(0xffffffff);
    expect(shHashKey('0.0.0.1', 0)).toBe(0x61);
    expect(shHashKey('0.0.0.0', 1)).toBe(0x61);
    expect(shHashKey('0.0.0.1', 0, 255)).toBe(0x60);
    expect(dhHashKey('255.255.255.255')).toBe(0x9e);
  });
  it('bucket tables: sh fills weight buckets per server, dh one each', () => {
    const sh = shBuckets([dest('a', 2), dest('b', 0), dest('c', 1)]);
    expect(sh.slice(0, 8)).toEqual([0, 0, 1, 2, 0, 0, 1, 2]);
    expect(dhBuckets([dest('a'), dest('b'), dest('c')]).slice(0, 5)).toEqual([0, 1, 2, 0, 1]);
    expect(shBuckets([])[0]).toBe(-1);
  });
  it('sh without fallback gives none for a quiesced bucket, with sh-fallback rehashes on', () => {
    const ds = [dest('a', 1), dest('b', 0)];
    // 0.0.0.1 → bucket 0x61 = 97, odd → b (weight 0).
    expect(shSchedule(ds, {}, '0.0.0.1', 0, []).dest).toBeUndefined();
    const fb = shSchedule(ds, {}, '0.0.0.1', 0, ['sh-fallback']);
    expect(fb.dest!.addr).toBe('a');
    expect(englishOf(fb.options[0].reason)).toMatch(/^hash of 0.0.0.1 is bucket 97, unavailable; fallback bucket \d+, which holds it$/);
  });
});

describe('the decision point', () => {
  const svc: IpvsService = {
    key: { kind: 'addr', protocol: 'tcp', addr: '10.96.0.1', port: 443 },
    scheduler: 'rr',
    schedFlags: [],
    onePacket: false,
    text: '-A -t 10.96.0.1:443 -s rr',
    dests: [dest('10.244.0.2'), dest('10.244.1.3'), dest('10.244.2.4', 0)],
  };
  const pkt = { src: '10.244.1.5', dst: '10.96.0.1', proto: 'tcp' as const, sport: 40000, dport: 443, mark: 0, tcpFlags: 'S' };

  it('rr picks the last line written first (the kernel list head); alternatives in line order', () => {
    const r = runScheduler(svc, pkt, {});
    if ('unsupported' in r) throw new Error('rr is supported');
    const { alternatives, option } = schedAlternatives(ipvsChoiceKey('node1', svc), svc, r);
    expect(option).toBe(2); // 10.244.2.4 is quiesced, so the next in the kernel list: 10.244.1.3
    expect(alternatives.map((a) => [a.choice, a.option, a.label, a.probability, a.chosen])).toEqual([
      ['node1/ipvs/TCP 10.96.0.1:443', 1, '10.244.0.2:80', 0, false],
      ['node1/ipvs/TCP 10.96.0.1:443', 2, '10.244.1.3:80', 1, true],
      ['node1/ipvs/TCP 10.96.0.1:443', 3, '10.244.2.4:80', 0, false],
    ]);
  });
  it('a choice pins another server; a quiesced one cannot be pinned', () => {
    const r = runScheduler(svc, pkt, {});
    if ('unsupported' in r) throw new Error('rr is supported');
    expect(schedAlternatives('k', svc, r, 1).option).toBe(1);
    expect(schedAlternatives('k', svc, r, 3).option).toBe(2);
  });
  it('an unmodelled scheduler is reported, not guessed', () => {
    const r = runScheduler({ ...svc, scheduler: 'mh' }, pkt, {});
    expect('unsupported' in r && englishOf(r.unsupported)).toBe('the mh scheduler is not modelled');
  });
});
