/**
 * Why the embed shows nothing (or not what was asked): errors with file:line:column, field path and
 * message (scenario text only ever appears as text, never as markup), and notices.
 */
import { useTranslation } from 'react-i18next';
import { useEmbedStatus } from './embed-context';

/** The error and notice banner; nothing when all is well. */
export function EmbedErrors() {
  const errors = useEmbedStatus((s) => s.errors);
  const notice = useEmbedStatus((s) => s.notice);
  const { t } = useTranslation();
  if (!errors.length && !notice) return null;
  return (
    <div className="max-h-[45%] shrink-0 overflow-auto border-b border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="embed-errors">
      {errors.length > 0 && (
        <div role="alert">
          <p className="font-semibold break-all">{t('errors.didNotLoad', { file: errors[0].file, count: errors.length })}</p>
          <ul className="mt-1 space-y-0.5 font-mono text-xs">
            {errors.map((e, i) => (
              <li key={i} data-testid="embed-error" data-code={e.code} className="break-words">
                <span className="font-semibold break-all">
                  {e.file}:{e.line}:{e.column}
                </span>
                {e.path && <span className="text-red-800"> {e.path}</span>}: {e.code === 'engine-timeout' ? t('errors.engineTimeout', { file: e.file, seconds: e.seconds ?? '?' }) : e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {notice && (
        <p role="status" data-testid="embed-notice">
          {notice}
        </p>
      )}
    </div>
  );
}
