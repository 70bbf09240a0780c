/**
 * The iptables chain (or nft chain) being walked at the current step, as iptables-save lists it:
 * rules passed over are dimmed, the rule that decided is highlighted with its target, and the
 * policy line is lit when the chain's policy applies. Long runs of passed-over rules collapse into
 * one expandable line, and only the lines in sight are rendered (@tanstack/react-virtual), so a
 * chain of tens of thousands of rules scrolls as smoothly as a short one.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { selectChainPath, selectChainView } from '../store';
import { ChainLineView } from './chain/ChainLines';
import { linesOf, REVEAL } from './chain/rows';
import { usePacketWalk } from './store-context';

/** Height of one unwrapped line in px (text-xs leading-snug plus padding), before it is measured. */
const LINE_PX = 21;
/** Lines rendered beyond the visible ones on each side. */
const OVERSCAN = 8;
const NO_REVEAL: ReadonlyMap<number, number> = new Map();

/** The chain view; nothing when the step walks no chain. */
export function ChainView() {
  const { t } = useTranslation();
  const view = usePacketWalk(selectChainView);
  const path = usePacketWalk(selectChainPath);
  const list = useRef<HTMLDivElement>(null);
  // Rules revealed at the start of each collapsed run (by the run's first rule number), per chain view.
  const [revealed, setRevealed] = useState<{ view: unknown; at: ReadonlyMap<number, number> }>({ view: null, at: NO_REVEAL });
  const at = revealed.view === view ? revealed.at : NO_REVEAL;
  const lines = useMemo(() => (view ? linesOf(view, at) : []), [view, at]);
  const onMore = useCallback((start: number) => setRevealed({ view, at: new Map(at).set(start, (at.get(start) ?? 0) + REVEAL) }), [view, at]);
  // The virtualizer's functions change with every render; nothing here memoises them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: lines.length,
    getScrollElement: () => list.current,
    estimateSize: () => LINE_PX,
    overscan: OVERSCAN,
    initialRect: { width: 480, height: 256 },
  });
  useEffect(() => {
    const i = lines.findIndex((l) => l.kind === 'rule' && l.r.status === 'matched');
    if (i >= 0) virtual.scrollToIndex(i, { align: 'auto' });
    // Only when the step changes: revealing more rules keeps the reader where they are.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view]);
  if (!view) return null;
  return (
    <section data-testid="chain-view" aria-label={t('chain.label')}>
      {path && (
        <p data-testid="chain-path" aria-label={t('chain.path')} className="mb-1 font-mono text-xs break-words text-slate-600">
          {path.map((c, i) => (
            <span key={i}>
              {i > 0 && <span aria-hidden> → </span>}
              <span className={i === path.length - 1 ? 'font-semibold text-slate-900' : undefined}>{c}</span>
            </span>
          ))}
        </p>
      )}
      <h3 className="mb-1 text-sm font-semibold text-slate-800">
        <span className="font-mono">{view.nft ? `table ${view.table}` : `*${view.table}`}</span> {t('chain.chain')} <span className="font-mono">{view.chain}</span>
        {view.hook && <span className="font-normal text-slate-600"> · {t('chain.hook', { hook: view.hook })}</span>}
        {view.target && (
          <span data-testid="rule-target" className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-950">
            {t('chain.target')} <span className="font-mono font-semibold">{view.target}</span>
          </span>
        )}
        {view.verdict && (
          <span data-testid="verdict" className="ml-2 rounded bg-slate-800 px-1.5 py-0.5 font-mono text-xs font-medium text-white">
            {view.target ? `${t('chain.verdict')} ${view.verdict}` : view.verdict}
          </span>
        )}
      </h3>
      <div ref={list} data-testid="chain-lines" className="max-h-64 overflow-auto rounded border border-slate-200 bg-white font-mono text-xs leading-snug">
        <ol className="relative w-full" style={{ height: virtual.getTotalSize() + 8 }}>
          {virtual.getVirtualItems().map((item) => (
            <li key={item.key} data-index={item.index} ref={virtual.measureElement} className="absolute top-0 left-0 w-full" style={{ transform: `translateY(${item.start + 4}px)` }}>
              <ChainLineView line={lines[item.index]} view={view} onMore={onMore} />
            </li>
          ))}
        </ol>
      </div>
      {view.canonical && (
        <p data-testid="rule-canonical" className="mt-1 text-xs text-slate-700">
          {t('chain.canonical')} <code className="block rounded border border-slate-200 bg-white px-1.5 py-0.5 font-mono break-words text-slate-900">{view.canonical}</code>
        </p>
      )}
    </section>
  );
}
