/**
 * The contracts between the packet-path modules, one per kernel stage: device receive (dev-rx),
 * bridge input (br-input), IP input and local delivery (ip-input), forwarding (ip-forward), local
 * output and POSTROUTING (ip-output), neighbour output and device transmit (neigh-output), tunnel
 * transmit (tunnel-xmit) and the netfilter core (nf-hook with its hook registry). Each stage calls
 * the next through `PathEnv`, so no stage imports another (the kernel's own call graph is cyclic:
 * a frame sent on a veth is received by the peer's stack).
 */
import type { CtRef } from '../conntrack/conntrack';
import type { Message } from '../message';
import type { Pkt } from '../packet';
import type { Route } from '../world';
import type { Sim } from './context';

/** The packet as it moves through one netns, with its conntrack reference. */
export interface PathState {
  pkt: Pkt;
  ct?: CtRef;
  /** True once ip_forward handled the packet in this netns (its MTU was checked there). */
  forwarded?: boolean;
  /** The bridge port the frame entered by, when br_netfilter saw it (its nf_bridge state). */
  physIn?: string;
  /** `skb->ipvs_property`: IPVS already handled the packet, its hooks let it pass. */
  ipvsProperty?: boolean;
  /** Conntrack does not track the packet (IP_CT_UNTRACKED: `notrack`, or IPVS with vs.conntrack=0). */
  untracked?: boolean;
}

/**
 * What running a hook's functions did: every one accepted, or IPVS took the packet (NF_STOLEN)
 * after rewriting it for a real server and will send it through LOCAL_OUT again
 * (`ip_vs_nat_send_or_cont`).
 */
export type HookResult = 'accept' | 'ipvs-stolen';

/** Interfaces known at a hook (iptables `-i`/`-o`, nft `iifname`/`oifname`, physdev for bridged frames). */
export interface HookIO {
  readonly in?: string;
  readonly out?: string;
  readonly physIn?: string;
  readonly physOut?: string;
  readonly bridged?: boolean;
  /** Next hop of the chosen route (for MASQUERADE's address choice). */
  readonly nextHop?: string;
  /**
   * OUTPUT of a locally sent packet: routes it again when a hook function that re-routes changed
   * its destination or mark (`ip_route_me_harder` from the NAT core's `nf_nat_ipv4_local_fn` after
   * a DNAT, from `ipt_mangle_out`, from an nft `type route` chain), so the functions after it see
   * the new output device. Returns that device, or undefined when nothing changed.
   */
  readonly reroute?: () => string | undefined;
}

/** Called when a packet reaches a local socket that is not a tunnel endpoint. */
export type DeliverFn = (sim: Sim, nsName: string, dev: string, ps: PathState) => never;

/**
 * The packet path's stages as one table of entry points. Every function ends the direction (it
 * returns `never`): the packet is handed on, delivered, or dropped.
 */
export interface PathEnv {
  /** Local socket delivery (the flow driver's). */
  readonly deliver: DeliverFn;
  /** A frame arrives on a device (`__netif_receive_skb`). */
  readonly netifRx: (sim: Sim, env: PathEnv, nsName: string, dev: string, pkt: Pkt, keepMeta?: boolean) => never;
  /** Bridge input on a port (`br_handle_frame`). */
  readonly bridgeInput: (sim: Sim, env: PathEnv, nsName: string, bridge: string, port: string, ps: PathState) => never;
  /** IP input (`ip_rcv` → PREROUTING → `ip_route_input`). */
  readonly ipRcv: (sim: Sim, env: PathEnv, nsName: string, dev: string, ps: PathState, physIn?: string, prerouted?: boolean) => never;
  /** Forwarding (`ip_forward`): TTL, MTU, FORWARD, then POSTROUTING. */
  readonly ipForward: (sim: Sim, env: PathEnv, nsName: string, dev: string, ps: PathState, r: Route, outDev: string) => never;
  /** Local delivery after INPUT (`ip_local_deliver_finish`): tunnel decapsulation or a socket. */
  readonly localDeliver: (sim: Sim, env: PathEnv, nsName: string, dev: string, ps: PathState) => never;
  /** Local output (`ip_queue_xmit`): route, OUTPUT, re-route, POSTROUTING; `explain` is the send step's sentence. */
  readonly localOut: (sim: Sim, env: PathEnv, nsName: string, pkt: Pkt, explain: Message, ct?: CtRef) => never;
  /** A request IPVS rewrote for a remote real server: routed there, OUTPUT again, POSTROUTING. */
  readonly ipvsOutput: (sim: Sim, env: PathEnv, nsName: string, ps: PathState, inDev?: string) => never;
  /** POSTROUTING, then neighbour output (`ip_output` → `ip_finish_output2`). */
  readonly postRouting: (sim: Sim, env: PathEnv, nsName: string, outDev: string, r: Route, ps: PathState, inDev?: string) => never;
  /**
   * Puts a frame on the wire of a veth or L2 segment and receives it at the other end; `explain`
   * is the first sentence of the transmit step (why the frame goes out there).
   */
  readonly transmitOnWire: (sim: Sim, env: PathEnv, nsName: string, dev: string, pkt: Pkt, explain: Message) => never;
}

/** Continues an outer packet after OUTPUT: POSTROUTING, neighbour resolution and transmit. */
export type TunnelOutput = (outDev: string, r: Route, ops: PathState, inDev: string) => never;
