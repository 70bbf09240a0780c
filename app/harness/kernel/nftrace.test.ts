/**
 * The nftables trace reader, on the output of nftrace.py recorded on Linux 6.18 (testdata/): a
 * server whose mangle table has an empty chain, a chain where nothing matches, a chain ending in a
 * MARK, a `-g` chain and an explicit `-j RETURN`, and a filter REJECT --reject-with tcp-reset; and
 * a client receiving an ICMP host unreachable about its UDP datagram.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePacket, handleMap, nftVerdict, parseNfTrace } from './nftrace';
import { roleOfXtPacket, traceRows, type FlowKey } from './record';

const data = (f: string) => readFileSync(resolve(__dirname, 'testdata', f), 'utf8');

describe('nftrace.py output', () => {
  const rules = handleMap(data('nftrace-reset.nft'), data('nftrace-reset.save'));
  const { events, lost } = parseNfTrace(data('nftrace-reset.jsonl'), rules);

  it('maps rule handles to the iptables-save rules, chain by chain', () => {
    expect(rules.get('mangle 14')).toBe('-t mangle -A PREROUTING -g GOC');
    expect(rules.get('mangle 18')).toBe('-t mangle -A MARKLAST -j MARK --set-xmark 0x1/0xffffffff');
    expect(rules.get('filter 4')).toBe('-t filter -A INPUT -p tcp -m tcp --dport 82 -j REJECT --reject-with tcp-reset');
    expect(rules.get('raw 3')).toBe('-t raw -A PREROUTING -j TRACE');
  });

  it('keeps the end of every user chain as a return (empty, no match, after a MARK, a -g chain) and drops base-chain ends', () => {
    expect(lost).toBe(false);
    const walk = events.filter((e) => e.traceId === '5ea9b27e' && e.table === 'mangle').map((e) => `${e.chain} ${e.kind} ${e.verdict}`);
    expect(walk).toEqual([
      'PREROUTING rule JUMP:EMPTY',
      'EMPTY return RETURN',
      'PREROUTING rule JUMP:NOMATCH',
      'NOMATCH return RETURN',
      'PREROUTING rule JUMP:MARKLAST',
      'MARKLAST rule CONTINUE',
      'MARKLAST return RETURN',
      'PREROUTING rule GOTO:GOC',
      'GOC return RETURN',
      'PREROUTING policy ACCEPT',
      'INPUT rule JUMP:EXPL',
      'EXPL rule RETURN',
      'INPUT policy ACCEPT',
    ]);
  });

  it('decodes the packet: addresses, ports, TCP flags, devices, mark', () => {
    const rej = events.find((e) => e.table === 'filter' && e.chain === 'INPUT')!;
    expect(rej.verdict).toBe('DROP');
    expect(rej.packet).toMatchObject({ in: 'e0', src: '10.0.0.1', dst: '10.0.0.2', sport: 40124, dport: 82, tcpFlags: ['SYN'], ttl: 64, len: 60, df: true, mark: 1 });
    const rst = events.find((e) => e.traceId === '8ae9dbb3')!.packet!;
    expect(rst).toMatchObject({ out: 'e0', src: '10.0.0.2', dst: '10.0.0.1', sport: 82, dport: 40124, tcpFlags: ['RST', 'ACK'] });
  });

  it('classifies the RST answering the SYN as the error, and keeps implicit returns as rows', () => {
    const key: FlowKey = { proto: 'tcp', sport: 40124, vxlanPorts: [] };
    const rows = traceRows('s', events, key);
    expect(rows.filter((r) => r.role === 'error').map((r) => `${r.table}:${r.chain} ${r.verdict}`)).toEqual([
      'raw:OUTPUT ACCEPT',
      'mangle:OUTPUT ACCEPT',
      'filter:OUTPUT ACCEPT',
      'mangle:POSTROUTING ACCEPT',
    ]);
    expect(rows.filter((r) => r.kind === 'return').map((r) => r.chain)).toEqual(['EMPTY', 'NOMATCH', 'MARKLAST', 'GOC']);
    expect(roleOfXtPacket({ ...events[0].packet!, sport: 40124, dport: 82, tcpFlags: ['RST'] }, key)).toBeNull();
  });

  it('reads the IP id an ICMP error quotes, so the error of the first request is told from others', () => {
    const ev = parseNfTrace(data('nftrace-icmp-error.jsonl'), new Map()).events;
    const err = ev.find((e) => e.chain === 'PREROUTING')!.packet!;
    expect(err).toMatchObject({ src: '10.0.0.2', dst: '10.0.0.1', proto: 1, icmpType: 3, icmpCode: 1, quoted: { id: 0xf642, proto: 17 } });
    const udp: FlowKey = { proto: 'udp', sport: 40123, vxlanPorts: [] };
    expect(roleOfXtPacket(err, { ...udp, requestIds: new Set([0xf642]) })).toBe('error');
    expect(roleOfXtPacket(err, { ...udp, requestIds: new Set([1]) })).toBeNull();
    expect(roleOfXtPacket(err, { proto: 'tcp', sport: 40123, vxlanPorts: [] })).toBeNull();
  });

  it('names verdicts and reports lost events', () => {
    expect([0, 1, -1, -3, -4, -5].map((v) => nftVerdict(v, 'X'))).toEqual(['DROP', 'ACCEPT', 'CONTINUE', 'JUMP:X', 'GOTO:X', 'RETURN']);
    expect(parseNfTrace('{"lost": "[Errno 105] No buffer space available"}\n', new Map()).lost).toBe(true);
    expect(decodePacket({ net: '6000' })).toBeNull();
  });
});
