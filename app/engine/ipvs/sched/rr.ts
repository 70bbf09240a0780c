/**
 * Round-robin and weighted round-robin: ip_vs_rr_schedule (net/netfilter/ipvs/ip_vs_rr.c) and
 * ip_vs_wrr_schedule / ip_vs_wrr_dest_changed (ip_vs_wrr.c), over the kernel's destination list
 * (`kernelDests`). Overload (u-threshold) is not modelled: no dest is IP_VS_DEST_F_OVERLOAD.
 */
import { msg } from '../../message';
import type { IpvsDest } from '../types';
import { type SchedOption, type SchedResult, type SchedState, destName, quiesced } from './types';

/**
 * rr: from the cursor (`sched_data`, the list head after ip_vs_rr_init_svc) walk on to the first
 * dest with weight > 0; it becomes the new cursor.
 */
export function rrSchedule(dests: readonly IpvsDest[], state: SchedState): SchedResult {
  const cursor = state.rrCursor ?? -1;
  const n = dests.length;
  let hit = -1;
  // list_for_each_entry_continue from the cursor, wrapping once past the head back to the cursor.
  for (let k = 1; k <= n && hit < 0; k++) {
    const i = cursor < 0 ? k - 1 : (cursor + k) % n;
    if (!quiesced(dests[i])) hit = i;
  }
  const at = cursor < 0 ? msg('ipvs.rrCursorHead') : msg('ipvs.rrCursorAt', { server: destName(dests[cursor]) });
  const options: SchedOption[] = dests.map((d, i) => ({
    dest: d,
    position: i,
    chosen: i === hit,
    reason: i === hit ? msg('ipvs.rrNext', { at }) : quiesced(d) ? msg('ipvs.quiescedSkipped') : msg('ipvs.rrNotNext', { at }),
  }));
  return {
    ...(hit >= 0 ? { dest: dests[hit] } : {}),
    options,
    state: { ...state, rrCursor: hit >= 0 ? hit : cursor },
    summary: hit >= 0 ? msg('ipvs.rrSummary', { at, server: destName(dests[hit]) }) : msg('ipvs.rrSummaryNone'),
  };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** ip_vs_wrr_gcd_weight and ip_vs_wrr_max_weight over `dests`. */
function wrrParams(dests: readonly IpvsDest[]): { di: number; maxw: number } {
  let g = 0;
  let maxw = 0;
  for (const d of dests) {
    if (d.weight > 0) g = g > 0 ? gcd(d.weight, g) : d.weight;
    if (d.weight > maxw) maxw = d.weight;
  }
  return { di: g || 1, maxw };
}

/**
 * The wrr mark after `ipvsadm-restore` added the dests one by one (ip_vs_wrr_init_svc with no
 * dest, then ip_vs_wrr_dest_changed per `-a`, each added at the list head). `dests` is in kernel
 * order, so the first added is the last.
 */
export function wrrInitialMark(dests: readonly IpvsDest[]): NonNullable<SchedState['wrr']> {
  let cw = 0;
  let mark = { cl: -1, cw: 0, mw: 0, di: 1 };
  for (let k = dests.length - 1; k >= 0; k--) {
    const { di, maxw } = wrrParams(dests.slice(k));
    const mw = maxw - (di - 1);
    if (cw > mw || !cw) cw = mw;
    else if (di > 1) cw = Math.trunc(cw / di) * di + 1;
    mark = { cl: -1, cw, mw, di };
  }
  return mark;
}

/** wrr: ip_vs_wrr_schedule's walk, lowering the current weight `cw` by `di` at each wrap. */
export function wrrSchedule(dests: readonly IpvsDest[], state: SchedState): SchedResult {
  const start = state.wrr ?? wrrInitialMark(dests);
  let { cw } = start;
  const { mw, di } = start;
  const n = dests.length;
  let hit = -1;
  if (mw > 0 && n > 0) {
    const last = start.cl;
    let pos = last;
    let stop: number | undefined;
    let lastPass = false;
    let restarted = false;
    for (let guard = 0; guard < 4 * n * (mw / di + 2) && hit < 0; guard++) {
      pos++;
      if (pos < n) {
        if (dests[pos].weight >= cw) hit = pos;
        else if (pos === stop) break;
        continue;
      }
      pos = -1; // wrapped to the head
      cw -= di;
      if (cw <= 0) {
        cw = mw;
        if (lastPass || last === -1) break;
        restarted = true;
      }
      lastPass = cw <= di;
      if (lastPass && restarted && last !== -1) stop = last;
    }
  }
  const options: SchedOption[] = dests.map((d, i) => ({
    dest: d,
    position: i,
    chosen: i === hit,
    reason: i === hit ? msg('ipvs.wrrHit', { weight: d.weight, cw }) : quiesced(d) ? msg('ipvs.quiescedSkipped') : msg('ipvs.wrrNotReached', { cw }),
  }));
  return {
    ...(hit >= 0 ? { dest: dests[hit] } : {}),
    options,
    state: { ...state, wrr: { cl: hit >= 0 ? hit : start.cl, cw, mw, di } },
    summary: hit >= 0 ? msg('ipvs.wrrSummary', { cw, mw, di }) : msg('ipvs.wrrSummaryNone'),
  };
}
