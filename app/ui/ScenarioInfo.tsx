/** One line under the pickers: the scenario's description and its source article (as text). */
import { InlineMarkdown } from './InlineMarkdown';
import { useTranslation } from 'react-i18next';
import { usePacketWalk } from './store-context';

/** Only http(s) links from a scenario become anchors (no `javascript:` URLs from files). */
export function safeUrl(url?: string): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/** The scenario's description and source; nothing without a scenario. */
export function ScenarioInfo() {
  const { t } = useTranslation();
  const metadata = usePacketWalk((s) => s.scenario?.metadata ?? null);
  if (!metadata) return <p className="min-w-0 flex-1" />;
  const source = metadata.source;
  return (
    <p data-testid="scenario-info" className="min-w-0 flex-1 truncate text-xs text-slate-600" title={metadata.description ?? ''}>
      {metadata.description && (
        <span>
          <InlineMarkdown text={metadata.description} />
        </span>
      )}
      {source && (source.article || source.url) && (
        <span className="ml-2 text-slate-600">
          {t('header.source')}{' '}
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
  );
}
