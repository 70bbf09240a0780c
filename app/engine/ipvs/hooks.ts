/**
 * Where IPVS registers with netfilter: `ip_vs_ops4[]` in net/netfilter/ipvs/ip_vs_core.c
 * (mainline since the ip_vs_in_hook/ip_vs_out_hook merge; registered per netns by
 * ip_vs_register_hooks when the first service is added). Priorities from
 * include/uapi/linux/netfilter_ipv4.h: NF_IP_PRI_NAT_DST = -100, NF_IP_PRI_NAT_SRC = 100.
 */
import type { HookName } from '../netfilter/types';

/** One `struct nf_hook_ops` entry of ip_vs_ops4. */
export interface IpvsHookOp {
  readonly hook: Extract<HookName, 'INPUT' | 'OUTPUT' | 'FORWARD'>;
  readonly priority: number;
  /** The kernel function (mainline name) and the name older kernels gave the same entry. */
  readonly fn: 'ip_vs_out_hook' | 'ip_vs_in_hook' | 'ip_vs_forward_icmp';
  readonly formerly: 'ip_vs_reply4' | 'ip_vs_remote_request4' | 'ip_vs_local_reply4' | 'ip_vs_local_request4' | 'ip_vs_forward_icmp';
  /** The kernel's own comment on the entry, in one sentence. */
  readonly role: string;
}

/**
 * ip_vs_ops4, in the array's order. `ip_vs_out_hook` un-NATs replies of VS/NAT connections
 * (handle_response), `ip_vs_in_hook` looks up the service, schedules and transmits requests,
 * `ip_vs_forward_icmp` handles ICMP errors about IPVS connections. All return NF_ACCEPT at once
 * for a packet with `skb->ipvs_property` set (one IPVS already handled).
 */
export const IPVS_HOOK_OPS: readonly IpvsHookOp[] = [
  { hook: 'INPUT', priority: 100 - 2, fn: 'ip_vs_out_hook', formerly: 'ip_vs_reply4', role: 'after packet filtering, change source only for VS/NAT' },
  {
    hook: 'INPUT',
    priority: 100 - 1,
    fn: 'ip_vs_in_hook',
    formerly: 'ip_vs_remote_request4',
    role: 'after packet filtering, forward packet through VS/DR, VS/TUN, or VS/NAT (change destination), so that filtering rules can be applied to IPVS',
  },
  { hook: 'OUTPUT', priority: -100 + 1, fn: 'ip_vs_out_hook', formerly: 'ip_vs_local_reply4', role: 'before ip_vs_in, change source only for VS/NAT' },
  { hook: 'OUTPUT', priority: -100 + 2, fn: 'ip_vs_in_hook', formerly: 'ip_vs_local_request4', role: 'after mangle, schedule and forward local requests' },
  {
    hook: 'FORWARD',
    priority: 99,
    fn: 'ip_vs_forward_icmp',
    formerly: 'ip_vs_forward_icmp',
    role: 'after packet filtering (but before ip_vs_out_icmp), catch ICMP destined for 0.0.0.0/0, which is for incoming IPVS connections',
  },
  { hook: 'FORWARD', priority: 100, fn: 'ip_vs_out_hook', formerly: 'ip_vs_reply4', role: 'after packet filtering, change source only for VS/NAT' },
];
