/**
 * "Export": the current step's topology as an SVG file (computed styles inlined) or a PNG (the SVG
 * drawn on a canvas), and a link to the printable handout of the flow (`?handout=1`, new tab).
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadBlob, exportName } from './export/download';
import { svgToPng } from './export/raster';
import { serializeTopology } from './export/serialize';
import { useDetailsDismiss } from './hooks/useDetailsDismiss';
import { usePacketWalk, usePacketWalkStore } from './store-context';
import { handoutSearch } from './url';

const item = 'block w-full rounded px-2 py-1 text-left text-sm text-slate-800 hover:bg-slate-100';

/** The topology's SVG element on the page, if mounted. */
function topologySvg(): SVGSVGElement | null {
  return document.querySelector<SVGSVGElement>('[data-testid="topology-svg"]');
}

/** The page background behind the topology, for the exported file. */
function background(svg: Element): string {
  return getComputedStyle(svg.closest('[data-testid="topology"]') ?? document.body).backgroundColor || '#ffffff';
}

/** The export drop-down of the header. */
export function ExportMenu() {
  const { t } = useTranslation();
  const store = usePacketWalkStore();
  const details = useRef<HTMLDetailsElement>(null);
  useDetailsDismiss(details);
  const [error, setError] = useState<string | null>(null);
  const hasTrace = usePacketWalk((s) => !!s.trace);
  const link = usePacketWalk((s) => handoutSearch({ scenario: s.scenarioId ?? undefined, flow: s.flowName ?? undefined, choices: s.choices, lang: s.language }));

  const run = async (kind: 'svg' | 'png') => {
    const svg = topologySvg();
    const s = store.getState();
    if (!svg || !s.trace) return;
    setError(null);
    try {
      const out = serializeTopology(svg, background(svg));
      const name = exportName(s.scenarioId ?? s.scenario?.metadata.title ?? 'scenario', s.flowName ?? 'flow', s.step, kind);
      if (kind === 'svg') downloadBlob(new Blob([out.text], { type: 'image/svg+xml' }), name);
      else downloadBlob(await svgToPng(out), name);
      if (details.current) details.current.open = false;
    } catch (e) {
      setError(t('export.failed', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  return (
    <details ref={details} className="relative shrink-0" data-testid="export-menu">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-semibold text-slate-800 shadow-sm select-none hover:bg-slate-100">
        {t('export.menu')} ▾
      </summary>
      <div className="absolute right-0 z-40 mt-1 w-56 rounded-md border border-slate-300 bg-white p-1 shadow-lg">
        <button type="button" data-testid="export-svg" className={item} disabled={!hasTrace} onClick={() => void run('svg')}>
          {t('export.svg')}
        </button>
        <button type="button" data-testid="export-png" className={item} disabled={!hasTrace} onClick={() => void run('png')}>
          {t('export.png')}
        </button>
        {link && (
          <a data-testid="export-handout" className={item} href={link} target="_blank" rel="noopener">
            {t('export.handout')}
          </a>
        )}
        {error && (
          <p role="alert" className="px-2 py-1 text-xs text-red-800">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}
