/** One translated sentence for a flow's outcome (the UI's counterpart of `describeOutcome`). */
import type { TFunction } from 'i18next';
import type { Outcome } from '../engine';

const ep = (ip: string, port?: number) => (port === undefined ? ip : `${ip}:${port}`);

/**
 * E.g. `request delivered at ghost-ep2/eth0: 10.244.1.0:40123 → 10.244.0.74:2368 tcp`, or
 * `reply dropped at gw/eth0 (route): no route to 172.17.0.2` (the reason is the engine's, in English).
 */
export function outcomeText(t: TFunction, which: 'request' | 'reply', o: Outcome): string {
  const p = o.packet;
  const what = t(`direction.${which}`);
  if (o.result === 'delivered') {
    return t('outcome.delivered', { which: what, where: `${o.netns}/${o.interface}`, headers: `${ep(p.ip.src, p.l4.sport)} → ${ep(p.ip.dst, p.l4.dport)} ${p.ip.proto}` });
  }
  if (o.result === 'engine-limit') return t('outcome.engineLimit', { which: what, where: `${o.netns}${o.interface ? `/${o.interface}` : ''}`, reason: o.reason });
  return t('outcome.dropped', { which: what, where: `${o.netns}${o.interface ? `/${o.interface}` : ''}`, stage: o.stage, reason: o.reason });
}
