/**
 * Renders the engine's messages (a step's explanation, a drop's reason) in the interface language,
 * through the page's i18next instance (its `engine` namespace).
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../engine/message';
import { renderMessage, type Translate } from '../../i18n/render-message';

/** A function from a message to its text in the current language; changes when the language does. */
export function useMessage(): (m: Message) => string {
  const { t } = useTranslation();
  return useCallback((m: Message) => renderMessage(m, t as unknown as Translate), [t]);
}
