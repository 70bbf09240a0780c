/**
 * The iptables chain being walked at the current step, as iptables-save lists it: rules passed
 * over are dimmed, the rule that decided is highlighted with its target, and the policy line is lit
 * when the chain's policy applies.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { selectChainView, type ChainRuleRow } from '../store';
import { usePacketWalk } from './store-context';

/**
 * Splits a rule's text at its target so the target can be marked: iptables ` -j X …` / ` -g X …`,
 * nft's first verdict, NAT or map statement (`jump`, `goto`, `accept`, `drop`, `dnat`, `vmap`, …).
 */
function splitTarget(text: string, nft: boolean): [string, string] {
  const m = nft ? /(?:^|\s)(?:numgen|jump|goto|accept|drop|reject|return|queue|dnat|snat|masquerade|redirect|[\w .]*\bvmap)\b/.exec(text) : / -[jg] /.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index)] : [text, ''];
}

const STATUS_KEY = { matched: 'chain.matched', 'not-matched': 'chain.notMatched', 'not-evaluated': 'chain.notEvaluated' } as const;

function RuleLine({ r, nft, element }: { r: ChainRuleRow; nft: boolean; element?: string }) {
  const { t } = useTranslation();
  const [body, target] = splitTarget(r.text, nft);
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
        {element && (
          <span data-testid="nft-element" className="mt-0.5 block">
            {t('chain.element')} <mark className="bg-amber-300 font-semibold">{element}</mark>
          </span>
        )}
      </span>
      <span className="sr-only">{t(STATUS_KEY[r.status])}</span>
    </li>
  );
}

/** Runs of same-status rules longer than this are collapsed into one line (a real node's KUBE-SERVICES has thousands). */
const COLLAPSE_OVER = 12;
/** Rules one "show more" reveals. */
const REVEAL = 200;

/** A rule line, or a collapsed run of rules with the same status. */
type Row = { kind: 'rule'; r: ChainRuleRow } | { kind: 'run'; start: number; rules: readonly ChainRuleRow[] };

/** Splits the chain's rules into lines: long runs collapse, except the rules revealed at their start. */
function rowsOf(rules: readonly ChainRuleRow[], revealed: ReadonlyMap<number, number>): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < rules.length; ) {
    let j = i + 1;
    while (j < rules.length && rules[j].status === rules[i].status && rules[i].status !== 'matched') j++;
    const shown = j - i > COLLAPSE_OVER ? Math.min(j - i, revealed.get(rules[i].index) ?? 0) : j - i;
    for (let k = i; k < i + shown; k++) rows.push({ kind: 'rule', r: rules[k] });
    if (i + shown < j) rows.push({ kind: 'run', start: rules[i].index, rules: rules.slice(i + shown, j) });
    i = j;
  }
  return rows;
}

function RunLine({ row, onMore }: { row: Extract<Row, { kind: 'run' }>; onMore: () => void }) {
  const { t } = useTranslation();
  const first = row.rules[0];
  const last = row.rules[row.rules.length - 1];
  return (
    <li data-testid="rule-run" className="flex items-center gap-2 border-l-4 border-transparent px-1.5 py-0.5 text-slate-600">
      <span className="w-5 shrink-0 text-right select-none" aria-hidden>
        ⋯
      </span>
      <span className="min-w-0 flex-1">{t('chain.run', { from: first.index, to: last.index, count: row.rules.length, status: t(STATUS_KEY[first.status]) })}</span>
      <button type="button" onClick={onMore} className="rounded border border-slate-300 px-1 font-sans text-slate-800 hover:bg-slate-100">
        {t('chain.showMore', { n: Math.min(REVEAL, row.rules.length) })}
      </button>
    </li>
  );
}

/** The chain view; nothing when the step walks no chain. */
export function ChainView() {
  const { t } = useTranslation();
  const view = usePacketWalk(selectChainView);
  const list = useRef<HTMLOListElement>(null);
  // Rules revealed at the start of each collapsed run (by the run's first rule number), per chain view.
  const [revealed, setRevealed] = useState<{ view: unknown; at: Map<number, number> }>({ view: null, at: new Map() });
  const at = revealed.view === view ? revealed.at : new Map<number, number>();
  useEffect(() => {
    list.current?.querySelector('[data-status="matched"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [view]);
  if (!view) return null;
  return (
    <section data-testid="chain-view" aria-label={t('chain.label')}>
      <h3 className="mb-1 text-sm font-semibold text-slate-800">
        <span className="font-mono">{view.nft ? `table ${view.table}` : `*${view.table}`}</span> {t('chain.chain')} <span className="font-mono">{view.chain}</span>
        {view.hook && <span className="font-normal text-slate-600"> · {t('chain.hook', { hook: view.hook })}</span>}
        {view.verdict && (
          <span data-testid="verdict" className="ml-2 rounded bg-slate-800 px-1.5 py-0.5 font-mono text-xs font-medium text-white">
            {view.verdict}
          </span>
        )}
      </h3>
      <ol ref={list} className="max-h-64 overflow-auto rounded border border-slate-200 bg-white py-1 font-mono text-xs leading-snug">
        {view.nft?.base && (
          <li data-testid={view.policyApplied ? 'policy-applied' : 'nft-base'} className={`px-2 py-0.5 ${view.policyApplied ? 'bg-amber-100 font-semibold' : 'text-slate-600'}`}>
            {view.nft.base}
            {view.policyApplied && ` ${t('chain.policyApplies')}`}
          </li>
        )}
        {view.policy && (
          <li data-testid={view.policyApplied ? 'policy-applied' : undefined} className={`px-2 py-0.5 ${view.policyApplied ? 'bg-amber-100 font-semibold' : 'text-slate-600'}`}>
            :{view.chain} {view.policy}
            {view.policyApplied && ` ${t('chain.policyApplies')}`}
          </li>
        )}
        {rowsOf(view.rules, at).map((row) =>
          row.kind === 'rule' ? (
            <RuleLine key={row.r.index} r={row.r} nft={!!view.nft} element={row.r.status === 'matched' ? view.nft?.element : undefined} />
          ) : (
            <RunLine
              key={`run-${row.rules[0].index}`}
              row={row}
              onMore={() => setRevealed({ view, at: new Map(at).set(row.start, (at.get(row.start) ?? 0) + REVEAL) })}
            />
          ),
        )}
        {view.rules.length === 0 && <li className="px-2 py-0.5 text-slate-500">{t('chain.noRules')}</li>}
        {view.fellThrough && <li className="bg-amber-100 px-2 py-0.5 font-semibold">{t('chain.fellThrough')}</li>}
      </ol>
      {view.canonical && (
        <p data-testid="rule-canonical" className="mt-1 text-xs text-slate-700">
          {t('chain.canonical')} <code className="block rounded border border-slate-200 bg-white px-1.5 py-0.5 font-mono break-words text-slate-900">{view.canonical}</code>
        </p>
      )}
    </section>
  );
}
