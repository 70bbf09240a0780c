/**
 * Virtual service lookup: `ip_vs_service_find` (net/netfilter/ipvs/ip_vs_ctl.c) and the protocol
 * `conn_schedule` gates (ip_vs_proto_tcp.c / _udp.c / _sctp.c) that decide whether a packet
 * without a connection entry may be scheduled at all.
 */
import { msg, type Message } from '../message';
import type { IpvsProtocol, IpvsService, IpvsState } from './types';

/** The fields of a packet the lookup reads. */
export interface IpvsPacket {
  readonly src: string;
  readonly dst: string;
  readonly proto: 'tcp' | 'udp' | 'sctp' | 'icmp' | 'ipip';
  readonly sport?: number;
  readonly dport?: number;
  /** skb->mark, for fwmark services. */
  readonly mark: number;
  /** TCP flags as letters (`S`, `SA`, …). */
  readonly tcpFlags?: string;
  /** For SCTP: the first chunk is INIT. */
  readonly sctpInit?: boolean;
}

const isL4 = (p: IpvsPacket['proto']): p is IpvsProtocol => p === 'tcp' || p === 'udp' || p === 'sctp';

/**
 * Finds the virtual service for `pkt` as ip_vs_service_find does: a fwmark service for a non-zero
 * skb mark first (__ip_vs_svc_fwm_find), then `<protocol, daddr, dport>`
 * (__ip_vs_service_find), then the port-zero catch-all `<protocol, daddr, 0>` (nullsvc). The
 * FTP data-port special case is not modelled (no ip_vs_ftp).
 */
export function findService(state: IpvsState, pkt: IpvsPacket): IpvsService | undefined {
  if (pkt.mark !== 0) {
    const fw = state.services.find((s) => s.key.kind === 'fwmark' && s.key.mark === pkt.mark >>> 0);
    if (fw) return fw;
  }
  if (!isL4(pkt.proto)) return undefined;
  const proto = pkt.proto;
  const byAddr = (port: number) => state.services.find((s) => s.key.kind === 'addr' && s.key.protocol === proto && s.key.addr === pkt.dst && s.key.port === port);
  return byAddr(pkt.dport ?? 0) ?? byAddr(0);
}

/**
 * Whether a packet without a connection entry is one the protocol lets IPVS schedule
 * (`*_conn_schedule`): TCP only a SYN (tcp_conn_schedule: `th->syn`), SCTP only an INIT chunk
 * (sctp_conn_schedule, without sloppy_sctp), UDP always. Any other packet is left alone
 * (NF_ACCEPT): it goes on to the local stack.
 * @returns undefined when it may be scheduled, else the reason it is not.
 */
export function notSchedulable(pkt: IpvsPacket): Message | undefined {
  if (pkt.proto === 'tcp' && !(pkt.tcpFlags ?? '').toUpperCase().includes('S')) return msg('ipvs.tcpNotSyn');
  if (pkt.proto === 'sctp' && !pkt.sctpInit) return msg('ipvs.sctpNotInit');
  return undefined;
}

/**
 * ip_vs_schedule's port check for a non-persistent service: a packet whose destination port is
 * not the service's is not scheduled; a port-zero service needs persistence (the kernel logs
 * "port zero only supported in persistent services").
 */
export function portMismatch(svc: IpvsService, pkt: IpvsPacket): Message | undefined {
  if (svc.persistent || svc.key.kind === 'fwmark') return undefined;
  if (svc.key.port === (pkt.dport ?? 0)) return undefined;
  return msg(svc.key.port === 0 ? 'ipvs.portZeroNeedsPersistence' : 'ipvs.portMismatch');
}
