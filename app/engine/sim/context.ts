/**
 * Mutable state of one flow simulation: the per-netns dynamic tables (conntrack, learned
 * neighbours and bridge FDB entries, `statistic nth` counters), the steps recorded so far, the
 * random-choice resolver, and the termination guards (step budget, loop detection).
 */
import { ConntrackTable } from '../conntrack/conntrack';
import { RecentLists } from '../netfilter/match';
import type { Rule } from '../netfilter/types';
import { diffViews, viewOf, type Pkt } from '../packet';
import { RULE_EVALUATION_BUDGET, type RuleBudget } from '../netfilter/walk';
import type { CtRef } from '../conntrack/conntrack';
import type { Alternative, Direction, EngineLimit, ErrorAnswer, Outcome, Stage, TraceStep } from '../trace';
import type { Netns, World } from '../world';
import { own } from '../own';
import { msg, type Message } from '../message';
import { answerName } from './icmp-error';
import type { IpvsConn, PersistTemplate } from '../ipvs/conn';
import type { SchedState } from '../ipvs/sched/types';

/** A neighbour entry learned during the simulation. */
export interface LearnedNeigh {
  readonly mac: string;
  /** How it was learned, for explanations. */
  readonly how: Message;
  /** NUD state: STALE when learned from a received ARP request, REACHABLE after our own ARP reply. */
  readonly state: 'STALE' | 'REACHABLE';
}

/** Dynamic state of one netns. */
export class NsState {
  readonly conntrack = new ConntrackTable();
  /** `dev|ip` → learned neighbour. */
  readonly neigh = new Map<string, LearnedNeigh>();
  /** `bridge|mac` → port learned from a frame's source address. */
  readonly fdb = new Map<string, string>();
  readonly nth = new Map<Rule, number>();
  /** `-m recent` lists; the simulation clock stands still at 0 s (flows run `after` one another share the instant). */
  readonly recent = new RecentLists(() => 0);
  /** IPVS connection entries (`ipvsadm -Lcn`). */
  readonly ipvsConns: IpvsConn[] = [];
  /** IPVS scheduler state per service (`choices` key → rr cursor, wrr mark). */
  readonly ipvsSched = new Map<string, SchedState>();
  /** IPVS persistence templates of persistent services (`-p`): which real server a client keeps. */
  readonly ipvsTemplates: PersistTemplate[] = [];
}

/** Thrown to end the walk of one direction with its outcome. */
export class Finished extends Error {
  constructor(readonly outcome: Outcome) {
    super('finished');
  }
}

/**
 * A drop the kernel answers: where the offending packet was, the error to send, and what
 * `__icmp_send` needs to address it.
 */
export interface ErrorSource {
  readonly netns: string;
  /** The device the offending packet arrived on; absent for a locally generated packet. */
  readonly inDev?: string;
  /** The offending packet (outermost layer) as it was when dropped. */
  readonly pkt: Pkt;
  /** Its conntrack entry, which the error is attached to (`nf_ct_attach`). */
  readonly ct?: CtRef;
  /** The packet was addressed to this netns (RTCF_LOCAL): the error's source is its destination. */
  readonly local: boolean;
  readonly answer: ErrorAnswer;
  /** The bridge port the offending frame entered by, when br_netfilter saw it. */
  readonly physIn?: string;
}

/** Everything a step records, minus what the context fills in. */
/** What a simulator step records: the Trace step's fields and the packet as it is after the step. */
export type StepInput = Omit<TraceStep, 'index' | 'direction' | 'packet' | 'changed'> & { readonly pkt: Pkt };

/**
 * Upper bound on recorded steps for one flow (request and reply together): an engine limit, not
 * the kernel's. Reaching it ends the flow with the outcome `engine-limit`.
 */
export const STEP_BUDGET = 10_000;

/**
 * How often one frame may enter the same interface (same direction, same encapsulation level)
 * before the engine stops following it. A routing loop ends earlier, as in the kernel, when the
 * TTL runs out (at most 255 decrements); only loops that never decrement the TTL (a frame
 * bridged round a loop of bridges and veths, which the kernel forwards until a link is cut or
 * STP blocks a port) reach this engine limit.
 */
export const MAX_VISITS = 300;

/**
 * The engine's own limits for one flow (request and reply together). None is the kernel's: a
 * flow that reaches one ends with the outcome `engine-limit` (docs/fidelity.md "Engine limits").
 */
export interface EngineLimits {
  /** Steps recorded. */
  readonly steps: number;
  /** iptables rules evaluated, over every table walk. */
  readonly ruleEvaluations: number;
  /** Entries of one frame into one interface (same direction and encapsulation level). */
  readonly visits: number;
}

/** The limits a trace runs under unless the caller says otherwise. */
export const DEFAULT_LIMITS: EngineLimits = { steps: STEP_BUDGET, ruleEvaluations: RULE_EVALUATION_BUDGET, visits: MAX_VISITS };

/** The simulation of one flow. */
export class Sim {
  readonly steps: TraceStep[] = [];
  readonly alternatives: Alternative[] = [];
  direction: Direction = 'request';
  /** The error the kernel sends about the dropped request, once a drop answered. */
  pendingError?: ErrorSource;
  /** The netns whose socket sent the request (the flow's `from`). */
  origin?: string;
  private readonly visits = new Map<string, number>();
  /** Chains whose random decision this direction already took (`netns/table/chain`). */
  readonly decided = new Set<string>();
  /** Rule evaluations left for the whole flow (an engine limit). */
  readonly ruleBudget: RuleBudget;
  /** The last step recorded in each direction (to diff the packet against). */
  private readonly lastStep = new Map<Direction, TraceStep>();

