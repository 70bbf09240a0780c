/**
 * Local output (net/ipv4/ip_output.c `ip_queue_xmit`, `ip_local_out`, `ip_output`,
 * netfilter/nf_nat core's `ip_route_me_harder`): routing and source selection, OUTPUT, re-routing
 * after OUTPUT changed the destination or mark, POSTROUTING, then neighbour output.
 */
import type { CtRef } from '../conntrack/conntrack';
import type { Pkt } from '../packet';
import { routeDev, selectSource } from '../route/fib';
import { routeFor } from './route-lookup';
import type { Route } from '../world';
import type { Sim } from './context';
import type { PathEnv, PathState } from './contracts';
import { checkMtu } from './mtu';
import { neighOutput } from './neigh-output';
import { runHook } from './nf-hook';
import { routeFailure, routeStep } from './route-steps';
import { errorRefusal } from './error-refusal';
import { checkLoopbackSourceOnOutput } from './route-localnet';
import { ICMP, TTL_EXCEEDED, unreachable } from './icmp-error';
import { msg, type Message } from '../message';

/**
 * Local output of a packet created by a socket in `nsName` (ip_queue_xmit / ip_send_skb):
 * routing decision and source selection, OUTPUT, re-route after a DNAT, POSTROUTING, transmit.
 */
export function localOut(sim: Sim, env: PathEnv, nsName: string, pkt: Pkt, explain: Message, ct?: CtRef): never {
  const ns = sim.ns(nsName);
  const sendStep = (p: Pkt) => sim.emit({ netns: nsName, stage: 'send', pkt: p, explain });
  // ip_route_output_key_hash_rcu: the input device of an output lookup is lo (LOOPBACK_IFINDEX).
  const pr = routeFor(sim, nsName, undefined, pkt, pkt.ip.dst, { src: pkt.ip.src, mark: pkt.mark, iif: 'lo' }, () => sendStep(pkt));
  const r = pr.route;
  if (!r || (r.type !== 'unicast' && r.type !== 'local' && r.type !== 'broadcast')) {
    sendStep(pkt);
    routeFailure(sim, nsName, undefined, pkt, r, 'local', pr.rule);
  }
  const dev = r.type === 'local' ? 'lo' : routeDev(ns, r);
  const src = pkt.ip.src || selectSource(ns, r, dev, pkt.ip.dst) || '0.0.0.0';
  const p0: Pkt = { ...pkt, ip: { ...pkt.ip, src } };
  sendStep(p0);
  if (r.type !== 'local' && dev) checkLoopbackSourceOnOutput(sim, nsName, dev, p0, false);
  routeStep(
    sim,
    nsName,
    dev,
    p0,
    r,
    r.type === 'local'
      ? msg('route.outputLocal', { dst: p0.ip.dst, route: r.text })
      : r.via
        ? msg('route.outputVia', { dst: p0.ip.dst, route: r.text, dev: dev ?? '', via: r.via, src })
        : msg('route.output', { dst: p0.ip.dst, route: r.text, dev: dev ?? '', src }),
    pr,
  );
  const ps: PathState = { pkt: p0, ct };
  let route = r;
  let outDev = dev!;
  let routed = { dst: p0.ip.dst, mark: p0.mark };
  // ip_route_me_harder, inside the hook function that changed the destination (or mark): the
  // functions after it in OUTPUT see the new output device; a failure drops the packet there.
  const reroute = (): string | undefined => {
    if (ps.pkt.ip.dst === routed.dst && ps.pkt.mark === routed.mark) return undefined;
    routed = { dst: ps.pkt.ip.dst, mark: ps.pkt.mark };
    // ip_route_me_harder: the packet's source and (new) mark are the keys.
    const pr2 = routeFor(sim, nsName, outDev, ps.pkt, ps.pkt.ip.dst, { src: ps.pkt.ip.src, mark: ps.pkt.mark, iif: 'lo' });
    const r2 = pr2.route;
    if (!r2 || (r2.type !== 'unicast' && r2.type !== 'local')) routeFailure(sim, nsName, undefined, ps.pkt, r2, 'local', pr2.rule);
    route = r2;
    outDev = r2.type === 'local' ? 'lo' : routeDev(ns, r2)!;
    if (r2.type !== 'local') checkLoopbackSourceOnOutput(sim, nsName, outDev, ps.pkt, true);
    routeStep(sim, nsName, outDev, ps.pkt, r2, msg('route.reroute', { dst: ps.pkt.ip.dst, route: r2.text, dev: outDev }), pr2);
    return outDev;
  };
  if (runHook(sim, nsName, 'OUTPUT', ps, { out: dev, reroute }) === 'ipvs-stolen') return env.ipvsOutput(sim, env, nsName, ps);
  return env.postRouting(sim, env, nsName, outDev, route, ps);
}

