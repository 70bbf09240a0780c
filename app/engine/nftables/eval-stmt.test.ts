/**
 * Relations and expressions as the kernel evaluates the bytecode nft generates (checked with
 * `nft --debug=netlink` on nft 1.x): implicit bitmask tests, `==`/`!=`, ranges and prefixes,
 * comparisons, interface wildcards, protocol dependencies, ct, fib, th on ICMP.
 */
import { describe, expect, it } from 'vitest';
import { englishOf } from '../../i18n/message-renderer';
import type { NftContext } from './eval-context';
import { evalRule } from './eval-stmt';
import { anon, cat, context, ctx_, el, list, match, meta, payload, pfx, rng, table, val } from './test/model';
import type { NftExpr, NftOp, NftStmt } from './types';

/** Does `stmts` match the packet in `c`? ('cannot' when it cannot be evaluated.) */
function run(stmts: NftStmt[], c: NftContext = context()): string {
  const t = table({ c: { rules: [stmts] } });
  const o = evalRule(t.chains.c.rules[0], t, c, new Map()).outcome;
  return o.kind === 'cannot' ? `cannot: ${englishOf(o.reason)}` : o.kind;
}
const m = (left: NftExpr, right: NftExpr, op: NftOp = 'implicit', c?: NftContext) => run([match(left, right, op)], c) === 'continue';

describe('ct state and ct status (bitmasks)', () => {
  const est = context({ ctstate: 'ESTABLISHED' });
  it('`ct state new` and `ct state established,related` test any of the bits', () => {
    expect(m(ctx_('state'), val('new'))).toBe(true);
    expect(m(ctx_('state'), val('new'), 'implicit', est)).toBe(false);
    expect(m(ctx_('state'), list('established', 'related'), 'implicit', est)).toBe(true);
    expect(m(ctx_('state'), val('established,related'), 'implicit', est)).toBe(true);
  });
  it('`ct state != established,related` compares the whole value', () => {
    expect(m(ctx_('state'), list('established', 'related'), '!=', est)).toBe(true);
    expect(m(ctx_('state'), val('established'), '!=', est)).toBe(false);
  });
  it('`ct state { new, established }` is set membership', () => {
    expect(m(ctx_('state'), anon(el(['new']), el(['established'])), 'implicit', est)).toBe(true);
    expect(m(ctx_('state'), anon(el(['related'])), 'implicit', est)).toBe(false);
  });
  it('`ct status dnat` reads the NAT bit; bits the engine does not model cannot be evaluated', () => {
    const dn = context({ ctStatus: { dnat: true, snat: false, confirmed: false } });
    expect(m(ctx_('status'), val('dnat'), 'implicit', dn)).toBe(true);
    expect(m(ctx_('status'), val('snat'), 'implicit', dn)).toBe(false);
    expect(run([match(ctx_('status'), val('assured'))], dn)).toMatch(/^cannot: .*ct_status/);
    expect(run([match(ctx_('status'), val('dnat'), '==')], dn)).toMatch(/^cannot/);
    expect(m({ kind: 'binop', op: 'and', left: ctx_('status'), right: val('dnat') }, val('dnat'), '==', dn)).toBe(true);
  });
  it('ct keys other than state break the rule without a conntrack entry', () => {
    expect(run([match(ctx_('mark'), val(0))], context({ ctstate: 'INVALID' }))).toBe('nomatch');
    expect(run([match(ctx_('mark'), val(0), '!=')], context({ ctstate: 'UNTRACKED' }))).toBe('nomatch');
  });
  it('`ct original ip daddr` reads the original tuple', () => {
    const c = context({ ctOriginal: { src: '10.0.0.1', dst: '172.30.0.41', sport: 40000, dport: 80 } });
    expect(m(ctx_('ip daddr', 'original'), val('172.30.0.41'), 'implicit', c)).toBe(true);
    expect(m(ctx_('proto-dst', 'original'), val(80), 'implicit', c)).toBe(true);
  });
});

