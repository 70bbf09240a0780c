/**
 * The header's pickers: bundled scenario, flow, "Browse…" and "Open file…" for a local scenario
 * file. All scenario text is rendered as text, never as markup.
 */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { usePacketWalk } from './store-context';
import { useScenarioFile } from './hooks/useScenarioFile';
import { ScenarioBrowser } from './ScenarioBrowser';
import { groupCatalog } from '../store/catalog-groups';

/** Scenario and flow selects plus the file opener. */
export function ScenarioPicker() {
  const { t } = useTranslation();
  const catalog = usePacketWalk((s) => s.catalog);
  const { scenarioId, file, flowName } = usePacketWalk(useShallow((s) => ({ scenarioId: s.scenarioId, file: s.scenario?.file ?? null, flowName: s.flowName })));
  const title = usePacketWalk((s) => s.scenario?.metadata.title ?? null);
  const flows = usePacketWalk((s) => s.scenario?.flows ?? null);
  const loadBundled = usePacketWalk((s) => s.loadBundledScenario);
  const selectFlow = usePacketWalk((s) => s.selectFlow);
  const openFile = useScenarioFile();
  const input = useRef<HTMLInputElement>(null);

  return (
    <div className="flex min-w-0 flex-1 items-center gap-2">
      <label className="flex min-w-0 flex-[3] items-center gap-1.5 text-sm font-medium text-slate-700">
        <span className="shrink-0 whitespace-nowrap">{t('header.scenario')}</span>
        <select
          data-testid="scenario-select"
          className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm"
          value={scenarioId ?? '__file__'}
          onChange={(e) => loadBundled(e.target.value)}
        >
          {scenarioId === null && file && <option value="__file__">{t('header.fileOption', { title: title ?? file, file })}</option>}
          {groupCatalog(catalog).map((g) => (
            <optgroup key={g.topic} label={t(`header.topics.${g.topic}`)}>
              {g.scenarios.map((c) => (
                <option key={c.id} value={c.id} title={c.description ?? c.title} disabled={c.errors.length > 0}>
                  {c.title}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="flex min-w-0 flex-[2] items-center gap-1.5 text-sm font-medium text-slate-700">
        <span className="shrink-0 whitespace-nowrap">{t('header.flow')}</span>
        <select
          data-testid="flow-select"
          className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm"
          value={flowName ?? ''}
          onChange={(e) => selectFlow(e.target.value)}
          disabled={!flows?.length}
        >
          {!flows?.length && <option value="">{t('header.noFlows')}</option>}
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
        title={t('header.openFileTitle')}
      >
        {t('header.openFile')}
      </button>
      <input
        ref={input}
        data-testid="file-input"
        type="file"
        multiple
        accept=".yaml,.yml,.json,application/x-yaml,text/yaml"
        className="sr-only"
        tabIndex={-1}
        aria-label={t('header.scenarioFile')}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          if (files.length) void openFile(files);
          e.target.value = '';
        }}
      />
    </div>
  );
}
