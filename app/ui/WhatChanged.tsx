/**
 * "What changed": every rewrite of the packet along the flow (NAT by a rule or by conntrack,
 * encapsulation, TTL, mark), where it happened and what did it. Each entry jumps to its step.
 */
import { useTranslation } from 'react-i18next';
import { selectRewrites, type Rewrite } from '../store';
import { directionStyle } from './direction-style';
import { formatValue } from './header-rows';
import { usePacketWalk } from './store-context';

const KIND_CLASS: Record<string, string> = {
  DNAT: 'bg-amber-100 text-amber-900 border-amber-300',
  SNAT: 'bg-amber-100 text-amber-900 border-amber-300',
  MASQUERADE: 'bg-amber-100 text-amber-900 border-amber-300',
  'un-DNAT': 'bg-sky-100 text-sky-900 border-sky-300',
  'un-SNAT': 'bg-sky-100 text-sky-900 border-sky-300',
  encap: 'bg-violet-50 text-violet-800 border-violet-400',
  decap: 'bg-violet-50 text-violet-800 border-violet-400',
};

/** Who did a rewrite: the rule (table, chain, number) or conntrack. */
function useBy(r: Rewrite): string {
  const { t } = useTranslation();
  const step = usePacketWalk((s) => s.trace?.steps[r.step] ?? null);
  const table = step?.nft ? `${step.nft.family} ${step.nft.table}` : step?.table;
  if (r.rule && table && step?.chain) return t('changes.byRule', { table, chain: step.chain, index: r.rule.index });
  return step?.stage === 'nat' ? t('changes.byConntrack') : step?.stage === 'ipvs' ? t('changes.byIpvs') : '';
}

function RewriteItem({ r, onPick }: { r: Rewrite; onPick: (r: Rewrite) => void }) {
  const { t } = useTranslation();
  const by = useBy(r);
  const fields = r.changes.filter((c) => !c.field.startsWith('outer') || r.kind === 'encap' || r.kind === 'decap');
  return (
    <li>
      <button
        type="button"
        data-testid="rewrite"
        data-kind={r.kind}
        data-step={r.step}
        className="block w-full rounded border border-slate-200 bg-white px-2 py-1.5 text-left hover:border-slate-400 hover:bg-slate-50"
        onClick={() => onPick(r)}
      >
        <span className="flex flex-wrap items-center gap-2 text-xs">
          <span className={`rounded border px-1.5 py-0.5 font-bold ${KIND_CLASS[r.kind] ?? 'border-slate-300 bg-slate-100 text-slate-800'}`}>{t(`changes.kind.${r.kind}`)}</span>
          <span className="font-semibold text-slate-700">{t('changes.step', { n: r.step + 1 })}</span>
          <span className={`rounded px-1 font-semibold ${directionStyle(r.direction).badge}`}>{t(`direction.${r.direction}`)}</span>
          <span className="font-mono text-slate-800">
            {r.netns}
            {r.interface && `/${r.interface}`}
          </span>
        </span>
        <span className="mt-1 block font-mono text-xs break-words text-slate-900">
          {fields.slice(0, 4).map((c) => (
            <span key={c.field} className="mr-3 inline-block">
              {c.field} {formatValue(c.field, c.from)} → <strong>{formatValue(c.field, c.to)}</strong>
            </span>
          ))}
        </span>
        {by && <span className="mt-0.5 block text-xs text-slate-600">{by}</span>}
        {r.rule && <span className="mt-0.5 block font-mono text-[11px] break-words text-slate-600">{r.rule.text}</span>}
      </button>
    </li>
  );
}

/** The list of rewrites; `title` overrides the heading (the end-of-flow summary uses its own). */
export function WhatChanged({ title }: { title?: string }) {
  const { t } = useTranslation();
  const list = usePacketWalk(selectRewrites);
  const jumpTo = usePacketWalk((s) => s.jumpTo);
  const showPanel = usePacketWalk((s) => s.showPanel);
  const pick = (r: Rewrite) => {
    jumpTo(r.step);
    showPanel('step');
  };
  return (
    <section data-testid="what-changed" aria-label={title ?? t('changes.title')} className="space-y-2">
      <h2 className="text-sm font-semibold text-slate-800">{title ?? t('changes.title')}</h2>
      <p className="text-xs text-slate-600">{t('changes.intro')}</p>
      {list.length === 0 ? (
        <p className="text-sm text-slate-600">{t('changes.none')}</p>
      ) : (
        <ol className="space-y-1.5">
          {list.map((r) => (
            <RewriteItem key={`${r.step}-${r.kind}`} r={r} onPick={pick} />
          ))}
        </ol>
      )}
    </section>
  );
}