describe('payload and dependencies', () => {
  it('`tcp dport` on a UDP packet breaks the rule, even negated (nft inserts `meta l4proto tcp` first)', () => {
    const u = context({ pkt: { proto: 'udp' } });
    expect(run([match(payload('tcp', 'dport'), val(80), '!=')], u)).toBe('nomatch');
    expect(m(payload('udp', 'dport'), val(80), 'implicit', u)).toBe(true);
  });
  it('`th dport` has no dependency; on ICMP it reads the checksum, which the engine cannot', () => {
    expect(m(payload('th', 'dport'), val(80))).toBe(true);
    const icmp = context({ pkt: { proto: 'icmp', sport: undefined, dport: undefined, icmpType: 8, icmpCode: 0 } });
    expect(run([match(payload('th', 'dport'), val(80))], icmp)).toMatch(/^cannot/);
    expect(m(payload('th', 'sport'), val(0x0800), 'implicit', icmp)).toBe(true);
  });
  it('a concatenation whose readable fields rule out every element does not need the unreadable one', () => {
    const icmp = context({ pkt: { proto: 'icmp', sport: undefined, dport: undefined, icmpType: 8 } });
    const key = cat(payload('ip', 'daddr'), meta('l4proto'), payload('th', 'dport'));
    expect(m(key, anon(el(['10.0.0.2', 'tcp', 80])), 'implicit', icmp)).toBe(false);
    expect(run([match(key, anon(el(['10.0.0.2', 'icmp', 80])))], icmp)).toMatch(/^cannot/);
  });
  it('ports: ranges, comparisons, service names; addresses: prefixes, ranges, `!=`', () => {
    expect(m(payload('tcp', 'dport'), rng(1, 1024))).toBe(true);
    expect(m(payload('tcp', 'dport'), val('30000-32767'))).toBe(false);
    expect(m(payload('tcp', 'dport'), val(1024), '<')).toBe(true);
    expect(m(payload('tcp', 'dport'), val(80), '>=')).toBe(true);
    expect(m(payload('tcp', 'dport'), val('http'))).toBe(true);
    expect(m(payload('ip', 'saddr'), pfx('10.0.0.0', 8))).toBe(true);
    expect(m(payload('ip', 'saddr'), val('10.0.0.0/8'), '!=')).toBe(false);
    expect(m(payload('ip', 'daddr'), rng('10.0.0.1', '10.0.0.9'))).toBe(true);
    expect(m(payload('ip', 'protocol'), val('tcp'))).toBe(true);
  });
  it('`ip saddr != { 203.0.113.0/25 }` is "in none of them"', () => {
    const c = (src: string) => context({ pkt: { src } });
    const set = anon(el(['203.0.113.0/25']), el(['198.51.100.7']));
    expect(m(payload('ip', 'saddr'), set, '!=', c('203.0.113.130'))).toBe(true);
    expect(m(payload('ip', 'saddr'), set, '!=', c('203.0.113.2'))).toBe(false);
    expect(m(payload('ip', 'saddr'), set, '!=', c('198.51.100.7'))).toBe(false);
  });
  it('tcp flags: `syn` is any-of, `== syn` exact, `& (syn|ack) == syn` masked', () => {
    const sa = context({ pkt: { tcpFlags: 'SA' } });
    expect(m(payload('tcp', 'flags'), val('syn'), 'implicit', sa)).toBe(true);
    expect(m(payload('tcp', 'flags'), val('syn'), '==', sa)).toBe(false);
    const masked = { kind: 'binop', op: 'and', left: payload('tcp', 'flags'), right: list('syn', 'ack') } as const;
    expect(m(masked, val('syn'), '==', sa)).toBe(false);
    expect(m(masked, val('syn'), '==', context({ pkt: { tcpFlags: 'S' } }))).toBe(true);
  });
  it('icmp type needs an ICMP packet', () => {
    const ping = context({ pkt: { proto: 'icmp', sport: undefined, dport: undefined, icmpType: 8, icmpCode: 0 } });
    expect(m(payload('icmp', 'type'), val('echo-request'), 'implicit', ping)).toBe(true);
    expect(run([match(payload('icmp', 'type'), val('echo-request'))])).toBe('nomatch');
  });
  it('an ip6 field on an IPv4 packet breaks the rule (its nfproto dependency)', () => {
    expect(run([match(payload('ip6', 'saddr'), val('::1'))])).toBe('nomatch');
  });
});

