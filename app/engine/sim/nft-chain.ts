/**
 * An nftables base chain at one hook (net/netfilter/nf_tables_core.c `nft_do_chain`, registered by
 * nf_tables_api.c at the chain's hook and priority, or into the NAT core for `type nat` chains):
 * evaluates the chain for the packet (../nftables/eval*.ts), records every decision as a Trace
 * step with its table, priority, handle and the set element that decided, and applies the verdict.
 */
import { ctState, isDnat, isSnat } from '../conntrack/conntrack';
import type { Manip } from '../conntrack/nat';
import { msg, type Message } from '../message';
import type { HookName } from '../netfilter/types';
import { walkNftChain } from '../nftables/eval';
import type { NftContext, NftDecision, NftWalkResult } from '../nftables/eval-context';
import type { NftChain, NftHook, NftTable } from '../nftables/types';
import { own } from '../own';
import { fibLookup, routeDev } from '../route/fib';
import type { NftStepRef } from '../trace';
import { addrType } from './addrtype';
import type { Sim } from './context';
import type { HookIO, PathState } from './contracts';
import { bindNat, cannotEvaluateEnd, finishHook, limitEnd, type HookEnd } from './nf-verdict';
import { recordAlternatives } from './random';

const NFT_HOOK: Record<HookName, NftHook> = { PREROUTING: 'prerouting', INPUT: 'input', FORWARD: 'forward', OUTPUT: 'output', POSTROUTING: 'postrouting' };

/**
 * Runs base chain `chain` of `table` at `hook` (registered at `priority`). For a `type nat`
 * chain run by the NAT core, `manip` is the NAT type its statements may set up.
 * @returns `'nat'` when a NAT statement set up the connection's binding, else `'accept'`; ends
 * the direction on drop, reject, queue or an engine stop.
 */
export function nftDoChain(
  sim: Sim,
  nsName: string,
  hook: HookName,
  table: NftTable,
  chain: NftChain,
  priority: number,
  ps: PathState,
  io: HookIO,
  iface: string | undefined,
  manip?: Manip,
): 'accept' | 'nat' {
  const ctx = nftContext(sim, nsName, hook, ps, io);
  const decisions: NftDecision[] = [];
  const res = walkNftChain(table, chain, ctx, { decision: (d: NftDecision) => decisions.push(d) + sim.steps.length < sim.limits.steps }, sim.ruleBudget);
  let pkt = { ...ps.pkt, mark: res.mark };
  let natNote: Message | undefined;
  let bound = false;
  if (res.kind === 'nat' && ps.ct && manip) {
    const n = res.nat;
    const kind = n.type === 'dnat' ? 'DNAT' : n.type === 'snat' ? 'SNAT' : n.type === 'masquerade' ? 'MASQUERADE' : 'REDIRECT';
    const b = bindNat(sim, nsName, hook, ps, io, manip, { kind, toAddr: n.addr, toPort: n.port }, res.mark);
    pkt = b.pkt;
    natNote = b.note;
    bound = true;
  }
  if (ps.ct) ps.ct.entry.mark = res.ctMark;
  // `notrack` (nft_notrack_eval): a packet with no conntrack entry yet is left untracked.
  if (res.notrack && !ps.ct) ps.untracked = true;
  let mark = ps.pkt.mark;
  const ref = (d: NftDecision): NftStepRef => ({ family: table.family, table: table.name, priority, handle: d.rule?.handle, element: d.element });
  decisions.forEach((d, i) => {
    if (d.markAfter !== undefined) mark = d.markAfter;
    const last = i === decisions.length - 1;
    if (d.alternatives) recordAlternatives(sim, d.alternatives);
    sim.emit({
      netns: nsName,
      interface: iface,
      stage: d.policy ? 'policy' : 'rule',
      hook,
      nft: ref(d),
      chain: d.chain,
      rule: d.rule ? { text: d.rule.text, index: d.rule.index, source: d.rule.source } : undefined,
      verdict: d.verdict,
      notMatched: d.notMatched,
      alternatives: d.alternatives,
      pkt: last && bound ? pkt : { ...ps.pkt, mark },
      iif: io.in,
      oif: io.out,
      explain: explainNft(table, chain, hook, priority, d, last ? natNote : undefined),
    });
  });
  ps.pkt = pkt;
  finishHook(sim, nsName, hook, ps, io, iface, nftEnd(sim, table, chain, res));
  return bound ? 'nat' : 'accept';
}

/** `ip kube-proxy` */
const nameOf = (t: NftTable) => `${t.family} ${t.name}`;

function nftEnd(sim: Sim, table: NftTable, chain: NftChain, res: NftWalkResult): HookEnd {
  const t = nameOf(table);
  switch (res.kind) {
    case 'accept':
    case 'nat':
      return { kind: 'accept' };
    case 'drop':
      return { kind: 'drop', at: res.rule ? ruleAt(t, res.rule) : msg('nftables.atPolicy', { table: t, chain: chain.name }), table: t, chain: res.rule?.chain ?? chain.name };
    case 'reject':
      return { kind: 'reject', at: ruleAt(t, res.rule), table: t, chain: res.rule.chain, with: res.with };
    case 'queue':
      return { kind: 'drop', at: msg('nftables.atQueue', { table: t, chain: res.rule.chain, index: res.rule.index }), table: t, chain: res.rule.chain };
    case 'cannot-evaluate':
      return cannotEvaluateEnd(res.stmt, ruleAt(t, res.rule), res.rule.source, res.reason);
    case 'limit':
      return limitEnd(sim, res.limit, res.rule ? ruleAt(t, { chain: res.chain, index: res.rule.index }) : msg('netfilter.atChain', { table: t, chain: res.chain }), msg('nftables.chainDepthLimit'));
  }
}

