/**
 * The IPVS and ipset model: a netns's virtual services as `ipvsadm -Sn` prints them (ipvsadm(8),
 * kernel `struct ip_vs_service` / `struct ip_vs_dest`, include/net/ip_vs.h) and its ipset sets as
 * `ipset save` prints them (ipset(8), net/netfilter/ipset/ip_set_*.c).
 */
import type { Cidr } from '../netfilter/types';
import type { Message } from '../message';
import type { SourceRef } from '../source';

/** The L4 protocols a virtual service can be keyed on (`-t`, `-u`, `--sctp-service`). */
export type IpvsProtocol = 'tcp' | 'udp' | 'sctp';

/**
 * Packet forwarding method of a real server (ipvsadm(8) `-m`, `-g`, `-i`; kernel
 * IP_VS_CONN_F_MASQ / _DROUTE / _TUNNEL). kube-proxy always uses `masq` (NAT).
 */
export type IpvsForward = 'masq' | 'droute' | 'tunnel';

/** Schedulers the engine evaluates (net/netfilter/ipvs/ip_vs_<name>.c). */
export const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'sh', 'dh', 'sed', 'nq'] as const;
export type IpvsSchedulerName = (typeof IPVS_SCHEDULERS)[number];

/** Schedulers the kernel has but the engine cannot evaluate: a service using one is loaded and stops a packet. */
export const IPVS_OTHER_SCHEDULERS: readonly string[] = ['lblc', 'lblcr', 'mh', 'fo', 'ovf', 'twos'];

/**
 * A real server (`-a … -r ADDR:PORT -m -w W`): kernel `struct ip_vs_dest`. `activeConns` and
 * `inactConns` are the counters `ipvsadm -Ln` shows (ActiveConn / InActConn), which the lc, wlc,
 * sed and nq schedulers read; absent means 0, as for a freshly restored service.
 */
export interface IpvsDest {
  readonly addr: string;
  /** 0 when the line gave no port (the service's port is used, ip_vs_schedule). */
  readonly port: number;
  readonly forward: IpvsForward;
  /** 0 = quiesced: no new connections (ipvsadm(8) `-w`). */
  readonly weight: number;
  readonly activeConns?: number;
  readonly inactConns?: number;
  /** The line as written. */
  readonly text: string;
  readonly source?: SourceRef;
}

/** How a virtual service is found: `<protocol, VIP, port>` or a firewall mark (`-f MARK`). */
export type IpvsServiceKey = { readonly kind: 'addr'; readonly protocol: IpvsProtocol; readonly addr: string; readonly port: number } | { readonly kind: 'fwmark'; readonly mark: number };

/**
 * A virtual service (`-A -t VIP:PORT -s SCHED [-p T [-M MASK]] [-b FLAGS] [ops]`): kernel
 * `struct ip_vs_service`.
 */
export interface IpvsService {
  readonly key: IpvsServiceKey;
  /** Scheduler name as written (`rr` when `-s` is absent, ipvsadm's DEF_SCHED). */
  readonly scheduler: string;
  /** `-p [timeout]` (IP_VS_SVC_F_PERSISTENT) with `-M` netmask as a prefix length (32 by default). */
  readonly persistent?: { readonly timeout: number; readonly netmaskLen: number };
  /** `-b` scheduler flags (`sh-fallback`, `sh-port`, `mh-fallback`, `mh-port`). */
  readonly schedFlags: readonly string[];
  /** `ops`: one-packet scheduling (IP_VS_SVC_F_ONEPACKET, UDP only). */
  readonly onePacket: boolean;
  /** `--pe NAME` persistence engine (only `sip` exists). */
  readonly pe?: string;
  /**
   * Real servers in the order the text lists them. `ipvsadm -S` prints them sorted; restoring that
   * text adds each at the head of `svc->destinations` (list_add_rcu in __ip_vs_update_dest), so the
   * kernel's list order, the one schedulers walk, is this order reversed: see `kernelDests`.
   */
  readonly dests: readonly IpvsDest[];
  readonly text: string;
  readonly source?: SourceRef;
}

/** A netns's IPVS table (`ipvsadm -Sn`). */
export interface IpvsState {
  readonly services: readonly IpvsService[];
}

/**
 * The real servers in the kernel's `svc->destinations` order after `ipvsadm-restore` of the text:
 * each `-a` is `list_add_rcu` at the head, so the last line written comes first.
 */
export function kernelDests(svc: IpvsService): readonly IpvsDest[] {
  return [...svc.dests].reverse();
}

// ---------------------------------------------------------------- ipset

/** One dimension of a set type: `ip`, `net` (address with prefix) or `port` (protocol + port). */
export type IpsetDim = 'ip' | 'net' | 'port';

/** A value of one dimension of an element. */
export type IpsetPart =
  | { readonly kind: 'ip'; readonly addr: string }
  | { readonly kind: 'net'; readonly cidr: Cidr }
  /** `proto:port`; for ICMP the "port" is `type << 8 | code` (ip_set_getport.c get_port). */
  | { readonly kind: 'port'; readonly proto: number; readonly port: number }
  /** A bitmap:port range element `from-to` (each port in it is a member). */
  | { readonly kind: 'port-range'; readonly from: number; readonly to: number };

/** One `add NAME …` line. `nomatch` (hash:net types) makes a matching lookup fail. */
export interface IpsetElement {
  readonly parts: readonly IpsetPart[];
  readonly nomatch: boolean;
  readonly comment?: string;
  readonly text: string;
  readonly source?: SourceRef;
}

/**
 * A set (`create NAME TYPE [options]` and its `add` lines). `type` is as written (`hash:ip,port`);
 * `dims` its dimensions in order (ip_set type `dimension`), e.g. `['ip', 'port']`.
 */
export interface IpsetSet {
  readonly name: string;
  readonly type: string;
  readonly dims: readonly IpsetDim[];
  readonly family: 'inet' | 'inet6';
  /** The create options as written (`hashsize 1024`, `maxelem 65536`, `range 0-65535`, `comment`, …). */
  readonly options: Readonly<Record<string, string>>;
  readonly elements: readonly IpsetElement[];
  /**
   * Set when the engine cannot test membership of this type (`hash:mac`, `list:set`, …): the
   * set exists (rules may name it) but a rule using it cannot be evaluated; the message says why.
   */
  readonly unsupported?: Message;
  readonly text: string;
  readonly source?: SourceRef;
}

/** A netns's sets by name (`ipset save`). */
export type IpsetSets = ReadonlyMap<string, IpsetSet>;
