import { describe, expect, it } from 'vitest';
import { connIn, connOut, conntrackReplyTuple, natReply, natRequest, newConn, persistKey, templateDest } from './conn';
import { IPVS_HOOK_OPS } from './hooks';
import { findService, notSchedulable, portMismatch } from './service';
import { englishOf } from '../../i18n/message-renderer';
import type { IpvsService, IpvsState } from './types';

const svc = (over: Partial<IpvsService> = {}): IpvsService => ({
  key: { kind: 'addr', protocol: 'tcp', addr: '10.96.0.1', port: 443 },
  scheduler: 'rr',
  schedFlags: [],
  onePacket: false,
  text: '',
  dests: [{ addr: '10.244.0.2', port: 6443, forward: 'masq', weight: 1, text: '' }],
  ...over,
});
const syn = { src: '10.244.1.5', dst: '10.96.0.1', proto: 'tcp' as const, sport: 40000, dport: 443, mark: 0, tcpFlags: 'S' };

describe('hooks (ip_vs_ops4)', () => {
  it('LOCAL_IN 98/99, LOCAL_OUT -99/-98, FORWARD 99/100', () => {
    expect(IPVS_HOOK_OPS.map((o) => [o.hook, o.priority, o.fn])).toEqual([
      ['INPUT', 98, 'ip_vs_out_hook'],
      ['INPUT', 99, 'ip_vs_in_hook'],
      ['OUTPUT', -99, 'ip_vs_out_hook'],
      ['OUTPUT', -98, 'ip_vs_in_hook'],
      ['FORWARD', 99, 'ip_vs_forward_icmp'],
      ['FORWARD', 100, 'ip_vs_out_hook'],
    ]);
  });
});

describe('ip_vs_service_find', () => {
  const fw = svc({ key: { kind: 'fwmark', mark: 7 } });
  const zero = svc({ key: { kind: 'addr', protocol: 'tcp', addr: '10.96.0.1', port: 0 }, persistent: { timeout: 300, netmaskLen: 32 } });
  const state: IpvsState = { services: [svc(), fw, zero] };
  it('fwmark first, then proto/VIP/port, then port zero', () => {
    expect(findService(state, { ...syn, mark: 7 })).toBe(fw);
    expect(findService(state, syn)).toBe(state.services[0]);
    expect(findService(state, { ...syn, dport: 80 })).toBe(zero);
    expect(findService(state, { ...syn, proto: 'udp' })).toBeUndefined();
  });
  it('TCP is scheduled only on a SYN; port checks of ip_vs_schedule', () => {
    expect(notSchedulable(syn)).toBeUndefined();
    expect(englishOf(notSchedulable({ ...syn, tcpFlags: 'A' })!)).toMatch(/only on a SYN/);
    expect(notSchedulable({ ...syn, proto: 'udp', tcpFlags: undefined })).toBeUndefined();
    expect(portMismatch(zero, { ...syn, dport: 80 })).toBeUndefined();
    expect(englishOf(portMismatch(svc({ key: { kind: 'addr', protocol: 'tcp', addr: '10.96.0.1', port: 0 } }), syn)!)).toMatch(/port-zero/);
  });
});

describe('connection entry and VS/NAT', () => {
  const c = newConn(syn, svc().dests[0], true);
  it('client, virtual and real server; request DNAT and reply SNAT', () => {
    expect(c).toEqual({ protocol: 'tcp', caddr: '10.244.1.5', cport: 40000, vaddr: '10.96.0.1', vport: 443, daddr: '10.244.0.2', dport: 6443, forward: 'masq', nfct: true });
    expect(natRequest(c)).toEqual({ src: '10.244.1.5', sport: 40000, dst: '10.244.0.2', dport: 6443 });
    expect(natReply(c)).toEqual({ src: '10.96.0.1', sport: 443, dst: '10.244.1.5', dport: 40000 });
    expect(connIn([c], syn)).toBe(c);
    expect(connOut([c], { src: '10.244.0.2', sport: 6443, dst: '10.244.1.5', dport: 40000, proto: 'tcp', mark: 0 })).toBe(c);
  });
  it('a real server without a port takes the packet port', () => {
    expect(newConn(syn, { ...svc().dests[0], port: 0 }, false).dport).toBe(443);
  });
  it('vs.conntrack=1 changes the expected reply to come from the real server; 0, DR and ops leave it', () => {
    expect(conntrackReplyTuple(c, false)).toEqual({ src: '10.244.0.2', sport: 6443, dst: '10.244.1.5', dport: 40000 });
    expect(conntrackReplyTuple({ ...c, nfct: false }, false)).toBeUndefined();
    expect(conntrackReplyTuple({ ...c, forward: 'droute' }, false)).toBeUndefined();
    expect(conntrackReplyTuple(c, true)).toBeUndefined();
  });
  it('persistence templates mask the client with -M and survive a weight of 0', () => {
    const p = svc({ persistent: { timeout: 10800, netmaskLen: 24 } });
    expect(persistKey(p, '10.244.1.5')).toBe('10.244.1.0 → tcp 10.96.0.1:443');
    const t = [{ key: '10.244.1.0 → tcp 10.96.0.1:443', daddr: '10.244.0.2', dport: 6443, timeout: 10800 }];
    expect(templateDest(p, t, '10.244.1.77')?.addr).toBe('10.244.0.2');
    expect(templateDest({ ...p, dests: [{ ...p.dests[0], weight: 0 }] }, t, '10.244.1.77')?.addr).toBe('10.244.0.2');
    expect(templateDest(p, t, '10.244.2.1')).toBeUndefined();
    expect(persistKey(svc(), '10.244.1.5')).toBeUndefined();
  });
});