/** "ip kube-proxy services rule 2" */
function ruleAt(table: string, rule: { readonly chain: string; readonly index: number }): Message {
  return msg('netfilter.atRule', { table, chain: rule.chain, index: rule.index });
}

function explainNft(table: NftTable, chain: NftChain, hook: HookName, priority: number, d: NftDecision, natNote: Message | undefined): Message {
  const t = nameOf(table);
  if (d.policy) return msg('nftables.policy', { table: t, chain: chain.name, hook: NFT_HOOK[hook], priority, verdict: d.verdict.toLowerCase() });
  if (d.implicitReturn)
    return d.notMatched
      ? d.notMatched.from === d.notMatched.to
        ? msg('nftables.noMatchReturnOne', { rules: `${d.notMatched.from}`, table: t, chain: d.chain })
        : msg('nftables.noMatchReturn', { rules: `${d.notMatched.from}–${d.notMatched.to}`, table: t, chain: d.chain })
      : msg(d.emptyChain ? 'nftables.endReturnEmpty' : 'nftables.endReturn', { table: t, chain: d.chain });
  const r = d.rule!;
  const at = { index: r.index, table: t, chain: d.chain };
  const el = d.element;
  const v = d.verdict;
  if (v.startsWith('JUMP:')) return el ? msg('nftables.ruleJumpElement', { ...at, element: el, target: v.slice(5) }) : msg('nftables.ruleJump', { ...at, target: v.slice(5) });
  if (v.startsWith('GOTO:')) return el ? msg('nftables.ruleGotoElement', { ...at, element: el, target: v.slice(5) }) : msg('nftables.ruleGoto', { ...at, target: v.slice(5) });
  if (d.markAfter !== undefined && v === 'CONTINUE') return msg('nftables.ruleMark', { ...at, from: `0x${(d.markBefore ?? 0).toString(16)}`, to: `0x${d.markAfter.toString(16)}` });
  if (natNote) return el ? msg('nftables.ruleNatElement', { ...at, element: el, rule: r.text, note: natNote }) : msg('nftables.ruleNat', { ...at, rule: r.text, note: natNote });
  if (v === 'RETURN') return msg('nftables.ruleReturn', at);
  if (v === 'CONTINUE') return msg('nftables.ruleContinue', at);
  if (v === 'ACCEPT') return msg(el ? 'nftables.ruleAcceptElement' : 'nftables.ruleAccept', { ...at, ...(el ? { element: el } : {}), base: chain.name, hook: NFT_HOOK[hook] });
  return el ? msg('nftables.ruleVerdictElement', { ...at, element: el, verdict: v.toLowerCase() }) : msg('nftables.ruleVerdict', { ...at, verdict: v.toLowerCase() });
}

/** Builds the nft evaluation context for one base chain walk. */
function nftContext(sim: Sim, nsName: string, hook: HookName, ps: PathState, io: HookIO): NftContext {
  const p = ps.pkt;
  const ns = sim.ns(nsName);
  const e = ps.ct?.entry;
  return {
    hook: NFT_HOOK[hook],
    pkt: { src: p.ip.src, dst: p.ip.dst, proto: p.ip.proto, sport: p.l4.sport, dport: p.l4.dport, icmpType: p.l4.icmpType, icmpCode: p.l4.icmpCode, tcpFlags: p.l4.flags },
    inIface: hook === 'PREROUTING' || hook === 'INPUT' || hook === 'FORWARD' ? io.in : undefined,
    outIface: hook === 'FORWARD' || hook === 'OUTPUT' || hook === 'POSTROUTING' ? io.out : undefined,
    mark: p.mark,
    // No entry attached yet (a chain before conntrack's −200) reads as invalid (nft_ct_get_eval).
    ctstate: ps.untracked ? 'UNTRACKED' : ctState(ps.ct),
    ctStatus: { dnat: !!e && isDnat(e), snat: !!e && isSnat(e), confirmed: !!e?.confirmed },
    ctMark: e?.mark ?? 0,
    ctOriginal: e ? { src: e.orig.src, dst: e.orig.dst, sport: e.orig.sport, dport: e.orig.dport } : undefined,
    addrType: (addr, iface) => addrType(sim, nsName, addr, iface),
    fibOif: (addr) => {
      const r = fibLookup(ns, addr);
      return r && (r.type === 'unicast' || r.type === 'local') ? (r.type === 'local' ? 'lo' : routeDev(ns, r)) : undefined;
    },
    numgen: (rule, mod) => {
      const pinned = own(sim.choices, `${nsName}/${rule.family} ${rule.table}/${rule.chain}`);
      return pinned !== undefined && pinned >= 1 && pinned <= mod ? pinned - 1 : 0;
    },
    choiceKey: (chain) => `${nsName}/${chain.family} ${chain.table}/${chain.name}`,
  };
}
