/**
 * Simulates one flow as request and reply and returns its Trace. The request is created by a socket
 * in the `from` netns; when it reaches a local socket the destination answers (TCP SYN → SYN-ACK,
 * ICMP echo request → echo reply, UDP → a UDP response), and the reply walks back through
 * conntrack's reverse translation. A dropped request has no reply; when the kernel answers the
 * drop (REJECT, an error route, TTL expiry, fragmentation needed, no socket listening…) the error
 * packet walks back as the `error` direction. Deterministic: random
 * decisions come from `choices` (else the first alternative).
 */
import type { Pkt } from '../packet';
import { describe, endpoints } from '../packet';
import type { FlowSpec, Outcome, Trace } from '../trace';
import type { World } from '../world';
import { DEFAULT_LIMITS, Finished, NsState, Sim, type EngineLimits } from './context';
import type { PathState } from './contracts';
import { pathEnv } from './path';
import { own } from '../own';
import { deliverError, sendError } from './error-direction';
import { ICMP, unreachable } from './icmp-error';
import { planReply } from './reply';
import { msg } from '../message';

/**
 * A flow to simulate: the Trace's FlowSpec before defaults (`sport` 40123, `size` 60 or 84 for an
 * ICMP echo as `ping` sends, no `choices`).
 */
export type FlowInput = Omit<FlowSpec, 'choices' | 'after'> & {
  readonly choices?: Readonly<Record<string, number>>;
  /** Connections that run first on the same hosts, oldest first (see FlowSpec.after). */
  readonly after?: readonly FlowInput[];
};

/** Default source port of TCP/UDP flows (the golden kernel runs use it too). */
export const DEFAULT_SPORT = 40123;
/** ICMP echo identifier used for ping flows. */
export const ICMP_ID = 4660;

/**
 * Simulates `flow` in `world`.
 * @param limits the engine's own limits (DEFAULT_LIMITS unless given); reaching one ends the
 *   direction with the outcome `engine-limit`.
 * @returns the Trace.
 * @throws Error when `flow.from` is not a netns of the World (the loader refuses such flows).
 */
export function simulate(world: World, flow: FlowInput, limits: Partial<EngineLimits> = {}): Trace {
  // Earlier connections leave their dynamic state (conntrack, recent lists, neighbours, FDB) behind.
  const state = new Map<string, NsState>();
  for (const prior of flow.after ?? []) simulateOn(world, { ...prior, after: undefined }, limits, state);
  return simulateOn(world, flow, limits, state);
}

