/**
 * The contracts between the packet-path modules: the packet as it moves through one netns, and the
 * devices a netfilter hook sees.
 */
import type { CtRef } from '../conntrack/conntrack';
import type { Pkt } from '../packet';

/** The packet as it moves through one netns, with its conntrack reference. */
export interface PathState {
  pkt: Pkt;
  ct?: CtRef;
  /** True once ip_forward handled the packet in this netns (its MTU was checked there). */
  forwarded?: boolean;
  /** The bridge port the frame entered by, when br_netfilter saw it (its nf_bridge state). */
  physIn?: string;
}

/** Interfaces known at a hook (iptables `-i`/`-o`, physdev for bridged frames). */
export interface HookIO {
  readonly in?: string;
  readonly out?: string;
  readonly physIn?: string;
  readonly physOut?: string;
  readonly bridged?: boolean;
  /** Next hop of the chosen route (for MASQUERADE's address choice). */
  readonly nextHop?: string;
}
