/**
 * "Break it": edits a trainer flips live on a loaded World to show where and why a flow fails
 * (disable a rule, delete a route, turn ip_forward off, make rp_filter strict, drop the
 * MASQUERADE rules, shrink an MTU). Pure functions: the World is never mutated; applying no
 * breakage returns the original World, so a reset is just an empty list.
 */
import type { Breakage } from './breakage-apply';
import { msg, type Message } from './message';
import type { Trace } from './trace';
import type { World } from './world';
import { own } from './own';

export { applyBreakages, type Breakage } from './breakage-apply';

/** A short label for a breakage, for toggles and handouts (commands and rules as written, the prose translated). */
export function describeBreakage(b: Breakage): Message {
  switch (b.kind) {
    case 'disable-rule': {
      const where = { netns: b.netns, table: b.table, chain: b.chain, index: b.index };
      return b.text ? msg('breakage.deleteRuleText', { ...where, rule: b.text }) : msg('breakage.deleteRule', where);
    }
    case 'delete-route':
      return msg('breakage.deleteRoute', { netns: b.netns, route: b.route });
    case 'ip-forward-off':
      return msg('breakage.ipForwardOff', { netns: b.netns });
    case 'rp-filter-strict':
      return msg('breakage.rpFilterStrict', { netns: b.netns });
    case 'drop-masquerade':
      return msg('breakage.dropMasquerade', { netns: b.netns });
    case 'set-mtu':
      return msg('breakage.setMtu', { netns: b.netns, dev: b.interface, mtu: b.mtu });
    default: {
      const never: never = b;
      return never;
    }
  }
}

/**
 * Breakages worth offering for a trace: each rule that decided something (a match with a
 * target), each written route the packet used, ip_forward on each netns that forwarded,
 * strict rp_filter there, MASQUERADE where the flow was masqueraded, and the MTU of the devices
 * the packet left by (set 100 bytes below the packet's size so the drop shows).
 */
export function suggestBreakages(world: World, trace: Trace): Breakage[] {
  const out: Breakage[] = [];
  const seen = new Set<string>();
  const add = (b: Breakage) => {
    const k = JSON.stringify(b);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(b);
    }
  };
  for (const s of trace.steps) {
    if (s.stage === 'rule' && s.rule && s.table && s.chain && s.verdict !== 'CONTINUE')
      add({ kind: 'disable-rule', netns: s.netns, table: s.table, chain: s.chain, index: s.rule.index, text: s.rule.text });
    if (s.stage === 'route' && s.route && own(world.netns, s.netns)?.routes.some((r) => r.text === s.route!.text && !r.derived)) add({ kind: 'delete-route', netns: s.netns, route: s.route.text });
    if (s.stage === 'forward' && s.changed.some((c) => c.field === 'ip.ttl')) {
      add({ kind: 'ip-forward-off', netns: s.netns });
      add({ kind: 'rp-filter-strict', netns: s.netns });
    }
    if (s.stage === 'rule' && /-j MASQUERADE/.test(s.rule?.text ?? '')) add({ kind: 'drop-masquerade', netns: s.netns });
    if (s.stage === 'xmit' && s.link && s.interface && s.packet.ip.len) {
      const len = s.packet.outer[0]?.ip.len ?? s.packet.ip.len;
      if (len && len > 168) add({ kind: 'set-mtu', netns: s.netns, interface: s.interface, mtu: len - 100 });
    }
  }
  return out;
}
