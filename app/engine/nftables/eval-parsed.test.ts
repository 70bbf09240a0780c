/**
 * The evaluator on parsed text: kube-proxy's nftables ruleset (the peer suite's V4 file, kept as
 * parser testdata) walked chain by chain, and a firewalld/Docker-style `inet filter` table in the
 * block form.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNftables } from '../../scenario/parse/nftables';
import { context, walk } from './test/model';
import type { NftTable } from './types';

function parsed(text: string): NftTable {
  const r = parseNftables(text, { file: 'test.nft', line: 1, column: 1 });
  expect(r.errors).toEqual([]);
  return r.ruleset.tables[0];
}

const KP = parsed(readFileSync(resolve(__dirname, '../../scenario/parse/nftables/testdata/kube-proxy-v4.nft'), 'utf8'));
const NODE_IPS = ['192.168.0.2', '192.168.1.2', '192.168.99.11'];
const pkt = (src: string, dst: string, dport = 80) => ({ src, dst, dport });
const svc4 = 'service-LAUZTJTB-ns4/svc4/tcp/p80';
const ep4 = 'endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80';
const ep5 = 'endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80';

describe('kube-proxy (nftables mode)', () => {
  it('a ClusterIP with two endpoints: the service-ips element, numgen alternatives labelled with each DNAT', () => {
    const w = walk(KP, 'nat-prerouting', context({ hook: 'prerouting', pkt: pkt('10.0.0.2', '172.30.0.44'), local: NODE_IPS, numgen: () => 1 }));
    expect(w.lines).toEqual(['nat-prerouting JUMP:services #1', `services GOTO:${svc4} #1`, `${svc4} GOTO:${ep5} #2`, `${ep5} ACCEPT #2`]);
    expect(w.decisions[1].element).toBe(`172.30.0.44 . tcp . 80 : goto ${svc4}`);
    expect(w.decisions[2].notMatched).toEqual({ from: 1, to: 1 });
    expect(w.decisions[2].alternatives?.map((a) => [a.choice, a.option, a.label, a.chosen])).toEqual([
      [`ns/ip kube-proxy/${svc4}`, 1, `${ep4} → 10.180.0.4:80`, false],
      [`ns/ip kube-proxy/${svc4}`, 2, `${ep5} → 10.180.0.5:80`, true],
    ]);
    expect(w.decisions[3].notMatched).toEqual({ from: 1, to: 1 });
    expect(w.result).toMatchObject({ kind: 'nat', nat: { type: 'dnat', addr: '10.180.0.5', port: 80 } });
  });

  it('a NodePort from a pod: fib daddr type local, then the short-circuit to the service chain', () => {
    const w = walk(KP, 'nat-prerouting', context({ hook: 'prerouting', pkt: pkt('10.0.0.2', '192.168.0.2', 3001), local: NODE_IPS }));
    expect(w.lines.slice(0, 3)).toEqual([
      'nat-prerouting JUMP:services #1',
      'services GOTO:external-42NFTM6N-ns2/svc2/tcp/p80 #2',
      'external-42NFTM6N-ns2/svc2/tcp/p80 GOTO:service-42NFTM6N-ns2/svc2/tcp/p80 #1',
    ]);
    expect(w.decisions[1]).toMatchObject({ element: 'tcp . 3001 : goto external-42NFTM6N-ns2/svc2/tcp/p80', notMatched: { from: 1, to: 1 } });
    expect(w.result).toMatchObject({ kind: 'nat', nat: { addr: '10.180.0.2', port: 80 }, mark: 0 });
  });

  it('a local client is marked for masquerade on the way', () => {
    const w = walk(KP, 'nat-output', context({ hook: 'output', inIface: undefined, outIface: 'eth0', pkt: pkt('192.168.0.2', '192.168.99.22'), local: NODE_IPS }));
    expect(w.lines).toContain('mark-for-masquerade CONTINUE #1');
    expect(w.result).toMatchObject({ kind: 'nat', nat: { addr: '10.180.0.2' }, mark: 0x4000 });
  });

  it('a client outside the LoadBalancer source ranges is dropped before DNAT', () => {
    const w = walk(KP, 'filter-prerouting-pre-dnat', context({ hook: 'prerouting', pkt: pkt('203.0.113.130', '5.6.7.8'), local: NODE_IPS }));
    expect(w.lines).toEqual(['filter-prerouting-pre-dnat JUMP:firewall-check #1', 'firewall-check GOTO:firewall-HVFWP5L3-ns5/svc5/tcp/p80 #1', 'firewall-HVFWP5L3-ns5/svc5/tcp/p80 DROP #1']);
    const inside = walk(KP, 'filter-prerouting-pre-dnat', context({ hook: 'prerouting', pkt: pkt('203.0.113.2', '5.6.7.8'), local: NODE_IPS }));
    expect(inside.lines.slice(-2)).toEqual(['firewall-HVFWP5L3-ns5/svc5/tcp/p80 RETURN', 'filter-prerouting-pre-dnat ACCEPT (policy)']);
  });

  it('a service without endpoints: endpoints-check goes to reject-chain, whose reject is traced drop', () => {
    const w = walk(KP, 'filter-forward', context({ hook: 'forward', outIface: 'eth0', pkt: pkt('10.0.0.2', '172.30.0.46'), local: NODE_IPS }));
    expect(w.lines).toEqual(['filter-forward JUMP:endpoints-check #1', 'endpoints-check GOTO:reject-chain #1', 'reject-chain DROP #1']);
    expect(w.result).toMatchObject({ kind: 'reject', with: 'icmp-port-unreachable' });
  });

  it('ct state new: an established packet skips endpoints-check', () => {
    const w = walk(KP, 'filter-forward', context({ hook: 'forward', ctstate: 'ESTABLISHED', pkt: pkt('10.0.0.2', '172.30.0.46'), local: NODE_IPS }));
    expect(w.lines).toEqual(['filter-forward ACCEPT (policy)']);
  });

  it('session affinity: the empty affinity set does not match, the endpoint chain updates it and DNATs', () => {
    const w = walk(KP, 'nat-prerouting', context({ hook: 'prerouting', pkt: pkt('10.0.0.2', '172.30.0.45'), local: NODE_IPS }));
    const ep = 'endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80';
    expect(w.lines.slice(2)).toEqual([`service-HVFWP5L3-ns5/svc5/tcp/p80 GOTO:${ep} #3`, `${ep} CONTINUE #2`, `${ep} ACCEPT #3`]);
    expect(w.decisions[2].notMatched).toEqual({ from: 1, to: 2 });
  });

  it('masquerading: only a marked packet is masqueraded, and the mark bit is cleared', () => {
    const post = (mark: number) => walk(KP, 'nat-postrouting', context({ hook: 'postrouting', outIface: 'eth0', mark, local: NODE_IPS }));
    expect(post(0).lines).toEqual(['nat-postrouting JUMP:masquerading #1', 'masquerading RETURN #1', 'nat-postrouting ACCEPT (policy)']);
    expect(post(0x4000).result).toMatchObject({ kind: 'nat', nat: { type: 'masquerade', flags: ['fully-random'] }, mark: 0 });
  });
});

describe('an inet filter table in the block form', () => {
  const FW = parsed(`table inet filter {
  chain input {
    type filter hook input priority filter; policy drop;
    ct state established,related accept
    ct state invalid drop
    iifname "lo" accept
    ip saddr 10.0.0.0/8 tcp dport { 22, 8000-8999 } accept
    meta l4proto icmp icmp type echo-request accept
    iifname "eth*" tcp dport 25 reject with icmpx admin-prohibited
  }
}`);
  const at = (over: Parameters<typeof context>[0]) => walk(FW, 'input', context(over));

  it('established traffic is accepted by the first rule', () => {
    expect(at({ ctstate: 'ESTABLISHED' }).lines).toEqual(['input ACCEPT #1']);
  });
  it('a port inside an anonymous set range', () => {
    expect(at({ pkt: { dport: 8443 } }).lines).toEqual(['input ACCEPT #4']);
    expect(at({ pkt: { dport: 8443 } }).decisions[0].notMatched).toEqual({ from: 1, to: 3 });
  });
  it('ping is accepted, other traffic meets the drop policy', () => {
    expect(at({ pkt: { proto: 'icmp', sport: undefined, dport: undefined, icmpType: 8, icmpCode: 0 } }).lines).toEqual(['input ACCEPT #5']);
    expect(at({ pkt: { src: '192.0.2.1', dport: 22 } }).lines).toEqual(['input DROP (policy)']);
  });
  it('icmpx admin-prohibited on an eth* interface', () => {
    expect(at({ pkt: { dport: 25 } }).result).toMatchObject({ kind: 'reject', with: 'icmp-admin-prohibited' });
    expect(at({ inIface: 'wlan0', pkt: { dport: 25 } }).lines).toEqual(['input DROP (policy)']);
  });
});
