import { describe, expect, it } from 'vitest';
import type { NftStmt } from '../../../engine/nftables/types';
import { englishOf } from '../../../i18n/message-renderer';
import { parseNftables } from './index';

const PRELUDE = `table ip t {
  set s { type ipv4_addr; flags interval; }
  map m { type ipv4_addr . inet_proto . inet_service : verdict; }
  map nat { type ipv4_addr . inet_service : ipv4_addr . inet_service; }
  set aff { type ipv4_addr; flags dynamic,timeout; timeout 3h; }
  chain a {
  }
  chain b {
  }
  chain c {
`;

/** The statements of one rule written in chain c (expects no errors). */
function stmts(rule: string): NftStmt[] {
  const r = parseNftables(`${PRELUDE}    ${rule}\n  }\n}\n`, { file: 't.nft', line: 1, column: 1 });
  expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([]);
  const rules = r.ruleset.tables[0].chains.c.rules;
  expect(rules).toHaveLength(1);
  expect(rules[0].text).toBe(rule);
  return [...rules[0].stmts];
}

const v = (text: string) => ({ kind: 'value', text });
const ipd = { kind: 'payload', proto: 'ip', field: 'daddr' };
const ips = { kind: 'payload', proto: 'ip', field: 'saddr' };

describe('matches', () => {
  it.each([
    ['ip saddr 10.0.0.1', { kind: 'match', left: ips, op: 'implicit', right: v('10.0.0.1') }],
    ['ip daddr != 10.0.0.0/8', { kind: 'match', left: ipd, op: '!=', right: { kind: 'prefix', addr: '10.0.0.0', len: 8 } }],
    ['ip daddr eq 1.2.3.4', { kind: 'match', left: ipd, op: '==', right: v('1.2.3.4') }],
    ['ip protocol tcp', { kind: 'match', left: { kind: 'payload', proto: 'ip', field: 'protocol' }, op: 'implicit', right: v('tcp') }],
    ['th dport 30000-32767', { kind: 'match', left: { kind: 'payload', proto: 'th', field: 'dport' }, op: 'implicit', right: { kind: 'range', from: v('30000'), to: v('32767') } }],
    ['sctp sport < 1024', { kind: 'match', left: { kind: 'payload', proto: 'sctp', field: 'sport' }, op: '<', right: v('1024') }],
    ['icmp type echo-request', { kind: 'match', left: { kind: 'payload', proto: 'icmp', field: 'type' }, op: 'implicit', right: v('echo-request') }],
    [
      'meta l4proto { tcp, udp }',
      {
        kind: 'match',
        left: { kind: 'meta', key: 'l4proto' },
        op: 'implicit',
        right: {
          kind: 'anon-set',
          elements: [
            { key: [v('tcp')], text: 'tcp' },
            { key: [v('udp')], text: 'udp' },
          ],
        },
      },
    ],
    ['meta nfproto ipv4', { kind: 'match', left: { kind: 'meta', key: 'nfproto' }, op: 'implicit', right: v('ipv4') }],
    ['iifname "eth0"', { kind: 'match', left: { kind: 'meta', key: 'iifname' }, op: 'implicit', right: v('eth0') }],
    ['meta oifname != "cali*"', { kind: 'match', left: { kind: 'meta', key: 'oifname' }, op: '!=', right: v('cali*') }],
    ['oif lo', { kind: 'match', left: { kind: 'meta', key: 'oif' }, op: 'implicit', right: v('lo') }],
    ['ct state established,related', { kind: 'match', left: { kind: 'ct', key: 'state' }, op: 'implicit', right: { kind: 'list', items: [v('established'), v('related')] } }],
    ['ct status dnat', { kind: 'match', left: { kind: 'ct', key: 'status' }, op: 'implicit', right: v('dnat') }],
    ['ct original ip daddr 10.96.0.1', { kind: 'match', left: { kind: 'ct', key: 'daddr', dir: 'original', proto: 'ip' }, op: 'implicit', right: v('10.96.0.1') }],
    ['mark and 0x4000 == 0', { kind: 'match', left: { kind: 'binop', op: 'and', left: { kind: 'meta', key: 'mark' }, right: v('0x4000') }, op: '==', right: v('0') }],
    ['ct mark & 0xff != 0x1', { kind: 'match', left: { kind: 'binop', op: 'and', left: { kind: 'ct', key: 'mark' }, right: v('0xff') }, op: '!=', right: v('0x1') }],
    ['fib daddr type local', { kind: 'match', left: { kind: 'fib', flags: ['daddr'], result: 'type' }, op: 'implicit', right: v('local') }],
    ['fib saddr . iif oif missing', { kind: 'match', left: { kind: 'fib', flags: ['saddr', 'iif'], result: 'oif' }, op: 'implicit', right: v('missing') }],
    ['fib daddr . iif type != local', { kind: 'match', left: { kind: 'fib', flags: ['daddr', 'iif'], result: 'type' }, op: '!=', right: v('local') }],
    ['ip saddr @s', { kind: 'match', left: ips, op: 'implicit', right: { kind: 'set-ref', name: 's' } }],
    [
      'ip daddr . tcp dport { 10.0.0.1 . 80, 10.0.0.0/8 . 1-5 }',
      {
        kind: 'match',
        left: { kind: 'concat', parts: [ipd, { kind: 'payload', proto: 'tcp', field: 'dport' }] },
        op: 'implicit',
        right: {
          kind: 'anon-set',
          elements: [
            { key: [v('10.0.0.1'), v('80')], text: '10.0.0.1 . 80' },
            {
              key: [
                { kind: 'prefix', addr: '10.0.0.0', len: 8 },
                { kind: 'range', from: v('1'), to: v('5') },
              ],
              text: '10.0.0.0/8 . 1-5',
            },
          ],
        },
      },
    ],
  ])('%s', (text, want) => {
    const [s] = stmts(text);
    expect(JSON.parse(JSON.stringify(s, (k, x) => (k === 'source' ? undefined : x)))).toEqual(want);
  });
});

