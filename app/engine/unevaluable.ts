/**
 * Everything in a World the engine loaded but cannot evaluate: iptables matches and targets it
 * does not model, nft statements it does not model, nft chains of families or hooks it does not
 * run, IPVS services whose scheduler or forwarding method it does not model, ipsets of types it
 * cannot test, policy routing rules with selectors it does not model, programs attached to devices
 * (XDP, tc filters). The UI lists them (a packet that reaches one stops with "cannot evaluate"), so
 * nothing is silently matched or skipped.
 */
import { IPVS_SCHEDULERS } from './ipvs/types';
import { mayHold } from './netfilter/types';
import { msg, type Message } from './message';
import { unsupportedChains } from './sim/hook-registry';
import type { SourceRef } from './source';
import type { World } from './world';

/** One thing the engine cannot evaluate. */
export interface Unevaluable {
  readonly netns: string;
  /** What kind of object: an iptables rule, an nft rule or chain, an IPVS service, an ipset. */
  readonly kind: 'iptables-rule' | 'nft-rule' | 'nft-chain' | 'ipvs-service' | 'ipset' | 'ip-rule' | 'device';
  /** Where it sits: `filter FORWARD rule 3`, `inet f fwd rule 1`, `TCP 10.96.0.1:443`, `KUBE-X`. */
  readonly where: string;
  /** The part the engine cannot evaluate, as written. */
  readonly text: string;
  /** Why, for the learner. */
  readonly reason: Message;
  readonly source?: SourceRef;
}

const cache = new WeakMap<World, readonly Unevaluable[]>();

/** Lists what `world` holds that the engine cannot evaluate, netns by netns in file order. */
export function unevaluable(world: World): readonly Unevaluable[] {
  let out = cache.get(world);
  if (!out) cache.set(world, (out = collect(world)));
  return out;
}

function collect(world: World): Unevaluable[] {
  const out: Unevaluable[] = [];
  for (const ns of Object.values(world.netns)) {
    for (const t of Object.values(ns.ruleset.tables))
      for (const c of mayHold(t!, 'unsupported') ? Object.values(t!.chains) : [])
        for (const r of c.rules) {
          // No allocation per rule: a node's ruleset can hold tens of thousands (issue 11).
          for (const m of r.matches)
            if (m.kind === 'unsupported') out.push({ netns: ns.name, kind: 'iptables-rule', where: `${t!.name} ${c.name} rule ${r.index}`, text: m.text, reason: m.reason, source: r.source });
          const g = r.target;
          if (g.kind === 'unsupported') out.push({ netns: ns.name, kind: 'iptables-rule', where: `${t!.name} ${c.name} rule ${r.index}`, text: g.text, reason: g.reason, source: r.source });
        }
    for (const { table: t, chain: c } of unsupportedChains(ns))
      out.push({
        netns: ns.name,
        kind: 'nft-chain',
        where: `${t.family} ${t.name} ${c.name}`,
        text: `type ${c.base!.type} hook ${c.base!.hook}`,
        reason: msg('unevaluable.nftFamilyNotRun'),
        source: c.source,
      });
    for (const t of ns.nftables?.tables ?? [])
      for (const c of Object.values(t.chains)) {
        for (const r of c.rules)
          for (const s of r.stmts)
            if (s.kind === 'unsupported') out.push({ netns: ns.name, kind: 'nft-rule', where: `${t.family} ${t.name} ${c.name} rule ${r.index}`, text: s.text, reason: s.reason, source: r.source });
      }
    for (const svc of ns.ipvs?.services ?? []) {
      if (!(IPVS_SCHEDULERS as readonly string[]).includes(svc.scheduler))
        out.push({ netns: ns.name, kind: 'ipvs-service', where: svc.text, text: `-s ${svc.scheduler}`, reason: msg('unevaluable.ipvsScheduler', { scheduler: svc.scheduler }), source: svc.source });
      for (const d of svc.dests)
        if (d.forward !== 'masq') out.push({ netns: ns.name, kind: 'ipvs-service', where: svc.text, text: d.text, reason: msg('unevaluable.ipvsForwarding'), source: d.source });
    }
    for (const ifc of ns.interfaces) {
      if (ifc.type === 'other')
        out.push({
          netns: ns.name,
          kind: 'device',
          where: ifc.name,
          text: `${ifc.kind}${ifc.link ? ` link ${ifc.link}` : ''}`,
          reason: msg('unevaluable.otherDevice', { kind: ifc.kind }),
          source: ifc.source,
        });
      for (const dir of ['ingress', 'egress'] as const) {
        const what = ifc.attached?.[dir];
        if (what) out.push({ netns: ns.name, kind: 'device', where: `${ifc.name} ${dir}`, text: what, reason: msg('unevaluable.attached'), source: ifc.source });
      }
    }
    for (const r of ns.rules)
      if (r.unsupported) out.push({ netns: ns.name, kind: 'ip-rule', where: `ip rule ${r.priority}`, text: r.text, reason: msg('unevaluable.ipRule', { what: r.unsupported }), source: r.source });
    for (const set of ns.ipsets?.values() ?? [])
      if (set.unsupported) out.push({ netns: ns.name, kind: 'ipset', where: set.name, text: `create ${set.name} ${set.type}`, reason: set.unsupported, source: set.source });
  }
  return out;
}
