/**
 * What an IPVS scheduler's `schedule` function decides (struct ip_vs_scheduler, include/net/ip_vs.h),
 * in a form the Trace can show: the real server chosen and, for every real server of the
 * service, why it was or was not.
 */
import type { Message } from '../../message';
import type { IpvsDest } from '../types';

/** One real server as the scheduler saw it. `position` is its 0-based place in the kernel's list. */
export interface SchedOption {
  readonly dest: IpvsDest;
  readonly position: number;
  readonly chosen: boolean;
  readonly reason: Message;
}

/**
 * State a scheduler keeps between packets (svc->sched_data): rr's cursor, wrr's mark. Absent
 * fields mean the state right after `ipvsadm-restore` (see `initialSchedState`).
 */
export interface SchedState {
  /** rr: list position of the last dest chosen; -1 = the list head (ip_vs_rr_init_svc). */
  readonly rrCursor?: number;
  /** wrr: struct ip_vs_wrr_mark (cl as a list position, -1 = head; cw; mw; di). */
  readonly wrr?: { readonly cl: number; readonly cw: number; readonly mw: number; readonly di: number };
}

/** A scheduling decision. `dest` undefined: "no destination available" (ip_vs_scheduler_err). */
export interface SchedResult {
  readonly dest?: IpvsDest;
  readonly options: readonly SchedOption[];
  /** The scheduler state after this decision. */
  readonly state: SchedState;
  /** One sentence on how the choice was made (the cursor, the hash bucket, the least load). */
  readonly summary: Message;
}

/** True when the kernel's schedulers skip the dest for new connections (weight 0 = quiesced). */
export function quiesced(d: IpvsDest): boolean {
  return d.weight <= 0;
}

/** `ADDR:PORT` of a real server as ipvsadm prints it. */
export function destName(d: IpvsDest): string {
  return `${d.addr}:${d.port}`;
}
