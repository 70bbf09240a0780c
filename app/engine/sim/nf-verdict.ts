/**
 * What a hook function's verdict does to the packet, shared by iptables tables (`ipt_do_table`)
 * and nftables base chains (`nft_do_chain`): a NAT binding made by DNAT/SNAT/MASQUERADE/REDIRECT
 * (nf_nat_core.c `nf_nat_setup_info`, then `nf_nat_packet`), DROP (`nf_hook_slow` frees the
 * packet; a UDP sender's own drop is EPERM), REJECT (nf_reject_ipv4.c `nf_send_unreach` /
 * `nf_send_reset`, then DROP), and the engine's own stops.
 */
import { applyBinding, bindDnat, bindSnat, type Manip } from '../conntrack/nat';
import { msg, type Message } from '../message';
import type { HookName } from '../netfilter/types';
import type { Pkt } from '../packet';
import { sourceText, type SourceRef } from '../source';
import type { EngineLimit } from '../trace';
import type { Sim } from './context';
import type { HookIO, PathState } from './contracts';
import { portOf } from './conntrack-hook';
import { errorRefusal } from './error-refusal';
import { rejectAnswer } from './icmp-error';
import { masqueradeSource } from './masquerade';
import { ifaceOf } from '../bridge/l2';
import { unsupportedChainAt, type UnsupportedAt } from './hook-registry';

/** A NAT request from a rule: iptables' DNAT/SNAT/MASQUERADE targets, nft's nat statements. */
export interface NatRequest {
  readonly kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT';
  readonly toAddr?: string;
  readonly toPort?: number;
}

/**
 * Binds `req` on the packet's connection for `manip` and rewrites the packet (`nf_nat_setup_info`
 * then `nf_nat_packet`). REDIRECT is DNAT to the in-device's first address, or 127.0.0.1 for a
 * locally generated packet (nf_nat_redirect.c `nf_nat_redirect_ipv4`).
 * @returns the rewritten packet (with `mark`) and the sentence that says what changed.
 */
export function bindNat(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO, manip: Manip, req: NatRequest, mark: number): { pkt: Pkt; note: Message } {
  const before = ps.pkt;
  const e = ps.ct!.entry;
  let note: Message | undefined;
  let masqFrom: Message | undefined;
  if ((req.kind === 'DNAT' || req.kind === 'REDIRECT') && manip === 'dst') {
    const to = req.kind === 'REDIRECT' ? redirectAddress(sim, nsName, hook, io) : (req.toAddr ?? before.ip.dst);
    bindDnat(e, to, req.toPort);
  } else if ((req.kind === 'SNAT' || req.kind === 'MASQUERADE') && manip === 'src') {
    const m = req.kind === 'MASQUERADE' ? masqueradeSource(sim, nsName, io) : undefined;
    const addr = req.kind === 'SNAT' ? req.toAddr : m?.addr;
    if (m) masqFrom = m.explain;
    if (addr) bindSnat(e, addr, req.toPort);
    else note = msg('nat.masqueradeNoAddress');
  }
  const pkt = applyBinding(ps.ct!, { ...before, mark }, manip);
  if (note) return { pkt, note };
  if (manip === 'dst') return { pkt, note: msg('nat.dnatBound', { from: `${before.ip.dst}${portOf(before, 'd')}`, to: `${pkt.ip.dst}${portOf(pkt, 'd')}` }) };
  if (pkt.ip.src === before.ip.src) return { pkt, note: msg('nat.sourceUnchanged', { addr: pkt.ip.src }) };
  const from = `${before.ip.src}${portOf(before, 's')}`;
  const to = `${pkt.ip.src}${portOf(pkt, 's')}`;
  return { pkt, note: masqFrom ? msg('nat.snatBoundMasquerade', { from, to, how: masqFrom }) : msg('nat.snatBound', { from, to }) };
}

function redirectAddress(sim: Sim, nsName: string, hook: HookName, io: HookIO): string {
  if (hook === 'OUTPUT' || !io.in) return '127.0.0.1';
  const ifc = ifaceOf(sim.world, { netns: nsName, ifname: io.in });
  return ifc?.addresses[0]?.ip ?? '127.0.0.1';
}

/** How a hook function ended, in the words its step and outcome use. */
export type HookEnd =
  | { readonly kind: 'accept' }
  /** `at`: "filter FORWARD rule 3" / "the filter FORWARD policy" / "ip kube-proxy filter-forward rule 2". */
  | { readonly kind: 'drop'; readonly at: Message; readonly table: string; readonly chain: string }
  | { readonly kind: 'reject'; readonly at: Message; readonly table: string; readonly chain: string; readonly with: string }
  | { readonly kind: 'limit'; readonly limit: Exclude<EngineLimit, 'visits'>; readonly reason: Message };

/**
 * The end of a walk the engine stopped at one of its own limits, at `at` ("filter FORWARD rule 3",
 * "ip kube-proxy services rule 2"). `depth` says how deep chains may nest for this kind of table.
 * The step limit's sentence is the Sim's own (`finishHook` → `stopAtStepLimit`).
 */
