/**
 * The embed's title line: the PacketWalk mark (a link to the full app for bundled scenarios), the
 * scenario's title, and the flow (a picker with `controls=full` when there are several).
 */
import { useTranslation } from 'react-i18next';
import { selectCurrentFlow } from '../store';
import { usePacketWalk } from '../ui/store-context';
import { useEmbed, useEmbedStatus } from './embed-context';
import { appLink } from './share';

const NO_FLOWS: readonly never[] = [];

/** The header; nothing with `controls=none`. */
export function EmbedHeader() {
  const { controller, embedUrl } = useEmbed();
  const mode = useEmbedStatus((s) => s.options.controls);
  const bundledId = useEmbedStatus((s) => s.bundledId);
  const title = usePacketWalk((s) => s.scenario?.metadata.title ?? '');
  const flows = usePacketWalk((s) => s.scenario?.flows ?? NO_FLOWS);
  const flow = usePacketWalk(selectCurrentFlow);
  const step = usePacketWalk((s) => s.step);
  const { t } = useTranslation();
  if (mode === 'none' || !title) return null;
  const app = appLink(embedUrl, bundledId, flow?.name ?? null, step);
  const mark = (
    <>
      Packet<span className="text-request">Walk</span>
    </>
  );
  return (
    <header className="flex shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-2 py-1 text-sm">
      {app ? (
        <a href={app} target="_blank" rel="noopener noreferrer" className="shrink-0 font-bold text-slate-900 hover:underline" title={t('embed.openApp')} data-testid="embed-app-link">
          {mark}
        </a>
      ) : (
        <span className="shrink-0 font-bold text-slate-900">{mark}</span>
      )}
      <span className="min-w-0 truncate font-medium text-slate-800" title={title} data-testid="embed-title">
        {title}
      </span>
      {mode === 'full' && flows.length > 1 ? (
        <select
          className="ml-auto max-w-[50%] min-w-0 rounded border border-slate-300 bg-white px-1 py-0.5 text-xs text-slate-800"
          aria-label={t('embed.flow')}
          value={flow?.name ?? ''}
          onChange={(e) => controller.selectFlow(e.target.value)}
          data-testid="embed-flow"
        >
          {flows.map((f) => (
            <option key={f.name} value={f.name}>
              {f.title ?? f.name}
            </option>
          ))}
        </select>
      ) : (
        flow && (
          <span className="ml-auto min-w-0 truncate text-xs text-slate-600" title={flow.title ?? flow.name} data-testid="embed-flow-title">
            {flow.title ?? flow.name}
          </span>
        )
      )}
    </header>
  );
}