/** Simulates `flow` starting from the dynamic tables in `state`, which it updates. */
function simulateOn(world: World, flow: FlowInput, limits: Partial<EngineLimits>, state: Map<string, NsState>): Trace {
  const spec: FlowSpec = {
    name: flow.name,
    from: flow.from,
    protocol: flow.protocol,
    src: flow.src,
    dst: flow.dst,
    sport: flow.protocol === 'icmp' ? undefined : (flow.sport ?? DEFAULT_SPORT),
    dport: flow.protocol === 'icmp' ? undefined : flow.dport,
    size: flow.size,
    icmpId: flow.protocol === 'icmp' ? (flow.icmpId ?? ICMP_ID) : undefined,
    ttl: flow.ttl,
    recverr: flow.recverr,
    choices: flow.choices ?? {},
    ...(flow.after?.length ? { after: flow.after.map((f) => f.name) } : {}),
  };
  const sim = new Sim(world, spec.choices, { ...DEFAULT_LIMITS, ...limits }, state);
  sim.origin = flow.from;
  const request: Pkt = {
    ip: { src: spec.src ?? '', dst: spec.dst, ttl: spec.ttl ?? 64, proto: spec.protocol, len: spec.size ?? (spec.protocol === 'icmp' ? 84 : 60), df: true },
    l4:
      spec.protocol === 'tcp'
        ? { sport: spec.sport, dport: spec.dport, flags: 'S' }
        : spec.protocol === 'sctp'
          ? { sport: spec.sport, dport: spec.dport, flags: 'INIT' }
          : spec.protocol === 'udp'
            ? { sport: spec.sport, dport: spec.dport }
            : { icmpType: 8, icmpCode: 0, icmpId: spec.icmpId },
    mark: 0,
  };
  let delivered: { netns: string; dev: string; pkt: Pkt } | undefined;
  let sent: Pkt | undefined;

  const env = pathEnv((s, nsName, dev, ps) => {
    if (s.direction === 'request') return deliverRequest(s, nsName, dev, ps);
    if (s.direction === 'error') return deliverError(s, nsName, dev, ps, sent!, flow.from, spec.recverr);
    return deliverReply(s, nsName, dev, ps);
  });

  function deliverRequest(s: Sim, nsName: string, dev: string, ps: PathState): never {
    const p = ps.pkt;
    const ns = s.ns(nsName);
    if (p.ip.proto !== 'icmp' && ns.listeners && !ns.listeners.some((l) => l.protocol === p.ip.proto && l.port === p.l4.dport)) {
      const reason = msg('path.noListener', { proto: p.ip.proto, port: p.l4.dport ?? '', netns: nsName });
      if (p.ip.proto === 'sctp')
        s.drop(nsName, dev, 'deliver', reason, p, msg('path.noListenerSctp', { netns: nsName, port: p.l4.dport ?? '' }), {
          simplification: msg('path.sctpAbortNamed'),
        });
      // tcp_v4_rcv → tcp_v4_send_reset (RST+ACK from the address and port the SYN was sent to);
      // __udp4_lib_rcv → icmp_send(ICMP_DEST_UNREACH, ICMP_PORT_UNREACH).
      const tcp = p.ip.proto === 'tcp';
      s.dropAnswering(
        { netns: nsName, inDev: dev, pkt: p, ct: tcp ? undefined : ps.ct, local: true, answer: tcp ? { kind: 'tcp-reset' } : unreachable(ICMP.PORT_UNREACH) },
        dev,
        'deliver',
        reason,
        msg(tcp ? 'path.noListenerTcp' : 'path.noListenerUdp', { netns: nsName, proto: p.ip.proto, port: p.l4.dport ?? '' }),
      );
    }
    const step = s.emit({ netns: nsName, interface: dev, stage: 'deliver', pkt: p, explain: msg('path.delivered', { netns: nsName, what: describe(p), endpoints: endpoints(p), dev }) });
    delivered = { netns: nsName, dev, pkt: p };
    throw new Finished({ result: 'delivered', netns: nsName, interface: dev, packet: step.packet, step: step.index });
  }

  function deliverReply(s: Sim, nsName: string, dev: string, ps: PathState): never {
    const p = ps.pkt;
    const orig = sent!;
    const matches =
      nsName === flow.from &&
      p.ip.src === orig.ip.dst &&
      p.ip.dst === orig.ip.src &&
      (p.ip.proto === 'icmp' ? p.l4.icmpId === orig.l4.icmpId : p.l4.sport === orig.l4.dport && p.l4.dport === orig.l4.sport);
    if (!matches) {
      const why =
        nsName !== flow.from
          ? msg('path.replyWrongNetns', { netns: nsName, origin: flow.from })
          : msg(p.ip.proto === 'tcp' ? 'path.replyNoSocketTcp' : 'path.replyNoSocket', { from: endpoints(p).split(' → ')[0], to: endpoints(orig).split(' → ')[1] });
      s.drop(nsName, dev, 'deliver', why, p, msg('path.replyReaches', { netns: nsName, why }));
    }
    const step = s.emit({ netns: nsName, interface: dev, stage: 'deliver', pkt: p, explain: msg('path.replyComplete', { what: describe(p), endpoints: endpoints(p), netns: nsName }) });
    throw new Finished({ result: 'delivered', netns: nsName, interface: dev, packet: step.packet, step: step.index });
  }

  const runDirection = (f: () => never): Outcome => {
    try {
      f();
    } catch (e) {
      if (e instanceof Finished) return e.outcome;
      throw e;
    }
  };

  if (!own(world.netns, flow.from)) {
    throw new Error(`flow ${flow.name}: unknown host ${flow.from}`);
  }
  const reqOutcome = runDirection(() =>
    env.localOut(
      sim,
      env,
      flow.from,
      request,
      spec.dport !== undefined
        ? msg('path.sendsPort', { netns: flow.from, what: describe(request), dst: spec.dst, port: spec.dport })
        : msg('path.sends', { netns: flow.from, what: describe(request), dst: spec.dst }),
    ),
  );
  const firstSend = sim.steps.find((s) => s.stage === 'send');
  sent = firstSend ? { ...request, ip: { ...request.ip, src: firstSend.packet.ip.src } } : request;

  let errorOutcome: Outcome | null = null;
  const pending = sim.pendingError;
  if (reqOutcome.result === 'dropped' && pending) {
    sim.startDirection('error');
    errorOutcome = runDirection(() => sendError(sim, env, pending));
  }

  let replyOutcome: Outcome | null = null;
  if (reqOutcome.result === 'delivered' && delivered) {
    sim.startReply();
    const d = delivered;
    const plan = planReply(sim.ns(d.netns), d.pkt);
    replyOutcome = runDirection(() => env.localOut(sim, env, d.netns, plan.pkt, plan.explain));
  }
  return {
    version: 1,
    flow: spec,
    outcome: { request: reqOutcome, reply: replyOutcome, error: errorOutcome },
    steps: sim.steps,
    alternatives: sim.alternatives,
    conntrack: sim.conntrackDump(),
  };
}
