/** One translated sentence for a flow's outcome (the UI's counterpart of `describeOutcome`). */
import type { TFunction } from 'i18next';
import type { Direction, ErrorAnswer, Outcome } from '../engine';
import { answerOfPacket } from '../store';
import { answerText } from './error-text';
import { renderMessage, type Translate } from '../i18n/render-message';

const ep = (ip: string, port?: number) => (port === undefined ? ip : `${ip}:${port}`);

/**
 * E.g. `request delivered at ghost-ep2/eth0: 10.244.1.0:40123 → 10.244.0.74:2368 tcp`, or
 * `reply dropped at gw/eth0 (route): no route to 172.17.0.2` (the reason is the engine's message, in the same language).
 * For the error direction the packet is named by what it is (`ICMP port unreachable (type 3, code 3)`),
 * from `answer` or else from its own headers.
 */
export function outcomeText(t: TFunction, which: Direction, o: Outcome, answer?: ErrorAnswer | null): string {
  const p = o.packet;
  const reasonText = (r: Parameters<typeof renderMessage>[0]) => renderMessage(r, t as unknown as Translate);
  const where = `${o.netns}${'interface' in o && o.interface ? `/${o.interface}` : ''}`;
  if (which === 'error') {
    const a = answer ?? answerOfPacket(p);
    const what = a ? answerText(t, a) : t('direction.error');
    if (o.result === 'delivered') return t('outcome.errorDelivered', { what, where, headers: `${p.ip.src} → ${p.ip.dst} ${p.ip.proto}` });
    if (o.result === 'engine-limit') return t('outcome.errorLimit', { what, where, reason: reasonText(o.reason) });
    return t('outcome.errorDropped', { what, where, stage: o.stage, reason: reasonText(o.reason) });
  }
  const what = t(`direction.${which}`);
  if (o.result === 'delivered') {
    return t('outcome.delivered', { which: what, where, headers: `${ep(p.ip.src, p.l4.sport)} → ${ep(p.ip.dst, p.l4.dport)} ${p.ip.proto}` });
  }
  if (o.result === 'engine-limit') return t('outcome.engineLimit', { which: what, where, reason: reasonText(o.reason) });
  return t('outcome.dropped', { which: what, where, stage: o.stage, reason: reasonText(o.reason) });
}
