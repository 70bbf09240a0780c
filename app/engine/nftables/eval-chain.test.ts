/**
 * The chain walk (nft_do_chain) on hand-built models: jump/return, falling off a regular chain,
 * goto, goto from the base chain, the base chain policy, reject and NAT ending the walk, marks,
 * numgen alternatives, cannot-evaluate and the engine's limits — the nft twins of
 * ../netfilter/walk.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { msg } from '../message';
import { NFT_JUMP_STACK_SIZE, walkNftChain } from './eval';
import { accept, anon, context, counter, drop, el, goto, jump, match, meta, payload, pfx, ret, table, val, vmap, walk } from './test/model';
import type { NftStmt } from './types';

const tcp = match(meta('l4proto'), val('tcp'));
const udp = match(meta('l4proto'), val('udp'));
const input = (policy: 'accept' | 'drop' = 'accept') => ({ hook: 'input' as const, policy });

describe('jump, goto, return', () => {
  it('jump calls a chain and return resumes the caller after the jump', () => {
    const t = table({
      in: {
        base: input(),
        rules: [
          [tcp, jump('check')],
          [tcp, accept],
        ],
      },
      check: { rules: [[match(payload('ip', 'saddr'), val('10.0.0.1')), ret], [drop]] },
    });
    const w = walk(t, 'in');
    expect(w.lines).toEqual(['in JUMP:check #1', 'check RETURN #1', 'in ACCEPT #2']);
    expect(w.result.kind).toBe('accept');
  });

  it('falling off the end of a regular chain returns to the caller, recorded as an implicit return with the rules missed', () => {
    const t = table({
      in: {
        base: input(),
        rules: [
          [tcp, jump('check')],
          [tcp, drop],
        ],
      },
      check: { rules: [[udp, accept]] },
    });
    const w = walk(t, 'in');
    expect(w.lines).toEqual(['in JUMP:check #1', 'check RETURN', 'in DROP #2']);
    expect(w.decisions[1]).toMatchObject({ implicitReturn: true, notMatched: { from: 1, to: 1 }, emptyChain: false });
    expect(w.result).toMatchObject({ kind: 'drop', rule: { chain: 'in', index: 2 } });
  });

  it('an empty regular chain is an implicit return too', () => {
    const w = walk(table({ in: { base: input(), rules: [[jump('empty')]] }, empty: { rules: [] } }), 'in');
    expect(w.lines).toEqual(['in JUMP:empty #1', 'empty RETURN', 'in ACCEPT (policy)']);
    expect(w.decisions[1].emptyChain).toBe(true);
  });

  it('goto: the return resumes the chain that last jumped, not the one that went to', () => {
    const t = table({
      in: {
        base: input(),
        rules: [
          [tcp, jump('a')],
          [tcp, accept],
        ],
      },
      a: { rules: [[tcp, goto('b')], [drop]] },
      b: { rules: [[udp, drop]] },
    });
    const w = walk(t, 'in');
    expect(w.lines).toEqual(['in JUMP:a #1', 'a GOTO:b #1', 'b RETURN', 'in ACCEPT #2']);
  });

  it('goto from the base chain: when the target ends, the base chain policy decides', () => {
    const t = table({
      in: {
        base: input('drop'),
        rules: [
          [tcp, goto('b')],
          [tcp, accept],
        ],
      },
      b: { rules: [[udp, accept]] },
    });
    const w = walk(t, 'in');
    expect(w.lines).toEqual(['in GOTO:b #1', 'b RETURN', 'in DROP (policy)']);
    expect(w.result).toEqual({ kind: 'drop', mark: 0, ctMark: 0 });
  });

  it('return in the base chain applies the policy', () => {
    const w = walk(table({ in: { base: input('drop'), rules: [[ret], [accept]] } }), 'in');
    expect(w.lines).toEqual(['in RETURN #1', 'in DROP (policy)']);
  });

  it('a rule that matches without a verdict is traced as continue', () => {
    const w = walk(
      table({
        in: {
          base: input(),
          rules: [
            [tcp, counter],
            [udp, drop],
          ],
        },
      }),
      'in',
    );
    expect(w.lines).toEqual(['in CONTINUE #1', 'in ACCEPT (policy)']);
    expect(w.decisions[1].notMatched).toEqual({ from: 2, to: 2 });
  });
});

describe('verdicts that end the walk', () => {
  it('the policy decision lists the base chain rules not matched', () => {
    const w = walk(
      table({
        in: {
          base: input('drop'),
          rules: [
            [udp, accept],
            [udp, accept],
          ],
        },
      }),
      'in',
    );
    expect(w.decisions).toEqual([{ chain: 'in', verdict: 'DROP', notMatched: { from: 1, to: 2 }, policy: true, alternatives: undefined }]);
  });

  it.each([
    [{ kind: 'reject' } as NftStmt, 'icmp-port-unreachable'],
    [{ kind: 'reject', with: { family: 'tcp', type: 'reset' } } as NftStmt, 'tcp-reset'],
    [{ kind: 'reject', with: { family: 'icmp', type: 'host-prohibited' } } as NftStmt, 'icmp-host-prohibited'],
    [{ kind: 'reject', with: { family: 'icmpx', type: 'admin-prohibited' } } as NftStmt, 'icmp-admin-prohibited'],
    [{ kind: 'reject', with: { family: 'icmpx', type: 'no-route' } } as NftStmt, 'icmp-net-unreachable'],
  ])('%j is traced DROP and returns the iptables name %s', (stmt, name) => {
    const w = walk(table({ in: { base: input(), rules: [[stmt]] } }), 'in');
    expect(w.lines).toEqual(['in DROP #1']);
    expect(w.result).toMatchObject({ kind: 'reject', with: name, rule: { index: 1 } });
  });

  it('a reject with icmpv6 has an IPv6 dependency: an IPv4 packet passes the rule', () => {
    const w = walk(table({ in: { base: input(), rules: [[{ kind: 'reject', with: { family: 'icmpv6', type: 'admin-prohibited' } }]] } }), 'in');
    expect(w.lines).toEqual(['in ACCEPT (policy)']);
  });

  it('dnat ends the chain with accept and returns the binding', () => {
    const nat: NftStmt = { kind: 'nat', type: 'dnat', addr: val('10.180.0.1'), port: val(8080), flags: [] };
    const w = walk(table({ pre: { base: { type: 'nat', hook: 'prerouting', priority: -100 }, rules: [[tcp, nat], [drop]] } }), 'pre', context({ hook: 'prerouting' }));
    expect(w.lines).toEqual(['pre ACCEPT #1']);
    expect(w.result).toMatchObject({ kind: 'nat', nat: { type: 'dnat', addr: '10.180.0.1', port: 8080, flags: [] } });
  });

  it('`dnat to ADDR:PORT` written as one value, and masquerade with flags', () => {
    const dn: NftStmt = { kind: 'nat', type: 'dnat', addr: val('10.180.0.1:80'), flags: [] };
    expect(walk(table({ c: { base: input(), rules: [[dn]] } }), 'c').result).toMatchObject({ nat: { addr: '10.180.0.1', port: 80 } });
    const masq: NftStmt = { kind: 'nat', type: 'masquerade', flags: ['fully-random'] };
    expect(walk(table({ c: { base: input(), rules: [[masq]] } }), 'c').result).toMatchObject({ kind: 'nat', nat: { type: 'masquerade', addr: undefined, flags: ['fully-random'] } });
  });

  it('dnat through a map of address . port (kube-proxy style), and no element = no match', () => {
    const m = anon(el(['10.0.0.2', 80], { kind: 'concat', parts: [val('10.180.0.9'), val(8080)] }));
    const nat: NftStmt = {
      kind: 'nat',
      type: 'dnat',
      family: 'ip',
      addr: { kind: 'map-lookup', key: { kind: 'concat', parts: [payload('ip', 'daddr'), payload('tcp', 'dport')] }, map: m },
      flags: [],
    };
    const t = table({ c: { base: input(), rules: [[nat]] } });
    expect(walk(t, 'c').result).toMatchObject({ kind: 'nat', nat: { addr: '10.180.0.9', port: 8080 } });
    expect(walk(t, 'c', context({ pkt: { dport: 81 } })).lines).toEqual(['c ACCEPT (policy)']);
  });

  it('queue ends the walk', () => {
    const w = walk(table({ c: { base: input(), rules: [[{ kind: 'verdict', verdict: { kind: 'queue' } }]] } }), 'c');
    expect(w.result.kind).toBe('queue');
    expect(w.lines).toEqual(['c QUEUE #1']);
  });
});

describe('marks', () => {
  const orMark: NftStmt = { kind: 'mark-set', target: 'meta', value: { kind: 'binop', op: 'or', left: meta('mark'), right: val('0x4000') } };
  it('meta mark set is a continue decision carrying the mark before and after; the walk returns the final mark', () => {
    const t = table({
      in: { base: input(), rules: [[jump('mark-for-masquerade')], [match({ kind: 'binop', op: 'and', left: meta('mark'), right: val('0x4000') }, val(0), '=='), drop]] },
      'mark-for-masquerade': { rules: [[orMark]] },
    });
    const w = walk(t, 'in', context({ mark: 0x1 }));
    expect(w.lines).toEqual(['in JUMP:mark-for-masquerade #1', 'mark-for-masquerade CONTINUE #1', 'mark-for-masquerade RETURN', 'in ACCEPT (policy)']);
    expect(w.decisions[1]).toMatchObject({ markBefore: 0x1, markAfter: 0x4001 });
    expect(w.result.mark).toBe(0x4001);
  });

  it('`mark and 0x4000 == 0 return` and `mark set mark xor 0x4000` (kube-proxy masquerading)', () => {
    const t = table({
      post: {
        base: { type: 'nat', hook: 'postrouting', priority: 100 },
        rules: [
          [match({ kind: 'binop', op: 'and', left: meta('mark'), right: val('0x4000') }, val(0), '=='), ret],
          [{ kind: 'mark-set', target: 'meta', value: { kind: 'binop', op: 'xor', left: meta('mark'), right: val('0x4000') } }],
          [{ kind: 'nat', type: 'masquerade', flags: ['fully-random'] }],
        ],
      },
    });
    const unmarked = walk(t, 'post', context({ hook: 'postrouting' }));
    expect(unmarked.lines).toEqual(['post RETURN #1', 'post ACCEPT (policy)']);
    const marked = walk(t, 'post', context({ hook: 'postrouting', mark: 0x4001 }));
    expect(marked.lines).toEqual(['post CONTINUE #2', 'post ACCEPT #3']);
    expect(marked.result).toMatchObject({ kind: 'nat', mark: 0x1 });
  });

  it('ct mark set stores the conntrack mark (not without a conntrack entry)', () => {
    const t = table({ c: { base: input(), rules: [[{ kind: 'mark-set', target: 'ct', value: val('0x7') }]] } });
    const w = walk(t, 'c');
    expect(w.result.ctMark).toBe(7);
    expect(w.decisions[0]).toMatchObject({ verdict: 'CONTINUE', ctMarkBefore: 0, ctMarkAfter: 7 });
    expect(walk(t, 'c', context({ ctstate: 'UNTRACKED' })).result.ctMark).toBe(0);
  });
});

describe('numgen random (kube-proxy endpoint choice)', () => {
  const svc = table({
    in: { base: input(), rules: [[jump('svc')]] },
    svc: {
      rules: [
        [vmap({ kind: 'numgen', mode: 'random', mod: 3, offset: 0 }, anon(el([0], { kind: 'goto', chain: 'ep1' }), el([1], { kind: 'goto', chain: 'ep2' }), el([2], { kind: 'goto', chain: 'ep3' })))],
      ],
    },
    ep1: { rules: [[{ kind: 'nat', type: 'dnat', addr: val('10.180.0.1'), port: val(80), flags: [] }]] },
    ep2: { rules: [[{ kind: 'nat', type: 'dnat', addr: val('10.180.0.2:80'), flags: [] }]] },
    ep3: { rules: [[drop]] },
  });

  it('lists one alternative per value with probability 1/mod, labelled with the chain and its DNAT address', () => {
    const w = walk(svc, 'in');
    const d = w.decisions.find((x) => x.chain === 'svc')!;
    expect(d.verdict).toBe('GOTO:ep1');
    expect(d.element).toBe('0 : goto ep1');
    expect(d.alternatives?.map((a) => [a.choice, a.option, a.label, a.chosen])).toEqual([
      ['ns/ip t/svc', 1, 'ep1 → 10.180.0.1:80', true],
      ['ns/ip t/svc', 2, 'ep2 → 10.180.0.2:80', false],
      ['ns/ip t/svc', 3, 'ep3', false],
    ]);
    for (const a of d.alternatives!) expect(a.probability).toBeCloseTo(1 / 3, 12);
  });

  it.each([0, 1, 2])('the value the context draws (%i) decides the branch', (n) => {
    const w = walk(svc, 'in', context({ numgen: () => n }));
    expect(w.lines[1]).toBe(`svc GOTO:ep${n + 1} #1`);
    expect(w.decisions[1].alternatives!.filter((a) => a.chosen).map((a) => a.option)).toEqual([n + 1]);
  });

  it('a drawn value without an element: the rule does not match and the alternatives go with the next decision', () => {
    const t = table({ c: { base: input(), rules: [[vmap({ kind: 'numgen', mode: 'random', mod: 2, offset: 0 }, anon(el([0], { kind: 'accept' })))]] } });
    const w = walk(t, 'c', context({ numgen: () => 1 }));
    expect(w.lines).toEqual(['c ACCEPT (policy)']);
    expect(w.decisions[0].alternatives?.map((a) => [a.label, a.chosen])).toEqual([
      ['accept', false],
      ['numgen 1: no element (the rule does not match)', true],
    ]);
  });
});

describe('what the engine cannot evaluate, and its limits', () => {
  it('an unsupported statement reached stops the walk with the rule and the statement text', () => {
    const t = table({
      c: {
        base: input(),
        rules: [
          [udp, drop],
          [{ kind: 'unsupported', text: 'meta cpu 1', reason: msg('unevaluable.nftMeta', { key: 'cpu' }) }, accept],
        ],
      },
    });
    const w = walk(t, 'c');
    expect(w.result).toMatchObject({ kind: 'cannot-evaluate', stmt: 'meta cpu 1', reason: msg('unevaluable.nftMeta', { key: 'cpu' }), rule: { index: 2, source: { file: 'test.nft', line: 2 } } });
    expect(w.lines).toEqual([]);
  });

  it('an unsupported statement after a failing match is never reached', () => {
    const t = table({ c: { base: input(), rules: [[udp, { kind: 'unsupported', text: 'meta cpu 1', reason: msg('unevaluable.nftMeta', { key: 'cpu' }) }]] } });
    expect(walk(t, 'c').result.kind).toBe('accept');
  });

  it('a field the engine does not model stops the walk naming the statement', () => {
    const t = table({ c: { base: input(), rules: [[match(payload('ip', 'ttl'), val(64)), accept]] } });
    expect(walk(t, 'c').result).toMatchObject({ kind: 'cannot-evaluate', stmt: 'ip ttl 64' });
  });

  it(`jumps deeper than the kernel's jump stack (${NFT_JUMP_STACK_SIZE}) stop with chain-depth`, () => {
    const chains: Record<string, { rules: NftStmt[][] }> = {};
    for (let i = 0; i < 20; i++) chains[`c${i}`] = { rules: [[jump(`c${i + 1}`)]] };
    chains.c20 = { rules: [[accept]] };
    const w = walk(table({ in: { base: input(), rules: [[jump('c0')]] }, ...chains }), 'in');
    expect(w.result).toMatchObject({ kind: 'limit', limit: 'chain-depth' });
    expect(w.lines.filter((l) => l.includes('JUMP'))).toHaveLength(NFT_JUMP_STACK_SIZE);
  });

  it('the rule budget ends a walk that would evaluate too many rules', () => {
    const w = walk(table({ c: { base: input(), rules: [[udp], [udp], [udp]] } }), 'c', context(), { remaining: 2 });
    expect(w.result).toMatchObject({ kind: 'limit', limit: 'rule-evaluations', rule: { index: 3 } });
  });

  it('an observer that can record no more stops the walk with the step limit', () => {
    const t = table({ in: { base: input(), rules: [[jump('a')], [accept]] }, a: { rules: [[counter], [counter]] } });
    let n = 0;
    const res = walkNftChainCount(t, () => ++n < 2);
    expect(res).toMatchObject({ kind: 'limit', limit: 'steps', chain: 'a' });
  });

  it('a jump to an undeclared chain cannot be evaluated', () => {
    expect(walk(table({ c: { base: input(), rules: [[jump('nope')]] } }), 'c').result).toMatchObject({ kind: 'cannot-evaluate', stmt: 'jump nope' });
  });

  it('the matched element and set membership are reported', () => {
    const t = table({ c: { base: input(), rules: [[match(payload('ip', 'saddr'), anon(el([pfx('10.0.0.0', 24)]))), accept]] } });
    expect(walk(t, 'c').decisions[0].element).toBe(JSON.stringify(pfx('10.0.0.0', 24)));
  });
});

function walkNftChainCount(t: ReturnType<typeof table>, ok: () => boolean) {
  return walkNftChain(t, t.chains.in, context(), { decision: () => ok() }, { remaining: 1000 });
}
