/** The flow's final outcomes, revealed once the cursor reaches the step where each happens. */
import type { Message, Outcome } from '../../engine';
import type { PacketWalkState } from '../types';

/** The request's outcome once the cursor has reached it, else null. */
export const selectRequestOutcome = (s: PacketWalkState): Outcome | null => {
  const o = s.trace?.outcome.request;
  return o && s.step >= o.step ? o : null;
};

/** The reply's outcome once the cursor has reached it, else null (also when there is no reply). */
export const selectReplyOutcome = (s: PacketWalkState): Outcome | null => {
  const o = s.trace?.outcome.reply;
  return o && s.step >= o.step ? o : null;
};

/**
 * One sentence for an outcome, e.g. `request delivered at ghost-ep2/eth0: 10.244.1.0:40123 →
 * 10.244.0.74:2368` or `reply dropped at gw/eth0 (route): no route to 172.17.0.2`.
 * @param text renders the engine's reason (`englishOf` for English).
 */
export function describeOutcome(which: 'request' | 'reply', o: Outcome, text: (m: Message) => string): string {
  const p = o.packet;
  const ep = (ip: string, port?: number) => (port === undefined ? ip : `${ip}:${port}`);
  const hdr = `${ep(p.ip.src, p.l4.sport)} → ${ep(p.ip.dst, p.l4.dport)} ${p.ip.proto}`;
  if (o.result === 'delivered') return `${which} delivered at ${o.netns}/${o.interface}: ${hdr}`;
  if (o.result === 'engine-limit') return `${which} stopped by an engine limit at ${o.netns}${o.interface ? `/${o.interface}` : ''}: ${text(o.reason)}`;
  return `${which} dropped at ${o.netns}${o.interface ? `/${o.interface}` : ''} (${o.stage}): ${text(o.reason)}`;
}
