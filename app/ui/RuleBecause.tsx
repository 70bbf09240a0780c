/**
 * "Why this rule exists", for a scenario built from a cluster file: the object and behaviour the
 * cluster builder wrote the matched rule (or nftables set element) for, as a sentence in the chosen
 * language, and a link that opens the object's manifest from the cluster file with the field it
 * reads marked. Nothing for hand-written scenarios or steps without a rule.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { selectRuleBecause } from '../store';
import { usePacketWalk } from './store-context';

/** The Because of the current step's rule, with its object's manifest behind a toggle. */
export function RuleBecause() {
  const { t } = useTranslation();
  const r = usePacketWalk(selectRuleBecause);
  const [open, setOpen] = useState(false);
  if (!r) return null;
  // A key chosen at run time: i18next's typed `t` cannot check its parameters (the i18n test does).
  const sentence = t as unknown as (key: string, params: object) => string;
  const { because, manifest } = r;
  const title = { rule: t('why.title'), ipvs: t('why.titleIpvs'), route: t('why.titleRoute'), neigh: t('why.titleNeigh'), fdb: t('why.titleFdb') }[r.about];
  const o = because.object;
  return (
    <section data-testid="rule-because" data-key={because.key} aria-label={title} className="rounded border border-violet-300 bg-violet-50 px-2 py-1.5 text-xs text-slate-900">
      <h3 className="text-[11px] font-semibold tracking-wide text-violet-900 uppercase">{title}</h3>
      <p className="mt-0.5 text-[13px] leading-snug">{sentence(`because.${because.key}`, because.params)}</p>
      {o && manifest && (
        <button
          type="button"
          data-testid="rule-because-object"
          aria-expanded={open}
          onClick={() => setOpen((v) => !v)}
          title={open ? t('why.hide') : t('why.show', { from: manifest.from, to: manifest.to })}
          className="mt-1 rounded px-1 font-mono text-violet-900 underline decoration-dotted underline-offset-2 hover:bg-violet-100 focus-visible:outline-2 focus-visible:outline-violet-600"
        >
          {open ? '▾' : '▸'} {t('why.object', { kind: o.kind, namespace: o.namespace, name: o.name })}
        </button>
      )}
      {o && !manifest && <p className="mt-1 font-mono text-violet-900">{t('why.object', { kind: o.kind, namespace: o.namespace, name: o.name })}</p>}
      {open && manifest && (
        <figure className="mt-1">
          <figcaption className="text-[11px] text-slate-600">{t('why.excerpt', { file: r.file, from: manifest.from, to: manifest.to })}</figcaption>
          <pre data-testid="rule-because-manifest" className="mt-0.5 max-h-64 overflow-auto rounded border border-slate-200 bg-white py-1 font-mono text-[11px] leading-snug">
            {manifest.lines.map((l) => (
              <div key={l.line} data-marked={l.marked || undefined} className={`px-1.5 ${l.marked ? 'bg-amber-100 font-semibold' : ''}`}>
                <span aria-hidden className="mr-2 inline-block w-7 text-right text-slate-400 select-none">
                  {l.line}
                </span>
                {l.text}
              </div>
            ))}
          </pre>
        </figure>
      )}
    </section>
  );
}
