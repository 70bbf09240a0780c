/**
 * Facts of the step under the cursor that a learner can check on a real machine: whether the frame
 * is on the wire of its device as `tcpdump -i DEV` would capture it (`TraceStep.wire`), the in and
 * out devices a netfilter hook sees (`iif`/`oif`, as the kernel's nftables trace prints them), the
 * ICMP error or TCP RST a drop answers with (`answer`: `icmp_send`, `nf_send_reset`), and, on the
 * error packet's first step, what that packet is.
 */
import { useTranslation } from 'react-i18next';
import type { TraceStep } from '../engine';
import { answerText } from './error-text';
import { usePacketWalk } from './store-context';

/** The error a drop step answers with and where it goes, in the error colour with its "!"; nothing for other steps. */
export function AnswerLine({ step, className = 'text-xs' }: { step: TraceStep; className?: string }) {
  const { t } = useTranslation();
  if (!step.answer) return null;
  return (
    <p data-testid="step-answer" className={`rounded border border-error bg-error-soft px-2 py-1 font-semibold text-slate-900 ${className}`}>
      <span aria-hidden className="text-error">
        !{' '}
      </span>
      {t('step.answer', { what: answerText(t, step.answer), to: step.packet.ip.src })}
    </p>
  );
}

/** The wire, devices, answer and error notes of the current step; nothing when it has none. */
export function StepFacts() {
  const { t } = useTranslation();
  const step = usePacketWalk((s) => s.trace?.steps[s.step] ?? null);
  const firstError = usePacketWalk((s) => {
    const st = s.trace?.steps[s.step];
    return st?.direction === 'error' && s.trace?.steps[s.step - 1]?.direction !== 'error';
  });
  if (!step) return null;
  const wire = step.wire && step.interface ? t(step.wire === 'rx' ? 'step.wireRx' : 'step.wireTx', { dev: step.interface }) : null;
  const devices = step.iif || step.oif;
  if (!wire && !devices && !step.answer && !firstError) return null;
  return (
    <div className="space-y-1 text-xs" data-testid="step-facts">
      <AnswerLine step={step} />
      {firstError && (
        <p data-testid="step-error-note" className="border-l-4 border-error pl-2 text-slate-800">
          {t('step.errorPacket')}
        </p>
      )}
      {wire && (
        <p data-testid="step-wire" data-wire={step.wire} className="flex items-baseline gap-1.5 text-slate-800">
          <span aria-hidden className="font-mono font-bold text-slate-600">
            {step.wire === 'rx' ? '⇤' : '⇥'}
          </span>
          <span>{wire}</span>
        </p>
      )}
      {devices && (
        <p data-testid="step-devices" className="text-slate-700">
          {t('step.devices')}{' '}
          <span className="font-mono text-slate-900">{[step.iif && t('step.iif', { dev: step.iif }), step.oif && t('step.oif', { dev: step.oif })].filter(Boolean).join(' · ')}</span>
        </p>
      )}
    </div>
  );
}