describe('meta and fib', () => {
  it('iifname: exact, `eth*` prefix, sets with wildcards; no input device at output', () => {
    expect(m(meta('iifname'), val('"eth0"'))).toBe(true);
    expect(m(meta('iifname'), val('eth*'))).toBe(true);
    expect(m(meta('iifname'), val('"veth*"'))).toBe(false);
    expect(m(meta('iifname'), val('eth*'), '!=')).toBe(false);
    expect(m(meta('iifname'), anon(el(['"cali*"']), el(['"eth*"'])))).toBe(true);
    expect(m(meta('iifname'), val('eth0'), 'implicit', context({ hook: 'output' }))).toBe(false);
    expect(m(meta('oifname'), val('eth1'), 'implicit', context({ hook: 'forward', outIface: 'eth1' }))).toBe(true);
  });
  it('meta mark accepts hex and decimal; meta l4proto names and numbers', () => {
    expect(m(meta('mark'), val('0x10'), 'implicit', context({ mark: 16 }))).toBe(true);
    expect(m(meta('mark'), val(16), 'implicit', context({ mark: 16 }))).toBe(true);
    expect(m(meta('l4proto'), val(6))).toBe(true);
    expect(m(meta('nfproto'), val('ipv4'))).toBe(true);
  });
  it('`fib daddr type local`, with iif limiting the lookup to the input device', () => {
    const seen: (string | undefined)[] = [];
    const c = context({ addrType: (a, dev) => (seen.push(dev), a === '10.0.0.2' ? 'LOCAL' : 'UNICAST') });
    expect(m({ kind: 'fib', flags: ['daddr'], result: 'type' }, val('local'), 'implicit', c)).toBe(true);
    expect(m({ kind: 'fib', flags: ['saddr'], result: 'type' }, val('local'), 'implicit', c)).toBe(false);
    expect(m({ kind: 'fib', flags: ['daddr', 'iif'], result: 'type' }, val('local'), 'implicit', c)).toBe(true);
    expect(seen).toEqual([undefined, undefined, 'eth0']);
  });
  it('`fib saddr . iif oif missing`: no route back, or one by another device (nft_fib4_eval)', () => {
    const rpf = { kind: 'fib', flags: ['saddr', 'iif'], result: 'oif' } as const;
    expect(m(rpf, val('missing'), 'implicit', context({ routes: {} }))).toBe(true);
    expect(m(rpf, val('missing'), 'implicit', context({ routes: { '10.0.0.1': 'eth0' } }))).toBe(false);
    expect(m(rpf, val('exists'), 'implicit', context({ routes: { '10.0.0.1': 'eth0' } }))).toBe(true);
    expect(m(rpf, val('missing'), 'implicit', context({ routes: { '10.0.0.1': 'eth1' } }))).toBe(true);
    expect(m(rpf, val('"eth0"'), 'implicit', context({ routes: { '10.0.0.1': 'eth0' } }))).toBe(true);
  });
  it('fib oif of a local address is missing; a packet looped back at prerouting answers lo', () => {
    const toDst = { kind: 'fib', flags: ['daddr'], result: 'oif' } as const;
    expect(m(toDst, val('missing'), 'implicit', context({ routes: { '10.0.0.2': 'lo' } }))).toBe(true);
    expect(m(toDst, val('"eth1"'), 'implicit', context({ local: [], routes: { '10.0.0.2': 'eth1' } }))).toBe(true);
    const rpf = { kind: 'fib', flags: ['saddr', 'iif'], result: 'oif' } as const;
    expect(m(rpf, val('exists'), 'implicit', context({ hook: 'prerouting', inIface: 'lo', routes: {} }))).toBe(true);
  });
  it('meta keys the engine does not model cannot be evaluated', () => {
    expect(run([match(meta('skuid'), val(0))])).toMatch(/^cannot: .*meta skuid/);
  });
});

describe('statements', () => {
  it('a vmap lookup with no element passes the rule; its verdict ends it', () => {
    const t = table({ c: { rules: [[{ kind: 'vmap', key: payload('tcp', 'dport'), map: anon(el([22], { kind: 'drop' })) }]] } });
    expect(evalRule(t.chains.c.rules[0], t, context(), new Map()).outcome.kind).toBe('nomatch');
    const r = evalRule(t.chains.c.rules[0], t, context({ pkt: { dport: 22 } }), new Map());
    expect(r.outcome).toEqual({ kind: 'verdict', verdict: { kind: 'drop' } });
    expect(r.element?.text).toBe('22 : drop');
  });
  it('update @set adds the key for later lookups in the same walk', () => {
    const t = table(
      { c: { rules: [[{ kind: 'set-update', op: 'update', set: 'aff', key: payload('ip', 'saddr') }], [match(payload('ip', 'saddr'), { kind: 'set-ref', name: 'aff' })]] } },
      { aff: { keyType: ['ipv4_addr'], elements: [] } },
    );
    const dyn = new Map();
    const c = context();
    expect(evalRule(t.chains.c.rules[1], t, c, dyn).outcome.kind).toBe('nomatch');
    evalRule(t.chains.c.rules[0], t, c, dyn);
    expect(evalRule(t.chains.c.rules[1], t, c, dyn).outcome.kind).toBe('continue');
  });
  it('notrack is reported, the rule goes on', () => {
    const t = table({ c: { rules: [[{ kind: 'notrack' }]] } });
    expect(evalRule(t.chains.c.rules[0], t, context(), new Map())).toMatchObject({ outcome: { kind: 'continue' }, notrack: true });
  });
  it('NAT to a range cannot be evaluated (the kernel picks by hash)', () => {
    expect(run([{ kind: 'nat', type: 'snat', addr: rng('10.0.0.1', '10.0.0.5'), flags: [] }])).toMatch(/^cannot: NAT to an address range/);
  });
});
