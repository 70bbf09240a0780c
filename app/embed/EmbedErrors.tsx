/**
 * Why the embed shows nothing (or not what was asked): errors as the app shows them
 * (../ui/ErrorItem.tsx: file:line:column, field path, message, the offending line of a syntax error;
 * scenario text only ever appears as text, never as markup), and notices.
 */
import { useTranslation } from 'react-i18next';
import { ErrorItem } from '../ui/ErrorItem';
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
              <ErrorItem key={i} e={e} testId="embed-error" />
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
