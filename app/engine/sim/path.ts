/**
 * The per-netns packet path (linux-packet-path.md §1, §4–8), assembled from one module per kernel
 * stage: device receive, bridge input, IP input with PREROUTING and the routing decision, local
 * delivery through INPUT (VXLAN and IPIP decapsulation included), forwarding through FORWARD,
 * local output through OUTPUT with re-routing after DNAT, POSTROUTING, neighbour resolution and
 * transmission (veth, L2 segment, bridge, VXLAN, IPIP, loopback). The stages call each other
 * through the `PathEnv` built here (contracts.ts).
 */
import { bridgeInput } from './br-input';
import type { DeliverFn, PathEnv } from './contracts';
import { netifRx } from './dev-rx';
import { ipForward } from './ip-forward';
import { ipRcv, localDeliver } from './ip-input';
import { ipvsOutput, localOut, postRouting } from './ip-output';
import { transmitOnWire } from './neigh-output';

export type { DeliverFn, PathEnv } from './contracts';

/** The packet path with `deliver` as its local socket delivery. */
export function pathEnv(deliver: DeliverFn): PathEnv {
  return { deliver, netifRx, bridgeInput, ipRcv, ipForward, localDeliver, localOut, ipvsOutput, postRouting, transmitOnWire };
}
