/**
 * Kernel facts about nftables next to iptables, recorded on Linux 6.18.44 (nftables 1.0.6,
 * iptables-nft 1.8.9) with nftrace.py in a router netns between 10.0.1.1 and 10.0.2.1
 * (testdata/nft-*: the nft input `.nft`, `iptables-save`, `nft -a list ruleset`, `nft -a -j list
 * ruleset` and the listener's output `.jsonl`), read back through the harness's parsers:
 * - mixed-drop: iptables `-A FORWARD -j DROP` (filter, 0) and an inet chain accepting at −10: the
 *   nft accept ends only its chain, iptables drops (nf_hook_slow runs every hook function);
 * - mixed-drop-reverse: iptables ACCEPT, an inet chain dropping at 10: dropped;
 * - nat-order: a `type nat` chain at −150 runs inside the NAT core's hook (−100), after a filter
 *   chain at −120, before iptables' nat PREROUTING (nf_nat_register_fn);
 * - nat-binding / nat-binding-xt: the first nat chain that binds ends the NAT walk (nf_nat_inet_fn);
 * - ctstate-250: a chain at −250 (before conntrack, −200) sees every packet as `ct state invalid`;
 * - equal-priority: three chains at priority 0 run in reverse order of registration
 *   (nf_hook_entries_grow).
 * Raw-table rows (the harness's TRACE rule) are left out of the sequences.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNftJson } from './nft-ruleset';
import { handleMap, parseNfTrace } from './nftrace';
import type { XtEvent } from './xtmonitor';

const data = (f: string) => readFileSync(resolve(__dirname, 'testdata', f), 'utf8');

/** The events of a recording, raw table left out, as `table:chain kind verdict rule`. */
function recorded(name: string, owned: readonly string[]): { events: XtEvent[]; lines: (id?: string) => string[] } {
  const own = new Set(owned);
  const nft = parseNftJson(data(`${name}.json`), own);
  const { events, lost } = parseNfTrace(data(`${name}.jsonl`), handleMap(data(`${name}.list`), data(`${name}.save`), own), nft);
  expect(lost).toBe(false);
  const kept = events.filter((e) => e.table !== 'raw');
  const lines = (id?: string) => kept.filter((e) => id === undefined || e.traceId === id).map((e) => `${e.table}:${e.chain} ${e.kind} ${e.verdict}${e.rule ? ` ${e.rule}` : ''}`);
  return { events: kept, lines };
}

describe('nftables and iptables on one hook (kernel recordings)', () => {
  it('an nft accept at −10 does not save the packet from iptables DROP at 0: both run, in priority order', () => {
    expect(recorded('nft-mixed-drop', ['inet t']).lines()).toEqual(['inet t:forward rule ACCEPT #1', 'filter:FORWARD rule DROP -t filter -A FORWARD -j DROP']);
  });

  it('an iptables ACCEPT at 0 does not save it from an nft drop at 10', () => {
    expect(recorded('nft-mixed-drop-reverse', ['inet t']).lines()).toEqual(['filter:FORWARD rule ACCEPT -t filter -A FORWARD -j ACCEPT', 'inet t:forward rule DROP #1']);
  });

  it('equal priorities: the chain registered last runs first', () => {
    const { events } = recorded('nft-equal-priority', ['inet t1', 'ip t2']);
    const first = events[0].traceId;
    expect(events.filter((e) => e.traceId === first && e.kind === 'rule').map((e) => `${e.table} ${e.chain}`)).toEqual(['ip t2 c', 'inet t1 b', 'inet t1 a']);
  });
});

describe('nat chains run inside the NAT core (kernel recordings)', () => {
  it('a nat chain at −150 runs after a filter chain at −120 and before iptables nat (−100); the filter chain sees the address before DNAT', () => {
    const { events, lines } = recorded('nft-nat-order', ['ip n', 'inet f']);
    const syn = events[0].traceId;
    expect(lines(syn).slice(0, 6)).toEqual([
      'inet f:pre rule CONTINUE #1',
      'inet f:pre policy ACCEPT',
      'ip n:pre rule CONTINUE #1',
      'ip n:pre policy ACCEPT',
      'nat:PREROUTING rule ACCEPT -t nat -A PREROUTING -d 10.0.9.9/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.1:80',
      'nat:POSTROUTING policy ACCEPT',
    ]);
    expect(events[0].packet).toMatchObject({ dst: '10.0.9.9', dport: 80, tcpFlags: ['SYN'] });
  });

  it('nft binds first (−150): iptables nat PREROUTING is not walked', () => {
    const { events, lines } = recorded('nft-nat-binding', ['ip n', 'inet f']);
    const syn = lines(events[0].traceId);
    expect(syn).toContain('ip n:pre rule ACCEPT #1');
    expect(syn.some((l) => l.startsWith('nat:PREROUTING'))).toBe(false);
    expect(syn).toContain('nat:POSTROUTING policy ACCEPT');
  });

  it('iptables binds first (nft nat chain at −90): the nft nat chain is not walked', () => {
    const { lines } = recorded('nft-nat-binding-xt', ['ip n']);
    const all = lines();
    expect(all[0]).toMatch(/^nat:PREROUTING rule ACCEPT .*DNAT/);
    expect(all.some((l) => l.startsWith('ip n:'))).toBe(false);
  });
});

describe('ct state before conntrack (kernel recording)', () => {
  it('at −250 every packet is `ct state invalid` (rule 2); at −150 the SYN is new (3), the rest established (4)', () => {
    const { events } = recorded('nft-ctstate-250', ['inet c']);
    const rules = events.filter((e) => e.kind === 'rule');
    const at = (chain: string) => rules.filter((e) => e.chain === chain);
    expect(new Set(at('pre250').map((e) => e.rule))).toEqual(new Set(['#2']));
    const pre150 = at('pre150');
    expect(pre150[0]).toMatchObject({ rule: '#3', packet: { tcpFlags: ['SYN'] } });
    expect(new Set(pre150.slice(1).map((e) => e.rule))).toEqual(new Set(['#4']));
    // Base chains: the handle-less end event is dropped; the policy follows.
    expect(events.some((e) => e.kind === 'return')).toBe(false);
    expect(events.filter((e) => e.kind === 'policy').length).toBe(rules.length);
  });
});