/** POSTROUTING, then neighbour resolution and transmit (ip_output → ip_finish_output2). */
export function postRouting(sim: Sim, env: PathEnv, nsName: string, outDev: string, r: Route, ps: PathState, inDev?: string): never {
  const nextHop = r.via ?? ps.pkt.ip.dst;
  runHook(sim, nsName, 'POSTROUTING', ps, { in: inDev, out: outDev, nextHop });
  if (!ps.forwarded) checkMtu(sim, nsName, undefined, outDev, ps.pkt, false);
  return neighOutput(sim, env, nsName, outDev, nextHop, ps, inDev);
}

/**
 * A request IPVS rewrote for a remote real server (ip_vs_xmit.c `ip_vs_nat_xmit` →
 * `__ip_vs_get_out_rt`): routed to the real server (no route: `dst_link_failure` answers ICMP host
 * unreachable and the packet is freed), its TTL decremented as forwarding would (`decrement_ttl`:
 * at TTL 1, ICMP time exceeded), its size checked against the route's MTU
 * (`ensure_mtu_is_adequate`), then sent through the LOCAL_OUT hook again and `dst_output`
 * (`ip_vs_nat_send_or_cont`), so OUTPUT and POSTROUTING see it with `skb->ipvs_property` set.
 */
export function ipvsOutput(sim: Sim, env: PathEnv, nsName: string, ps: PathState, inDev?: string): never {
  const ns = sim.ns(nsName);
  const pkt = ps.pkt;
  // __ip_vs_get_out_rt → do_output_route4: an output lookup with the new destination, mark 0.
  const pr = routeFor(sim, nsName, inDev, pkt, pkt.ip.dst, { src: pkt.ip.src, iif: 'lo' });
  const r = pr.route;
  if (!r || r.type !== 'unicast')
    sim.dropAnswering(
      { netns: nsName, inDev, pkt, ct: ps.ct, local: true, answer: unreachable(ICMP.HOST_UNREACH) },
      inDev,
      'ipvs',
      msg('route.ipvsNoRoute', { dst: pkt.ip.dst }),
      msg('route.ipvsNoRouteExplain', { dst: pkt.ip.dst }),
      errorRefusal(sim, nsName, pkt),
    );
  const dev = routeDev(ns, r)!;
  if (pkt.ip.ttl <= 1)
    sim.dropAnswering(
      { netns: nsName, inDev, pkt, ct: ps.ct, local: true, answer: TTL_EXCEEDED },
      inDev,
      'ipvs',
      msg('route.ttlExpired', { ttl: pkt.ip.ttl }),
      msg('route.ipvsTtlExpired', { ttl: pkt.ip.ttl }),
      errorRefusal(sim, nsName, pkt),
    );
  checkMtu(sim, nsName, inDev, dev, pkt, true, ps.ct);
  ps.pkt = { ...pkt, ip: { ...pkt.ip, ttl: pkt.ip.ttl - 1 } };
  routeStep(
    sim,
    nsName,
    dev,
    ps.pkt,
    r,
    msg(r.via ? 'route.ipvsRouteVia' : 'route.ipvsRoute', { dst: pkt.ip.dst, route: r.text, dev, ...(r.via ? { via: r.via } : {}), ttl: pkt.ip.ttl, next: pkt.ip.ttl - 1 }),
    pr,
  );
  runHook(sim, nsName, 'OUTPUT', ps, { out: dev });
  return env.postRouting(sim, env, nsName, dev, r, ps, inDev);
}
