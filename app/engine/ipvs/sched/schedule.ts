/**
 * Dispatch to a service's scheduler (svc->scheduler->schedule, ip_vs_sched.c) and the decision
 * point the Trace shows: every real server as an Alternative, the chosen with probability 1 and
 * the others 0, each with the scheduler's reason; a `choices` entry pins another server (a
 * learner exploring a branch), as `statistic` choices do (app/engine/sim/random.ts).
 */
import { msg, type Message } from '../../message';
import type { Alternative } from '../../trace';
import { type IpvsPacket } from '../service';
import { type IpvsService, IPVS_SCHEDULERS, type IpvsSchedulerName, kernelDests } from '../types';
import { dhSchedule, shSchedule } from './hash';
import { leastSchedule } from './least';
import { rrSchedule, wrrSchedule } from './rr';
import type { SchedResult, SchedState } from './types';

/** A service's name as `ipvsadm -Ln` prints it: `TCP  10.96.0.1:443` or `FWM  7`. */
export function serviceName(svc: IpvsService): string {
  return svc.key.kind === 'fwmark' ? `FWM  ${svc.key.mark}` : `${svc.key.protocol.toUpperCase()}  ${svc.key.addr}:${svc.key.port}`;
}

/**
 * Runs the service's scheduler for `pkt`.
 * @returns the decision, or `{ unsupported }` for a scheduler the engine does not evaluate
 *   (lblc, lblcr, mh, fo, ovf, twos): the caller stops with "cannot evaluate".
 */
export function runScheduler(svc: IpvsService, pkt: IpvsPacket, state: SchedState): SchedResult | { readonly unsupported: Message } {
  const dests = kernelDests(svc);
  const name = svc.scheduler;
  if (!(IPVS_SCHEDULERS as readonly string[]).includes(name)) return { unsupported: msg('ipvs.schedulerNotModelled', { scheduler: name }) };
  switch (name as IpvsSchedulerName) {
    case 'rr':
      return rrSchedule(dests, state);
    case 'wrr':
      return wrrSchedule(dests, state);
    case 'lc':
    case 'wlc':
    case 'sed':
    case 'nq':
      return leastSchedule(name as 'lc' | 'wlc' | 'sed' | 'nq', dests, state);
    case 'sh':
      return shSchedule(dests, state, pkt.src, pkt.sport ?? 0, svc.schedFlags);
    case 'dh':
      return dhSchedule(dests, state, pkt.dst);
  }
}

/** The `choices` key of a service's scheduling decision in netns `ns`: `ns/ipvs/TCP 10.96.0.1:443`. */
export function ipvsChoiceKey(ns: string, svc: IpvsService): string {
  return `${ns}/ipvs/${serviceName(svc).replace(/\s+/g, ' ')}`;
}

/**
 * The decision's alternatives. `option` is the real server's 1-based line among the service's
 * `-a` lines as written (stable for a learner), label `ADDR:PORT`.
 * @param pinned a `choices` value: the option to take instead of the scheduler's (ignored when
 *   it names no server or a quiesced one, which the kernel would never pick).
 * @returns the alternatives (the pinned one marked chosen) and the option taken (undefined: none).
 */
export function schedAlternatives(choice: string, svc: IpvsService, res: SchedResult, pinned?: number): { alternatives: Alternative[]; option?: number } {
  const optionOf = (i: number) => svc.dests.length - i; // kernel position → line order
  const pin = pinned !== undefined && pinned >= 1 && pinned <= svc.dests.length && svc.dests[pinned - 1].weight > 0 ? pinned : undefined;
  const scheduled = res.options.find((o) => o.chosen);
  const taken = pin ?? (scheduled ? optionOf(scheduled.position) : undefined);
  const alternatives = res.options
    .map((o) => ({
      choice,
      option: optionOf(o.position),
      label: `${o.dest.addr}:${o.dest.port}`,
      probability: o.chosen ? 1 : 0,
      chosen: optionOf(o.position) === taken,
      reason: pin !== undefined && o.chosen && optionOf(o.position) !== pin ? msg('ipvs.pinnedElsewhere', { reason: o.reason }) : o.reason,
    }))
    .sort((a, b) => a.option - b.option);
  return { alternatives, ...(taken !== undefined ? { option: taken } : {}) };
}