  /**
   * @param state the per-netns dynamic tables to start from: a fresh map for a flow on its own, the
   *   map an earlier flow's Sim left for a flow that runs `after` it.
   */
  constructor(
    readonly world: World,
    readonly choices: Readonly<Record<string, number>>,
    readonly limits: EngineLimits = DEFAULT_LIMITS,
    readonly state: Map<string, NsState> = new Map(),
  ) {
    this.ruleBudget = { remaining: limits.ruleEvaluations };
  }

  /** The netns model, by name. @throws Error for an unknown name (a bug in the World). */
  ns(name: string): Netns {
    const n = own(this.world.netns, name);
    if (!n) throw new Error(`unknown netns ${name}`);
    return n;
  }

  /** Dynamic state of a netns, created on first use. */
  st(name: string): NsState {
    let s = this.state.get(name);
    if (!s) {
      s = new NsState();
      this.state.set(name, s);
    }
    return s;
  }

  /** Conntrack tables of every netns touched, as `conntrack -L` lines. */
  conntrackDump(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, s] of this.state) {
      const l = s.conntrack.list();
      if (l.length) out[name] = l;
    }
    return out;
  }

  /** Records a step; ends the walk when the step budget is spent. */
  emit(s: StepInput): TraceStep {
    const { pkt, ...rest } = s;
    const packet = viewOf(pkt);
    const prev = this.lastStep.get(this.direction);
    const step: TraceStep = { index: this.steps.length, direction: this.direction, ...rest, packet, changed: diffViews(prev?.packet, packet) };
    this.steps.push(step);
    this.lastStep.set(this.direction, step);
    if (this.steps.length >= this.limits.steps - 1 && s.stage !== 'limit') this.stopAtStepLimit(s.netns, s.interface, pkt);
    return step;
  }

  /** Ends this direction at the step limit (see `stop`). */
  stopAtStepLimit(netns: string, iface: string | undefined, pkt: Pkt): never {
    return this.stop('steps', netns, iface, msg('path.stepLimit', { count: this.steps.length }), pkt);
  }

  /**
   * Ends this direction at one of the engine's own limits: records a `limit` step saying that
   * PacketWalk, not the kernel, stopped here, and finishes with the outcome `engine-limit`.
   */
  stop(limit: EngineLimit, netns: string, iface: string | undefined, why: Message, pkt: Pkt): never {
    const step = this.emit({ netns, interface: iface, stage: 'limit', pkt, explain: msg('path.limitStop', { reason: why }) });
    throw new Finished({ result: 'engine-limit', limit, netns, interface: iface, reason: why, packet: step.packet, step: step.index });
  }

  /**
   * Records a drop step and ends this direction.
   * @param explain the step's sentence; `path.dropped` ("Dropped: reason.") when absent.
   * @param extra more step fields; `errno` is the error the local sending socket gets at once.
   */
  drop(netns: string, iface: string | undefined, stage: Stage, why: Message, pkt: Pkt, explain?: Message, extra?: Partial<StepInput> & { readonly errno?: string }): never {
    const { errno, ...fields } = extra ?? {};
    // Errors about the reply (to the server) are named only; those about the request are simulated.
    const named = this.direction === 'reply' && fields.answer !== undefined;
    const step = this.emit({
      netns,
      interface: iface,
      stage: 'drop',
      pkt,
      explain: explain ?? msg('path.dropped', { reason: why }),
      simplification: named ? msg('path.replyErrorNamed') : undefined,
      ...fields,
    });
    const answer = step.answer ? { answer: step.answer } : {};
    const err = errno && this.direction === 'request' ? { errno } : {};
    throw new Finished({ result: 'dropped', netns, interface: iface, stage, reason: why, packet: step.packet, step: step.index, ...answer, ...err });
  }

  /**
   * Records a drop the kernel answers with an error packet, and remembers the error so that the
   * flow simulates its way back (request direction only: an error is never sent about an error,
   * and errors about the reply are named, not followed).
   * @param refusal why no error is sent after all (`noErrorBecause`), or undefined.
   */
  dropAnswering(err: ErrorSource, iface: string | undefined, stage: Stage, reason: Message, explain: Message, refusal?: Message, extra?: Partial<StepInput> & { readonly errno?: string }): never {
    if (this.direction === 'error' || refusal) {
      const why = this.direction === 'error' ? msg('path.noErrorAboutError') : refusal!;
      const text = msg('path.droppedNoError', { reason, answer: answerName(err.answer), why });
      return this.drop(err.netns, iface, stage, reason, err.pkt, text, extra);
    }
    if (this.direction === 'request') this.pendingError = err;
    return this.drop(err.netns, iface, stage, reason, err.pkt, explain, { ...extra, answer: err.answer });
  }

  /** Counts a frame entering an interface; drops it when the same place is entered too often. */
  visit(netns: string, iface: string, pkt: Pkt): void {
    const k = `${this.direction}|${netns}|${iface}|${pkt.inner ? 'outer' : 'inner'}`;
    const n = (this.visits.get(k) ?? 0) + 1;
    this.visits.set(k, n);
    if (n > this.limits.visits) this.stop('visits', netns, iface, msg('path.visitLimit', { place: `${netns}/${iface}`, count: n }), pkt);
  }

  /** Resets per-direction guards before the reply is simulated. */
  startReply(): void {
    this.startDirection('reply');
  }

  /** Resets per-direction guards before the next packet (reply or error) is simulated. */
  startDirection(d: Direction): void {
    this.direction = d;
    this.visits.clear();
    this.decided.clear();
  }
}