describe('statements', () => {
  it.each<[string, unknown[]]>([
    ['accept', [{ kind: 'verdict', verdict: { kind: 'accept' } }]],
    ['drop', [{ kind: 'verdict', verdict: { kind: 'drop' } }]],
    ['continue', [{ kind: 'verdict', verdict: { kind: 'continue' } }]],
    ['return', [{ kind: 'verdict', verdict: { kind: 'return' } }]],
    ['queue', [{ kind: 'verdict', verdict: { kind: 'queue' } }]],
    ['jump a', [{ kind: 'verdict', verdict: { kind: 'jump', chain: 'a' } }]],
    ['goto b', [{ kind: 'verdict', verdict: { kind: 'goto', chain: 'b' } }]],
    [
      'ip daddr . meta l4proto . th dport vmap @m',
      [{ kind: 'vmap', key: { kind: 'concat', parts: [ipd, { kind: 'meta', key: 'l4proto' }, { kind: 'payload', proto: 'th', field: 'dport' }] }, map: { kind: 'set-ref', name: 'm' } }],
    ],
    [
      'numgen random mod 2 offset 1 vmap { 1 : goto a, 2 : jump b }',
      [
        {
          kind: 'vmap',
          key: { kind: 'numgen', mode: 'random', mod: 2, offset: 1 },
          map: {
            kind: 'anon-set',
            elements: [
              { key: [v('1')], data: { verdict: { kind: 'goto', chain: 'a' } }, text: '1 : goto a' },
              { key: [v('2')], data: { verdict: { kind: 'jump', chain: 'b' } }, text: '2 : jump b' },
            ],
          },
        },
      ],
    ],
    [
      'meta l4proto tcp dnat to 10.0.0.1:80',
      [
        { kind: 'match', left: { kind: 'meta', key: 'l4proto' }, op: 'implicit', right: v('tcp') },
        { kind: 'nat', type: 'dnat', addr: v('10.0.0.1'), port: v('80'), flags: [] },
      ],
    ],
    ['dnat to [fd00::1]:80', [{ kind: 'nat', type: 'dnat', addr: v('fd00::1'), port: v('80'), flags: [] }]],
    [
      'dnat ip to ip daddr . th dport map @nat',
      [
        {
          kind: 'nat',
          type: 'dnat',
          family: 'ip',
          addr: { kind: 'map-lookup', key: { kind: 'concat', parts: [ipd, { kind: 'payload', proto: 'th', field: 'dport' }] }, map: { kind: 'set-ref', name: 'nat' } },
          flags: [],
        },
      ],
    ],
    ['snat to 1.2.3.4-1.2.3.9 random,persistent', [{ kind: 'nat', type: 'snat', addr: { kind: 'range', from: v('1.2.3.4'), to: v('1.2.3.9') }, flags: ['random', 'persistent'] }]],
    ['masquerade fully-random', [{ kind: 'nat', type: 'masquerade', flags: ['fully-random'] }]],
    ['masquerade to :1024-2048 random', [{ kind: 'nat', type: 'masquerade', port: { kind: 'range', from: v('1024'), to: v('2048') }, flags: ['random'] }]],
    ['redirect to :8080', [{ kind: 'nat', type: 'redirect', port: v('8080'), flags: [] }]],
    ['reject', [{ kind: 'reject' }]],
    ['reject with icmp type host-prohibited', [{ kind: 'reject', with: { family: 'icmp', type: 'host-prohibited' } }]],
    ['reject with icmpx admin-prohibited', [{ kind: 'reject', with: { family: 'icmpx', type: 'admin-prohibited' } }]],
    ['reject with tcp reset', [{ kind: 'reject', with: { family: 'tcp', type: 'reset' } }]],
    ['counter', [{ kind: 'counter' }]],
    [
      'counter packets 12 bytes 3400 accept',
      [
        { kind: 'counter', packets: 12, bytes: 3400 },
        { kind: 'verdict', verdict: { kind: 'accept' } },
      ],
    ],
    ['log prefix "fw: " level info', [{ kind: 'log', prefix: 'fw: ' }]],
    ['log', [{ kind: 'log' }]],
    ['notrack', [{ kind: 'notrack' }]],
    ['mark set mark or 0x4000', [{ kind: 'mark-set', target: 'meta', value: { kind: 'binop', op: 'or', left: { kind: 'meta', key: 'mark' }, right: v('0x4000') } }]],
    ['meta mark set 0x4000', [{ kind: 'mark-set', target: 'meta', value: v('0x4000') }]],
    ['ct mark set meta mark', [{ kind: 'mark-set', target: 'ct', value: { kind: 'meta', key: 'mark' } }]],
    ['add @aff { ip saddr }', [{ kind: 'set-update', op: 'add', set: 'aff', key: ips }]],
    ['update @aff { ip saddr timeout 3h }', [{ kind: 'set-update', op: 'update', set: 'aff', key: ips, timeout: '3h' }]],
  ])('%s', (text, want) => {
    expect(JSON.parse(JSON.stringify(stmts(text), (k, x) => (k === 'source' ? undefined : x)))).toEqual(want);
  });

  it('keeps the comment on the rule, not as a statement', () => {
    const r = parseNftables(`${PRELUDE}    tcp dport 22 accept comment "ssh"\n  }\n}\n`, { file: 't.nft', line: 1, column: 1 });
    const rule = r.ruleset.tables[0].chains.c.rules[0];
    expect(rule.comment).toBe('ssh');
    expect(rule.stmts.map((s) => s.kind)).toEqual(['match', 'verdict']);
  });
});