export function limitEnd(sim: Sim, limit: 'rule-evaluations' | 'chain-depth' | 'steps', at: Message, depth: Message): HookEnd {
  return {
    kind: 'limit',
    limit,
    reason: limit === 'rule-evaluations' ? msg('netfilter.ruleEvaluationLimit', { at, evaluations: sim.limits.ruleEvaluations.toLocaleString('en') }) : msg('netfilter.stoppedAt', { at, why: depth }),
  };
}

/** The end of a walk that reached `text` (a match, target or statement) the engine cannot evaluate, in rule `at`. */
export function cannotEvaluateEnd(text: string, at: Message, source: SourceRef | undefined, reason: Message): HookEnd {
  return {
    kind: 'limit',
    limit: 'cannot-evaluate',
    reason: source ? msg('netfilter.cannotEvaluateAt', { text, at, source: sourceText(source), reason }) : msg('netfilter.cannotEvaluate', { text, at, reason }),
  };
}

/**
 * Ends the direction when the hook function did not accept: records the drop (with EPERM for a
 * UDP sender's own OUTPUT/POSTROUTING drop), the REJECT's answer, or the engine's stop.
 */
export function finishHook(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO, iface: string | undefined, end: HookEnd): void {
  if (end.kind === 'accept') return;
  if (end.kind === 'limit') {
    if (end.limit === 'steps') sim.stopAtStepLimit(nsName, iface, ps.pkt);
    sim.stop(end.limit, nsName, iface, end.reason, ps.pkt);
  }
  const sendFails = senderErrno(sim, nsName, hook, ps);
  if (end.kind === 'drop') {
    const reason = msg('netfilter.droppedBy', { at: end.at });
    sim.drop(nsName, iface, 'rule', reason, ps.pkt, sendFails ? msg('netfilter.twoSentences', { first: msg('path.dropped', { reason }), second: sendFails.explain }) : undefined, {
      hook,
      table: xtTable(end.table),
      chain: end.chain,
      errno: sendFails?.errno,
    });
  }
  const answer = rejectAnswer(end.with);
  const src = ps.pkt.ip.src;
  const rst = answer.kind === 'tcp-reset';
  const rejected = rst ? msg('netfilter.rejectExplainRst', { src }) : msg('netfilter.rejectExplainIcmp', { src, with: end.with });
  sim.dropAnswering(
    { netns: nsName, inDev: hook === 'OUTPUT' ? undefined : io.in, pkt: ps.pkt, ct: ps.ct, local: hook === 'INPUT', answer, physIn: hook === 'OUTPUT' ? undefined : (io.physIn ?? ps.physIn) },
    iface,
    'rule',
    rst ? msg('netfilter.rejectedByRst', { at: end.at, src }) : msg('netfilter.rejectedByIcmp', { at: end.at, with: end.with, src }),
    sendFails ? msg('netfilter.twoSentences', { first: rejected, second: sendFails.explain }) : rejected,
    errorRefusal(sim, nsName, ps.pkt),
    { hook, table: xtTable(end.table), chain: end.chain, iif: io.in, oif: io.out, errno: sendFails?.errno },
  );
}

/** The iptables table name, when the drop happened in one (nft tables are named in `at`). */
function xtTable(t: string) {
  return t === 'raw' || t === 'mangle' || t === 'nat' || t === 'filter' || t === 'security' ? t : undefined;
}

/**
 * A UDP datagram dropped in its own sender's OUTPUT or POSTROUTING makes send() fail with EPERM:
 * nf_hook_slow turns NF_DROP into -EPERM, ip_local_out returns it and udp_sendmsg passes it on
 * (measured on 6.18; TCP ignores the error and retransmits until connect() times out, and ping
 * reports nothing).
 */
function senderErrno(sim: Sim, nsName: string, hook: HookName, ps: PathState): { errno: string; explain: Message } | undefined {
  if (sim.direction !== 'request' || nsName !== sim.origin || ps.forwarded || (hook !== 'OUTPUT' && hook !== 'POSTROUTING') || ps.pkt.ip.proto !== 'udp' || ps.pkt.inner) return undefined;
  return { errno: 'EPERM', explain: msg('netfilter.sendFailsEperm') };
}

/**
 * Stops the packet with "cannot evaluate" when it meets an nft base chain the engine loads but
 * cannot run (hook-registry.ts `unsupportedChainAt`), naming the chain and its file position.
 */
export function stopAtUnsupportedChain(sim: Sim, nsName: string, iface: string | undefined, at: UnsupportedAt, pkt: Pkt): void {
  const hit = unsupportedChainAt(sim.ns(nsName), at);
  if (!hit) return;
  const { table, chain } = hit;
  const src = chain.source;
  const params = { family: table.family, table: table.name, chain: chain.name, hook: `hook ${chain.base!.hook}${chain.base!.device ? ` device ${chain.base!.device}` : ''}` };
  sim.stop('cannot-evaluate', nsName, iface, src ? msg('nftables.unsupportedChainAt', { ...params, source: sourceText(src) }) : msg('nftables.unsupportedChain', params), pkt);
}
