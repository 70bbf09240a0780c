/**
 * The header's pickers: bundled scenario (title; description and source shown below), flow, and
 * "Open file…" for a local scenario file. All scenario text is rendered as text, never as markup.
 */
import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePacketWalk } from './store-context';
import { useScenarioFile } from './hooks/useScenarioFile';
import { ScenarioBrowser } from './ScenarioBrowser';

/** Only http(s) links from a scenario become anchors (no `javascript:` URLs from files). */
function safeUrl(url?: string): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/** Scenario and flow selects plus the file opener. */
export function ScenarioPicker() {
  const catalog = usePacketWalk((s) => s.catalog);
  const { scenarioId, file, flowName } = usePacketWalk(
    useShallow((s) => ({ scenarioId: s.scenarioId, file: s.scenario?.file ?? null, flowName: s.flowName })),
  );
  const metadata = usePacketWalk((s) => s.scenario?.metadata ?? null);
  const flows = usePacketWalk((s) => s.scenario?.flows ?? null);
  const loadBundled = usePacketWalk((s) => s.loadBundledScenario);
  const selectFlow = usePacketWalk((s) => s.selectFlow);
  const openFile = useScenarioFile();
  const input = useRef<HTMLInputElement>(null);
  const source = metadata?.source;

  return (
    <div className="flex min-w-0 flex-1 flex-col gap-1">
      <div className="flex min-w-0 items-center gap-2">
        <label className="flex min-w-0 flex-[3] items-center gap-1.5 text-sm font-medium text-slate-600">
          Scenario
          <select
            data-testid="scenario-select"
            className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm"
            value={scenarioId ?? '__file__'}
            onChange={(e) => loadBundled(e.target.value)}
          >
            {scenarioId === null && file && <option value="__file__">{`${metadata?.title ?? file} (file: ${file})`}</option>}
            {catalog.map((c) => (
              <option key={c.id} value={c.id} title={c.description ?? c.title} disabled={c.errors.length > 0}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 flex-[2] items-center gap-1.5 text-sm font-medium text-slate-600">
          Flow
          <select
            data-testid="flow-select"
            className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm"
            value={flowName ?? ''}
            onChange={(e) => selectFlow(e.target.value)}
            disabled={!flows?.length}
          >
            {!flows?.length && <option value="">no flows</option>}
            {flows?.map((f) => (
              <option key={f.name} value={f.name} title={f.description ?? f.title ?? f.name}>
                {f.title ?? f.name}
              </option>
            ))}
          </select>
        </label>
        <ScenarioBrowser />
        <button
          type="button"
          className="shrink-0 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-100"
          onClick={() => input.current?.click()}
          title="Open a scenario YAML file (or drop one on the page)"
        >
          Open file…
        </button>
        <input
          ref={input}
          data-testid="file-input"
          type="file"
          accept=".yaml,.yml,.json,application/x-yaml,text/yaml"
          className="sr-only"
          tabIndex={-1}
          aria-label="Scenario file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void openFile(f);
            e.target.value = '';
          }}
        />
      </div>
      {metadata && (
        <p data-testid="scenario-info" className="truncate text-xs text-slate-600" title={metadata.description ?? ''}>
          {metadata.description && <span>{metadata.description}</span>}
          {source && (source.article || source.url) && (
            <span className="ml-2 text-slate-500">
              Source:{' '}
              {safeUrl(source.url) ? (
                <a className="underline" href={safeUrl(source.url)} target="_blank" rel="noreferrer noopener">
                  {source.article ?? source.url}
                </a>
              ) : (
                source.article
              )}
              {source.section && ` §${source.section}`}
            </span>
          )}
        </p>
      )}
    </div>
  );
}
