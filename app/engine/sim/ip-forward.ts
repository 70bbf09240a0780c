/**
 * Forwarding (net/ipv4/ip_forward.c `ip_forward`): TTL expiry answered with ICMP time exceeded,
 * the MTU check of a DF packet, the TTL decrement, the FORWARD hook, then POSTROUTING.
 */
import type { Route } from '../world';
import type { Sim } from './context';
import type { PathEnv, PathState } from './contracts';
import { errorRefusal } from './error-refusal';
import { TTL_EXCEEDED } from './icmp-error';
import { checkMtu } from './mtu';
import { runHook } from './nf-hook';
import { msg } from '../message';

/** `ip_forward` for a packet routed by `r` out of `outDev` (arrived on `dev`). */
export function ipForward(sim: Sim, env: PathEnv, nsName: string, dev: string, ps: PathState, r: Route, outDev: string): never {
  const pkt = ps.pkt;
  if (pkt.ip.ttl <= 1)
    sim.dropAnswering(
      { netns: nsName, inDev: dev, pkt, ct: ps.ct, local: false, answer: TTL_EXCEEDED },
      dev,
      'forward',
      msg('route.ttlExpired', { ttl: pkt.ip.ttl }),
      msg('route.ttlExpiredForward', { ttl: pkt.ip.ttl, src: pkt.ip.src }),
      errorRefusal(sim, nsName, pkt),
    );
  checkMtu(sim, nsName, dev, outDev, pkt, true, ps.ct);
  ps.pkt = { ...pkt, ip: { ...pkt.ip, ttl: pkt.ip.ttl - 1 } };
  ps.forwarded = true;
  sim.emit({ netns: nsName, interface: dev, stage: 'forward', pkt: ps.pkt, explain: msg('route.ipForward', { ttl: pkt.ip.ttl, next: pkt.ip.ttl - 1 }) });
  runHook(sim, nsName, 'FORWARD', ps, { in: dev, out: outDev });
  return env.postRouting(sim, env, nsName, outDev, r, ps, dev);
}
