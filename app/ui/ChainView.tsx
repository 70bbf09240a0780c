/**
 * The iptables chain being walked at the current step, as iptables-save lists it: rules passed
 * over are dimmed, the rule that decided is highlighted with its target, and the policy line is lit
 * when the chain's policy applies.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { selectChainView, type ChainRuleRow } from '../store';
import { usePacketWalk } from './store-context';

/** Splits a rule's text at its target (` -j X …` / ` -g X …`) so the target can be marked. */
function splitTarget(text: string): [string, string] {
  const m = / -[jg] /.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index)] : [text, ''];
}

const STATUS_KEY = { matched: 'chain.matched', 'not-matched': 'chain.notMatched', 'not-evaluated': 'chain.notEvaluated' } as const;

function RuleLine({ r }: { r: ChainRuleRow }) {
  const { t } = useTranslation();
  const [body, target] = splitTarget(r.text);
  const cls =
    r.status === 'matched'
      ? 'bg-amber-100 border-amber-500 text-slate-900'
      : r.status === 'not-matched'
        ? 'border-transparent text-slate-500'
        : 'border-transparent text-slate-700';
  return (
    <li
      data-testid={r.status === 'matched' ? 'rule-matched' : 'rule'}
      data-status={r.status}
      className={`flex gap-2 border-l-4 px-1.5 py-0.5 ${cls}`}
      title={r.line ? t('chain.line', { line: r.line }) : undefined}
    >
      <span className="w-5 shrink-0 text-right text-slate-500 select-none" aria-hidden>
        {r.status === 'matched' ? '✓' : r.status === 'not-matched' ? '✗' : r.index}
      </span>
      <span className="min-w-0 break-words whitespace-pre-wrap">
        {body}
        {target && <mark className={r.status === 'matched' ? 'bg-amber-300 font-semibold' : 'bg-transparent text-inherit'}>{target}</mark>}
      </span>
      <span className="sr-only">{t(STATUS_KEY[r.status])}</span>
    </li>
  );
}

/** The chain view; nothing when the step walks no chain. */
export function ChainView() {
  const { t } = useTranslation();
  const view = usePacketWalk(selectChainView);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[data-status="matched"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [view]);
  if (!view) return null;
  return (
    <section data-testid="chain-view" aria-label={t('chain.label')}>
      <h3 className="mb-1 text-sm font-semibold text-slate-800">
        <span className="font-mono">*{view.table}</span> {t('chain.chain')} <span className="font-mono">{view.chain}</span>
        {view.hook && <span className="font-normal text-slate-600"> · {t('chain.hook', { hook: view.hook })}</span>}
        {view.verdict && (
          <span data-testid="verdict" className="ml-2 rounded bg-slate-800 px-1.5 py-0.5 font-mono text-xs font-medium text-white">
            {view.verdict}
          </span>
        )}
      </h3>
      <ol ref={list} className="max-h-64 overflow-auto rounded border border-slate-200 bg-white py-1 font-mono text-xs leading-snug">
        {view.policy && (
          <li data-testid={view.policyApplied ? 'policy-applied' : undefined} className={`px-2 py-0.5 ${view.policyApplied ? 'bg-amber-100 font-semibold' : 'text-slate-600'}`}>
            :{view.chain} {view.policy}
            {view.policyApplied && ` ${t('chain.policyApplies')}`}
          </li>
        )}
        {view.rules.map((r) => (
          <RuleLine key={r.index} r={r} />
        ))}
        {view.rules.length === 0 && <li className="px-2 py-0.5 text-slate-500">{t('chain.noRules')}</li>}
        {view.fellThrough && <li className="bg-amber-100 px-2 py-0.5 font-semibold">{t('chain.fellThrough')}</li>}
      </ol>
    </section>
  );
}
