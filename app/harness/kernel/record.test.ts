/** The kernel harness's parsers, on outputs captured from xtables-monitor 1.8.9 and tcpdump 4.99. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropRepeatedWalks, firstOfEachRole, firstRequestIds, icmpRequestIds, parseConntrack, roleOfFrame, roleOfXtPacket, traceRows, wireRows, type FlowKey } from './record';
import { icmpTypeCode, parseTcpdump } from './tcpdump';
import { normMac, parseXtablesMonitor, parseXtPacket, parseXtTrace, verdictName } from './xtmonitor';

const XT = `PACKET: 2 68a6c211 IN=e0 MACSRC=ae:f0:7d:8d:f0:13 MACDST=ba:79:d:d9:18:5c MACPROTO=0800 SRC=10.1.0.1 DST=10.1.0.2 LEN=110 TOS=0x0 TTL=64 ID=53518 SPORT=35904 DPORT=8472 
 TRACE: 2 68a6c211 raw:PREROUTING:rule:0x2:CONTINUE  -4 -t raw -A PREROUTING -j TRACE
 TRACE: 2 68a6c211 raw:PREROUTING:policy:ACCEPT 
PACKET: 2 68a6c211 IN=e0 MACSRC=ae:f0:7d:8d:f0:13 MACDST=ba:79:d:d9:18:5c MACPROTO=0800 SRC=10.1.0.1 DST=10.1.0.2 LEN=110 TOS=0x0 TTL=64 ID=53518 SPORT=35904 DPORT=8472 
 TRACE: 2 68a6c211 nat:PREROUTING:policy:ACCEPT 
PACKET: 2 205f7335 IN=vx0 MACSRC=a:0:0:0:0:1 MACDST=a:0:0:0:0:2 MACPROTO=0800 SRC=10.2.0.1 DST=10.2.0.2 LEN=60 TOS=0x0 TTL=64 ID=29691 DF SPORT=40123 DPORT=8080 SYN 
 TRACE: 2 205f7335 raw:PREROUTING:rule:0x2:CONTINUE  -4 -t raw -A PREROUTING -j TRACE
 TRACE: 2 205f7335 raw:PREROUTING:policy:ACCEPT 
PACKET: 2 205f7335 IN=vx0 MACSRC=a:0:0:0:0:1 MACDST=a:0:0:0:0:2 MACPROTO=0800 SRC=10.2.0.1 DST=10.2.0.2 LEN=60 TOS=0x0 TTL=64 ID=29691 DF SPORT=40123 DPORT=8080 SYN 
 TRACE: 2 205f7335 nat:PREROUTING:rule:0x5:ACCEPT  -4 -t nat -A PREROUTING -p tcp -m tcp --dport 8080 -m comment --comment "hi there" -j DNAT --to-destination 10.2.0.2:80
PACKET: 2 205f7335 IN=vx0 MACSRC=a:0:0:0:0:1 MACDST=a:0:0:0:0:2 MACPROTO=0800 SRC=10.2.0.1 DST=10.2.0.2 LEN=60 TOS=0x0 TTL=64 ID=29691 DF SPORT=40123 DPORT=80 SYN 
 TRACE: 2 205f7335 nat:INPUT:policy:ACCEPT 
PACKET: 2 ba541181 OUT=vx0 SRC=10.2.0.2 DST=10.2.0.1 LEN=60 TOS=0x0 TTL=64 ID=0 DF SPORT=80 DPORT=40123 SYN ACK 
 TRACE: 2 ba541181 raw:OUTPUT:rule:0x4:CONTINUE  -4 -t raw -A OUTPUT -j TRACE
 TRACE: 2 ba541181 filter:DOCKER-USER:rule:0x9:0xfffffffb  -4 -t filter -A DOCKER-USER -j RETURN
PACKET: 2 ba541181 OUT=e0 LL=0x0 0a00000000010a000000000208004500003c0000 SRC=10.1.0.2 DST=10.1.0.1 LEN=110 TOS=0x0 TTL=64 ID=11254 SPORT=60911 DPORT=8472 
 TRACE: 2 ba541181 raw:OUTPUT:policy:ACCEPT 
PACKET: 2 c9778af5 IN=vx0 MACSRC=a:0:0:0:0:1 MACDST=a:0:0:0:0:2 MACPROTO=0800 SRC=10.2.0.1 DST=10.2.0.2 LEN=52 TOS=0x0 TTL=64 ID=29692 DF SPORT=40123 DPORT=8080 ACK 
 TRACE: 2 c9778af5 raw:PREROUTING:policy:ACCEPT 
PACKET: 2 b160f369 OUT=lo SRC=127.0.0.1 DST=127.0.0.1 LEN=30 TOS=0x0 TTL=64 ID=2 DF SPORT=41000 DPORT=9 
 TRACE: 2 b160f369 raw:OUTPUT:policy:ACCEPT 
`;

const TCPDUMP = `1795439999.333455 ae:f0:7d:8d:f0:13 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Ethernet (len 6), IPv4 (len 4), Request who-has 10.1.0.2 tell 10.1.0.1, length 28
1795439999.333468 ba:79:0d:d9:18:5c > ae:f0:7d:8d:f0:13, ethertype ARP (0x0806), length 42: Ethernet (len 6), IPv4 (len 4), Reply 10.1.0.2 is-at ba:79:0d:d9:18:5c, length 28
1795439999.333474 ae:f0:7d:8d:f0:13 > ba:79:0d:d9:18:5c, ethertype IPv4 (0x0800), length 124: (tos 0x0, ttl 64, id 53518, offset 0, flags [none], proto UDP (17), length 110)
    10.1.0.1.35904 > 10.1.0.2.8472: OTV, flags [I] (0x08), overlay 0, instance 7
0a:00:00:00:00:01 > 0a:00:00:00:00:02, ethertype IPv4 (0x0800), length 74: (tos 0x0, ttl 64, id 29691, offset 0, flags [DF], proto TCP (6), length 60)
    10.2.0.1.40123 > 10.2.0.2.8080: Flags [S], cksum 0x1435 (incorrect -> 0x9c00), seq 292748845, win 64860, options [mss 1410,sackOK,TS val 2835228129 ecr 0,nop,wscale 10], length 0
1795439999.334901 ba:79:0d:d9:18:5c > ae:f0:7d:8d:f0:13, ethertype IPv4 (0x0800), length 124: (tos 0x0, ttl 64, id 11254, offset 0, flags [none], proto UDP (17), length 110)
    10.1.0.2.60911 > 10.1.0.1.4789: VXLAN, flags [I] (0x08), vni 7
0a:00:00:00:00:02 > 0a:00:00:00:00:01, ethertype IPv4 (0x0800), length 74: (tos 0x0, ttl 64, id 0, offset 0, flags [DF], proto TCP (6), length 60)
    10.2.0.2.8080 > 10.2.0.1.40123: Flags [S.], cksum 0x1435 (incorrect -> 0x0eb8), seq 3973657866, ack 292748846, win 64308, options [mss 1410,sackOK,TS val 1494619237 ecr 2835228129,nop,wscale 10], length 0
1795439999.338516 82:5e:34:9f:f4:b2 > 0a:06:bc:f6:66:3c, ethertype IPv4 (0x0800), length 98: (tos 0x0, ttl 64, id 61911, offset 0, flags [DF], proto ICMP (1), length 84)
    10.9.0.1 > 10.9.0.2: ICMP echo request, id 19834, seq 1, length 64
1795439999.338600 0a:06:bc:f6:66:3c > 82:5e:34:9f:f4:b2, ethertype IPv4 (0x0800), length 98: (tos 0x0, ttl 64, id 64667, offset 0, flags [none], proto ICMP (1), length 84)
    10.9.0.2 > 10.9.0.1: ICMP echo reply, id 19834, seq 1, length 64
1795439999.338700 82:5e:34:9f:f4:b2 > 33:33:00:00:00:16, ethertype IPv6 (0x86dd), length 90: (hlim 1, next-header Options (0) payload length: 36) :: > ff02::16: HBH (rtalert: 0x0000) (padn) [icmp6 sum ok] ICMP6, multicast listener report v2, 1 group record(s) [gaddr ff02::1:ff9f:f4b2 to_ex, 0 source(s)]
1795439999.338800 00:00:00:00:00:00 > 00:00:00:00:00:00, ethertype IPv4 (0x0800), length 58: (tos 0x0, ttl 64, id 7, offset 0, flags [DF], proto UDP (17), length 44)
    10.9.0.2.53 > 10.9.0.1.40123: 28526 updateM [b2&3=0x6720] [28519a] [25966q] [29728n] [8291au][|domain]
`;

const tcpKey: FlowKey = { proto: 'tcp', sport: 40123, vxlanPorts: [8472, 4789] };

describe('xtables-monitor --trace', () => {
  it('parses packet lines, expanding MACs printed without leading zeros', () => {
    const p = parseXtPacket('IN=vx0 MACSRC=a:0:0:0:0:1 MACDST=a:0:0:0:0:2 MACPROTO=0800 SRC=10.2.0.1 DST=10.2.0.2 LEN=60 TOS=0x0 TTL=64 ID=29691 DF SPORT=40123 DPORT=8080 SYN MARK=0x4000');
    expect(p).toMatchObject({ in: 'vx0', macSrc: '0a:00:00:00:00:01', src: '10.2.0.1', dst: '10.2.0.2', ttl: 64, id: 29691, df: true, sport: 40123, dport: 8080, tcpFlags: ['SYN'], mark: 0x4000 });
    expect(parseXtPacket('OUT=e0 LL=0x0 0a0000 SRC=10.1.0.2 DST=10.1.0.1 LEN=110 TTL=64 ID=1')?.out).toBe('e0');
    expect(parseXtPacket('IN=e0 ARP')).toBeNull();
    expect(normMac('a:6:bc:f6:66:3C')).toBe('0a:06:bc:f6:66:3c');
  });

  it('parses rule, policy and return verdicts, with numeric nf_tables verdicts named', () => {
    expect(parseXtTrace('nat:DOCKER:rule:0x12:JUMP:DOCKER-USER  -4 -t nat -A FORWARD -j DOCKER-USER')).toEqual({
      table: 'nat',
      chain: 'DOCKER',
      kind: 'rule',
      verdict: 'JUMP:DOCKER-USER',
      rule: '-t nat -A FORWARD -j DOCKER-USER',
    });
    expect(parseXtTrace('raw:PREROUTING:policy:ACCEPT ')).toEqual({ table: 'raw', chain: 'PREROUTING', kind: 'policy', verdict: 'ACCEPT', rule: null });
    expect(parseXtTrace('filter:PW-1:return:')?.kind).toBe('return');
    expect(parseXtTrace('filter:DOCKER-USER:rule:0x9:0xfffffffb  -4 -t filter -A DOCKER-USER -j RETURN')?.verdict).toBe('RETURN');
    expect(verdictName('0xffffffff')).toBe('CONTINUE');
    expect(verdictName('DROP')).toBe('DROP');
  });

  it('pairs every verdict with the latest packet line of its trace id', () => {
    const ev = parseXtablesMonitor(XT);
    expect(ev).toHaveLength(12);
    const dnat = ev.find((e) => e.rule?.includes('DNAT'))!;
    expect(dnat).toMatchObject({ traceId: '205f7335', table: 'nat', chain: 'PREROUTING', verdict: 'ACCEPT' });
    expect(dnat.packet?.dport).toBe(8080);
    expect(ev.find((e) => e.table === 'nat' && e.chain === 'INPUT')!.packet?.dport).toBe(80);
  });

  it('classifies packets: SYN request, SYN-ACK reply, VXLAN encap, others (ACK, the harness markers) none', () => {
    const ev = parseXtablesMonitor(XT);
    const roles = ev.map((e) => (e.packet ? roleOfXtPacket(e.packet, tcpKey) : null));
    expect(roles).toEqual(['encap', 'encap', 'encap', 'request', 'request', 'request', 'request', 'reply', 'reply', 'encap', null, null]);
    const udp: FlowKey = { proto: 'udp', sport: 40123, vxlanPorts: [] };
    expect(roleOfXtPacket(parseXtPacket('SRC=1.1.1.1 DST=2.2.2.2 LEN=30 TTL=64 ID=1 SPORT=40123 DPORT=53')!, udp)).toBe('request');
    expect(roleOfXtPacket(parseXtPacket('SRC=2.2.2.2 DST=1.1.1.1 LEN=30 TTL=64 ID=1 SPORT=53 DPORT=40123')!, udp)).toBe('reply');
    const icmp: FlowKey = { proto: 'icmp', vxlanPorts: [], icmpRequestIds: new Set([5]) };
    expect(roleOfXtPacket(parseXtPacket('OUT=lo SRC=127.0.0.1 DST=127.0.0.1 LEN=48 TTL=64 ID=5 DF')!, icmp)).toBeNull();
  });

  it('tells an ICMP echo request from its reply by the IP id of the first echo-sized packet sent', () => {
    const text = `PACKET: 2 1 OUT=e0 SRC=10.9.0.1 DST=10.9.0.2 LEN=84 TOS=0x0 TTL=64 ID=61911 DF
 TRACE: 2 1 raw:OUTPUT:policy:ACCEPT
PACKET: 2 2 IN=e0 SRC=10.9.0.2 DST=10.9.0.1 LEN=84 TOS=0x0 TTL=64 ID=64667
 TRACE: 2 2 raw:PREROUTING:policy:ACCEPT
PACKET: 2 3 OUT=e0 SRC=10.9.0.1 DST=224.0.0.22 LEN=40 TOS=0x0 TTL=1 ID=0 DF
 TRACE: 2 3 raw:OUTPUT:policy:ACCEPT
`;
    const ev = parseXtablesMonitor(text);
    const key: FlowKey = { proto: 'icmp', vxlanPorts: [], icmpLen: 84, icmpRequestIds: icmpRequestIds(ev, 84) };
    expect(ev.map((e) => roleOfXtPacket(e.packet!, key))).toEqual(['request', 'reply', null]);
  });

  it('tells them apart by ICMP type when the trace shows it, even when the reply has the request id', () => {
    const key: FlowKey = { proto: 'icmp', vxlanPorts: [], icmpLen: 84, icmpRequestIds: new Set([7]) };
    const request = { ...parseXtPacket('OUT=e0 SRC=10.9.0.1 DST=10.9.0.2 LEN=84 TTL=64 ID=7 DF')!, icmpType: 8 };
    const reply = { ...parseXtPacket('IN=e0 SRC=10.9.0.2 DST=10.9.0.1 LEN=84 TTL=64 ID=7')!, icmpType: 0 };
    const other = { ...parseXtPacket('OUT=e0 SRC=10.9.0.1 DST=10.9.0.2 LEN=84 TTL=64 ID=8 DF')!, icmpType: 8 };
    expect([request, reply, other].map((p) => roleOfXtPacket(p, key))).toEqual(['request', 'reply', null]);
  });

  it('turns events into trace rows: TRACE rules and retransmissions left out; rule text mapped', () => {
    const ev = parseXtablesMonitor(XT);
    const rows = traceRows(
      'n1',
      ev,
      tcpKey,
      (t) => (t.includes('DNAT') ? '-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.2.0.2:80' : undefined),
      firstRequestIds(
        ev.filter((e) => e.chain !== 'OUTPUT'),
        tcpKey,
      ),
    );
    expect(rows.some((r) => r.rule?.includes('TRACE'))).toBe(false);
    expect(rows.find((r) => r.table === 'nat' && r.role === 'request' && r.kind === 'rule')?.rule).toBe('-t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.2.0.2:80');
    expect(rows.filter((r) => r.role === 'reply').map((r) => `${r.table}:${r.chain} ${r.verdict}`)).toEqual(['filter:DOCKER-USER RETURN']);
    const onlyOther = traceRows('n1', ev, tcpKey, undefined, new Set([1]));
    expect(onlyOther.some((r) => r.role === 'request')).toBe(false);
  });
});

describe('tcpdump -tt -e -n -v', () => {
  it('parses ARP, TCP, ICMP, VXLAN (printed as OTV on 8472 and VXLAN on 4789) and skips IPv6', () => {
    const f = parseTcpdump(TCPDUMP);
    expect(f.map((x) => x.proto)).toEqual(['arp', 'arp', 'tcp', 'tcp', 'icmp', 'icmp', 'ipv6', 'udp']);
    expect(f[0].arp).toEqual({ op: 'request', targetIP: '10.1.0.2', senderIP: '10.1.0.1' });
    expect(f[1].arp).toMatchObject({ op: 'reply', senderIP: '10.1.0.2', senderMac: 'ba:79:0d:d9:18:5c' });
    expect(f[2]).toMatchObject({
      t: 1795439999.333474,
      ethSrc: '0a:00:00:00:00:01',
      ethDst: '0a:00:00:00:00:02',
      ipSrc: '10.2.0.1',
      ipDst: '10.2.0.2',
      ttl: 64,
      sport: 40123,
      dport: 8080,
      flags: 'S',
    });
    expect(f[2].outer).toEqual({ ethSrc: 'ae:f0:7d:8d:f0:13', ethDst: 'ba:79:0d:d9:18:5c', ipSrc: '10.1.0.1', ipDst: '10.1.0.2', ttl: 64, udpSport: 35904, udpDport: 8472, vni: 7 });
    expect(f[3].outer?.vni).toBe(7);
    expect(f[3].flags).toBe('S.');
    expect(f[4]).toMatchObject({ icmp: 'echo request', ipSrc: '10.9.0.1', sport: undefined });
    expect(f[7]).toMatchObject({ proto: 'udp', sport: 53, dport: 40123 });
  });

  it('classifies frames and keeps the first of each role per interface', () => {
    const f = parseTcpdump(TCPDUMP);
    expect(f.map((x) => roleOfFrame(x, tcpKey))).toEqual([null, null, 'request', 'reply', null, null, null, null]);
    const icmp: FlowKey = { proto: 'icmp', vxlanPorts: [] };
    expect(f.map((x) => roleOfFrame(x, icmp)).slice(4, 6)).toEqual(['request', 'reply']);
    const rows = wireRows('n1', 'e0', [...f, ...f], tcpKey);
    const first = firstOfEachRole(rows);
    expect(first.filter((r) => r.role === 'request')).toHaveLength(1);
    expect(first.find((r) => r.role === 'request')?.outer).toEqual({ ipSrc: '10.1.0.1', ipDst: '10.1.0.2', udpDport: 8472, vni: 7, ttl: 64 });
    expect(first.filter((r) => r.proto === 'arp')).toHaveLength(4);
  });
});

describe('retransmitted packets', () => {
  it('are cut when the rows only repeat the first walk', () => {
    const eq = (a: string, b: string) => a === b;
    expect(dropRepeatedWalks(['a', 'b', 'a', 'b', 'a', 'b'], eq)).toEqual(['a', 'b']);
    expect(dropRepeatedWalks(['a', 'b', 'a'], eq)).toEqual(['a', 'b']);
    expect(dropRepeatedWalks(['a', 'b', 'a', 'c'], eq)).toEqual(['a', 'b', 'a', 'c']);
    expect(dropRepeatedWalks(['a', 'b', 'c'], eq)).toEqual(['a', 'b', 'c']);
  });
});

describe('conntrack -L', () => {
  it('keeps the entries, not the summary', () => {
    expect(parseConntrack('tcp      6 118 TIME_WAIT src=1.1.1.1 dst=2.2.2.2\nconntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n')).toEqual([
      'tcp      6 118 TIME_WAIT src=1.1.1.1 dst=2.2.2.2',
    ]);
  });
});

describe('errors sent back (tcpdump -v)', () => {
  const frames = parseTcpdump(readFileSync(resolve(__dirname, 'testdata/tcpdump-errors.txt'), 'utf8'));

  it('parses an ICMP error with its type, code and the header it quotes', () => {
    expect(frames.map((f) => f.icmpType ?? f.flags ?? f.proto)).toEqual(['udp', 3, 'udp', 3, 'S', 'R.']);
    expect(frames[1]).toMatchObject({ icmp: 'host 10.0.0.2 unreachable', icmpCode: 1, quoted: { ipSrc: '10.0.0.1', ipDst: '10.0.0.2', id: 63042, proto: 'udp', sport: 40123, dport: 81 } });
    expect(frames[3]).toMatchObject({ icmpType: 3, icmpCode: 3, quoted: { dport: 83 } });
    expect(icmpTypeCode('10.0.0.2 unreachable - admin prohibited filter')).toEqual({ type: 3, code: 13 });
    expect(icmpTypeCode('net 10.2.0.0 unreachable')).toEqual({ type: 3, code: 0 });
    expect(icmpTypeCode('time exceeded in-transit')).toEqual({ type: 11, code: 0 });
  });

  it('gives the error role to an ICMP error quoting the request and to a RST to the client port', () => {
    const udp: FlowKey = { proto: 'udp', sport: 40123, vxlanPorts: [] };
    expect(frames.slice(0, 4).map((f) => roleOfFrame(f, udp))).toEqual(['request', 'error', 'request', 'error']);
    expect(roleOfFrame(frames[1], { ...udp, requestIds: new Set([974]) })).toBeNull();
    expect(roleOfFrame(frames[1], { ...udp, sport: 1 })).toBeNull();
    const tcp: FlowKey = { proto: 'tcp', sport: 40124, vxlanPorts: [] };
    expect(frames.slice(4).map((f) => roleOfFrame(f, tcp))).toEqual(['request', 'error']);
    const rows = firstOfEachRole(wireRows('c', 'e0', frames, udp));
    expect(rows.filter((r) => r.role === 'error')).toHaveLength(1);
    expect(rows.find((r) => r.role === 'error')).toMatchObject({ icmpType: 3, icmpCode: 1, quoted: { ipSrc: '10.0.0.1', ipDst: '10.0.0.2', sport: 40123, dport: 81 } });
  });
});
