/**
 * One line of the chain view (see rows.ts): a rule with its status and marked target, a collapsed
 * run with its "show more" button, the policy or base-chain line, or the fell-through note.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainView } from '../../store';
import { REVEAL, splitTarget, type ChainLine } from './rows';

const STATUS_KEY = { matched: 'chain.matched', 'not-matched': 'chain.notMatched', 'not-evaluated': 'chain.notEvaluated' } as const;

const RULE_CLASS = {
  matched: 'bg-amber-100 border-amber-500 text-slate-900',
  'not-matched': 'border-transparent text-slate-500',
  'not-evaluated': 'border-transparent text-slate-700',
} as const;

function RuleLine({ line, nft, element }: { line: Extract<ChainLine, { kind: 'rule' }>; nft: boolean; element?: string }) {
  const { t } = useTranslation();
  const r = line.r;
  const [body, target] = splitTarget(r.text, nft);
  return (
    <div
      data-testid={r.status === 'matched' ? 'rule-matched' : 'rule'}
      data-status={r.status}
      className={`flex gap-2 border-l-4 px-1.5 py-0.5 ${RULE_CLASS[r.status]}`}
      title={r.line ? t('chain.line', { line: r.line }) : undefined}
    >
      <span className="w-5 shrink-0 text-right text-slate-500 select-none" aria-hidden>
        {r.status === 'matched' ? '✓' : r.status === 'not-matched' ? '✗' : r.index}
      </span>
      <span className="min-w-0 break-words whitespace-pre-wrap">
        {body}
        {target && <mark className={r.status === 'matched' ? 'bg-amber-300 font-semibold' : 'bg-transparent text-inherit'}>{target}</mark>}
        {element && (
          <span data-testid="nft-element" className="mt-0.5 block">
            {t('chain.element')} <mark className="bg-amber-300 font-semibold">{element}</mark>
          </span>
        )}
      </span>
      <span className="sr-only">{t(STATUS_KEY[r.status])}</span>
    </div>
  );
}

function RunLine({ line, onMore }: { line: Extract<ChainLine, { kind: 'run' }>; onMore: (start: number) => void }) {
  const { t } = useTranslation();
  return (
    <div data-testid="rule-run" className="flex items-center gap-2 border-l-4 border-transparent px-1.5 py-0.5 text-slate-600">
      <span className="w-5 shrink-0 text-right select-none" aria-hidden>
        ⋯
      </span>
      <span className="min-w-0 flex-1">{t('chain.run', { from: line.from, to: line.to, count: line.count, status: t(STATUS_KEY[line.status]) })}</span>
      <button type="button" onClick={() => onMore(line.start)} className="rounded border border-slate-300 px-1 font-sans text-slate-800 hover:bg-slate-100">
        {t('chain.showMore', { n: Math.min(REVEAL, line.count) })}
      </button>
    </div>
  );
}

/** Renders one line of `view`; `onMore` reveals more rules of the run starting at a rule number. */
export const ChainLineView = memo(function ChainLineView({ line, view, onMore }: { line: ChainLine; view: ChainView; onMore: (start: number) => void }) {
  const { t } = useTranslation();
  switch (line.kind) {
    case 'rule':
      return <RuleLine line={line} nft={!!view.nft} element={line.r.status === 'matched' ? view.nft?.element : undefined} />;
    case 'run':
      return <RunLine line={line} onMore={onMore} />;
    case 'head':
      return (
        <div data-testid={view.policyApplied ? 'policy-applied' : line.base ? 'nft-base' : undefined} className={`px-2 py-0.5 ${view.policyApplied ? 'bg-amber-100 font-semibold' : 'text-slate-600'}`}>
          {line.text}
          {view.policyApplied && ` ${t('chain.policyApplies')}`}
        </div>
      );
    case 'empty':
      return <div className="px-2 py-0.5 text-slate-500">{t('chain.noRules')}</div>;
    case 'fell-through':
      return <div className="bg-amber-100 px-2 py-0.5 font-semibold">{t('chain.fellThrough')}</div>;
  }
});
