/**
 * Errors of a scenario file that failed to load (file:line:column, field path, message), refusals
 * (a file over the size limit, an engine stopped after its time limit), notices about URL parts
 * that could not be honoured, and the engine's progress ("Loading…", "Tracing…"). The scenario on
 * screen stays.
 */
import { useTranslation } from 'react-i18next';
import { ErrorItem } from './ErrorItem';
import { usePacketWalk } from './store-context';

/**
 * The engine's progress, announced politely to screen readers. The live region is always present
 * (so that its changes are announced); it shows a spinner and "Loading file…" / "Tracing…" while
 * the engine works.
 */
export function BusyIndicator() {
  const { t } = useTranslation();
  const busy = usePacketWalk((s) => s.busy);
  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed right-4 bottom-20 z-40" data-testid="busy-region">
      {busy && (
        <p data-testid="busy" data-kind={busy.kind} className="flex items-center gap-2 rounded-full border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-md">
          <span aria-hidden="true" className="inline-block size-3.5 animate-spin rounded-full border-2 border-slate-300 border-t-blue-700 motion-reduce:animate-none" />
          {busy.kind === 'loading' ? t('busy.loading', { file: busy.file }) : t('busy.tracing')}
        </p>
      )}
    </div>
  );
}

/** The error banner (nothing without errors or notice), and the engine's progress indicator. */
export function ErrorList() {
  const { t } = useTranslation();
  const errors = usePacketWalk((s) => s.loadErrors);
  const notice = usePacketWalk((s) => s.notice);
  const loaded = usePacketWalk((s) => s.scenario?.metadata.title ?? null);
  const dismiss = usePacketWalk((s) => s.dismissErrors);
  const file = errors[0]?.file;
  return (
    <>
      <BusyIndicator />
      {(errors.length > 0 || notice) && (
        <div role="alert" data-testid="error-list" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900">
          <div className="flex items-start gap-3">
            <div className="min-w-0 flex-1">
              {errors.length > 0 && (
                <>
                  <p className="font-semibold">
                    {t('errors.didNotLoad', { file, count: errors.length })}
                    {loaded && <span className="font-normal"> {t('errors.stillShowing', { title: loaded })}</span>}
                  </p>
                  <ul className="mt-1 max-h-32 space-y-0.5 overflow-auto font-mono text-xs">
                    {errors.map((e, i) => (
                      <ErrorItem key={i} e={e} testId="error-item" />
                    ))}
                  </ul>
                </>
              )}
              {notice && <p data-testid="notice">{notice}</p>}
            </div>
            <button type="button" className="rounded px-2 py-0.5 text-red-800 hover:bg-red-100" onClick={dismiss} aria-label={t('errors.dismiss')}>
              ✕
            </button>
          </div>
        </div>
      )}
    </>
  );
}
