/**
 * The connection-count schedulers, each a walk of the kernel's destination list comparing an
 * "overhead" (include/net/ip_vs.h ip_vs_dest_conn_overhead: activeconns × 256 + inactconns):
 * lc (ip_vs_lc.c: least overhead), wlc (ip_vs_wlc.c: least overhead / weight), sed (ip_vs_sed.c:
 * least (activeconns + 1) / weight) and nq (ip_vs_nq.c: an idle server at once, else as sed).
 * Ties keep the earlier server (the kernel's comparisons are strict). Counts come from the
 * scenario (`ipvsadm -Ln` ActiveConn / InActConn) or are 0.
 */
import { msg, type Message } from '../../message';
import type { IpvsDest } from '../types';
import { type SchedOption, type SchedResult, type SchedState, destName, quiesced } from './types';

const active = (d: IpvsDest) => d.activeConns ?? 0;
const inactive = (d: IpvsDest) => d.inactConns ?? 0;
/** ip_vs_dest_conn_overhead. */
const connOverhead = (d: IpvsDest) => active(d) * 256 + inactive(d);
/** ip_vs_sed_dest_overhead / ip_vs_nq_dest_overhead. */
const expectedDelay = (d: IpvsDest) => active(d) + 1;

/** Which of the four, and how it weighs a server. */
interface LeastKind {
  readonly name: 'lc' | 'wlc' | 'sed' | 'nq';
  readonly overhead: (d: IpvsDest) => number;
  readonly weighted: boolean;
  readonly describe: (d: IpvsDest) => Message;
}

const KINDS: Readonly<Record<LeastKind['name'], LeastKind>> = {
  lc: { name: 'lc', overhead: connOverhead, weighted: false, describe: (d) => msg('ipvs.lcLoad', { overhead: connOverhead(d), active: active(d), inactive: inactive(d) }) },
  wlc: {
    name: 'wlc',
    overhead: connOverhead,
    weighted: true,
    describe: (d) => msg('ipvs.wlcLoad', { overhead: connOverhead(d), weight: d.weight, active: active(d), inactive: inactive(d) }),
  },
  sed: { name: 'sed', overhead: expectedDelay, weighted: true, describe: (d) => msg('ipvs.expectedDelay', { active: active(d), weight: d.weight }) },
  nq: { name: 'nq', overhead: expectedDelay, weighted: true, describe: (d) => msg('ipvs.expectedDelay', { active: active(d), weight: d.weight }) },
};

/** True when `d` carries a strictly smaller load than `least` (the kernel's `loh * dw > doh * lw`). */
function lighter(kind: LeastKind, d: IpvsDest, least: IpvsDest): boolean {
  const doh = kind.overhead(d);
  const loh = kind.overhead(least);
  return kind.weighted ? loh * d.weight > doh * least.weight : doh < loh;
}

/**
 * Runs scheduler `name` (lc, wlc, sed or nq) over `dests` in kernel order.
 * @returns the server with the least load, every server's load as the reason.
 */
export function leastSchedule(name: LeastKind['name'], dests: readonly IpvsDest[], state: SchedState): SchedResult {
  const kind = KINDS[name];
  let least: number = -1;
  let idle = false;
  for (let i = 0; i < dests.length; i++) {
    const d = dests[i];
    if (quiesced(d)) continue;
    if (name === 'nq' && active(d) === 0) {
      least = i;
      idle = true;
      break;
    }
    if (least < 0 || lighter(kind, d, dests[least])) least = i;
  }
  const chosen = least >= 0 ? dests[least] : undefined;
  const options: SchedOption[] = dests.map((d, i) => {
    let reason: Message;
    if (i === least) reason = idle ? msg('ipvs.idleTaken') : msg('ipvs.leastLoad', { load: kind.describe(d) });
    else if (quiesced(d)) reason = msg('ipvs.quiescedSkipped');
    else if (idle && i > least) reason = msg('ipvs.notLookedAt', { server: destName(chosen!) });
    else if (chosen && !lighter(kind, chosen, d) && !lighter(kind, d, chosen)) reason = msg(i < least ? 'ipvs.equalLoadEarlierWins' : 'ipvs.equalLoadLaterLoses', { load: kind.describe(d) });
    else reason = msg('ipvs.moreLoad', { load: kind.describe(d), server: destName(chosen!) });
    return { dest: d, position: i, chosen: i === least, reason };
  });
  return {
    ...(chosen ? { dest: chosen } : {}),
    options,
    state,
    summary: chosen ? msg('ipvs.leastSummary', { scheduler: name, server: destName(chosen) }) : msg('ipvs.leastSummaryNone', { scheduler: name }),
  };
}