describe('what the engine does not evaluate is an unsupported statement', () => {
  it.each([
    ['ip ttl 1 accept', 'ip ttl 1', 'ip ttl is not modelled'],
    ['meta pkttype host accept', 'meta pkttype host', 'meta pkttype'],
    ['ip dscp cs1 accept', 'ip dscp cs1', 'ip dscp'],
    ['ct helper "ftp" accept', 'ct helper "ftp"', 'ct helper'],
  ])('%s: only the match', (rule, text, reason) => {
    const s = stmts(rule);
    expect(s[0]).toMatchObject({ kind: 'unsupported', text });
    expect(s[0].kind === 'unsupported' && englishOf(s[0].reason)).toContain(reason);
    expect(s[1]).toEqual({ kind: 'verdict', verdict: { kind: 'accept' } });
  });
  it('an unknown statement keyword covers the rest of the rule, up to its comment', () => {
    const r = parseNftables(`${PRELUDE}    ip saddr 1.2.3.4 limit rate 10/second accept comment "x"\n  }\n}\n`, { file: 't.nft', line: 1, column: 1 });
    expect(r.errors).toEqual([]);
    const rule = r.ruleset.tables[0].chains.c.rules[0];
    const limit = rule.stmts[1];
    expect(limit.kind === 'unsupported' && { text: limit.text, reason: englishOf(limit.reason) }).toEqual({
      text: 'limit rate 10/second accept',
      reason: '"limit" is not a statement the engine evaluates',
    });
    expect(rule.comment).toBe('x');
  });
  it('iptables-nft extensions (xt match NAME, # xt_NAME) are unsupported', () => {
    expect(stmts('xt match set counter drop')[0]).toMatchObject({ kind: 'unsupported', text: 'xt match set' });
    const r = parseNftables(`${PRELUDE}    counter packets 0 bytes 0 drop # xt_set\n  }\n}\n`, { file: 't.nft', line: 1, column: 1 });
    expect(r.ruleset.tables[0].chains.c.rules[0].stmts.at(-1)).toMatchObject({ kind: 'unsupported', text: '# xt_set' });
  });
});
