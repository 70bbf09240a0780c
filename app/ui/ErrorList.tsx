/**
 * Errors of a scenario file that failed to load (file:line:column, field path, message), and
 * notices about URL parts that could not be honoured. The scenario on screen stays.
 */
import { useTranslation } from 'react-i18next';
import { usePacketWalk } from './store-context';

/** The error banner; renders nothing without errors or notice. */
export function ErrorList() {
  const { t } = useTranslation();
  const errors = usePacketWalk((s) => s.loadErrors);
  const notice = usePacketWalk((s) => s.notice);
  const loaded = usePacketWalk((s) => s.scenario?.metadata.title ?? null);
  const dismiss = usePacketWalk((s) => s.dismissErrors);
  if (!errors.length && !notice) return null;
  const file = errors[0]?.file;
  return (
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
                  <li key={i} data-testid="error-item">
                    <span className="font-semibold">
                      {e.file}:{e.line}:{e.column}
                    </span>
                    {e.path && <span className="text-red-700"> {e.path}</span>}: {e.message}
                  </li>
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
  );
}
