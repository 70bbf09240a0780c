/**
 * One load error as the app's error banner and an embed's show it: `file:line:column`, the field
 * path, the sentence (a translated refusal for a coded one: too large, engine timeout or failure),
 * and for a syntax error the offending line with a caret under the spot. File text is only ever
 * rendered as text.
 */
import { useTranslation } from 'react-i18next';
import type { ScenarioError } from '../scenario/errors';

/** What an error may carry besides its position and message (the app's and the embeds' codes). */
export type ShownError = ScenarioError & { readonly code?: string; readonly limit?: number; readonly size?: number; readonly seconds?: number };

/** The sentence of an error: the loader's own, or a translated refusal for a coded one. */
function useErrorText(): (e: ShownError) => string {
  const { t } = useTranslation();
  return (e) => {
    switch (e.code) {
      case 'too-large':
        return t('errors.tooLarge', { file: e.file, size: e.size ?? '?', limit: e.limit ?? '?' });
      case 'engine-timeout':
        return t('errors.engineTimeout', { file: e.file, seconds: e.seconds ?? '?' });
      case 'engine-failed':
        return t('errors.engineFailed', { file: e.file, message: e.message });
      default:
        return e.message;
    }
  };
}

/** One error as a list item; `testId` names it for the list it is in. */
export function ErrorItem({ e, testId }: { e: ShownError; testId: string }) {
  const text = useErrorText();
  return (
    <li data-testid={testId} data-code={e.code} className="break-words">
      <span className="font-semibold break-all">
        {e.file}:{e.line}:{e.column}
      </span>
      {e.path && <span className="text-red-700"> {e.path}</span>}: {text(e)}
      {e.excerpt && (
        // The offending line (file text: rendered as text) with a caret under the error.
        <pre data-testid="error-excerpt" className="mt-0.5 overflow-x-auto rounded bg-white/70 px-1.5 py-0.5 text-red-950">
          {e.excerpt.text}
          {'\n'}
          <span aria-hidden="true">{' '.repeat(e.excerpt.caret)}^</span>
        </pre>
      )}
    </li>
  );
}
