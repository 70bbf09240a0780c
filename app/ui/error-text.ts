/**
 * Translated words for the error side of a flow: the ICMP error or TCP RST the kernel sent back
 * (RFC 792 type/code names; `icmp_send`, `nf_send_reset`) and what the sending application sees
 * (an errno with its `strerror` text, errno(3), or a wait until it times out).
 */
import type { TFunction } from 'i18next';
import type { ErrorAnswer } from '../engine';
import { answerWords, type AppSees } from '../store';

/** E.g. `ICMP port unreachable (type 3, code 3)`, `ICMP fragmentation needed (MTU 1450) (type 3, code 4)`, `TCP RST`. */
export function answerText(t: TFunction, a: ErrorAnswer): string {
  const w = answerWords(a);
  if (w.kind === 'tcp-reset') return t('icmp.tcpReset');
  const name = w.name === 'fragNeeded' ? (w.mtu !== undefined ? t('icmp.fragNeeded', { mtu: w.mtu }) : t('icmp.fragNeededNoMtu')) : t(`icmp.${w.name}`);
  return t('icmp.named', { name, type: w.type, code: w.code });
}

/** The errno and its strerror text as shown (`ECONNREFUSED “Connection refused”`). */
export function errnoText(t: TFunction, errno: string, text?: string): string {
  return text ? `${errno} ${t('outcome.strerror', { text })}` : errno;
}

/** What the application sees, as one sentence. */
export function appSeesText(t: TFunction, app: AppSees): string {
  if (app.kind === 'errno') {
    const errno = errnoText(t, app.errno, app.text);
    return t(app.atOnce ? 'outcome.appFailsAtOnce' : 'outcome.appSees', { errno });
  }
  if (app.kind === 'path-mtu') return t('outcome.pathMtu', { mtu: app.mtu ?? '?' });
  return t(app.why === 'silent' ? 'outcome.waitsSilent' : app.why === 'lost' ? 'outcome.waitsLost' : 'outcome.waitsIgnored');
}
