/**
 * The app's translations (`app/i18n`) for the shared views inside an embed. Each embed gets its own
 * i18next instance (a clone sharing the bundled resources), so two embeds on one page can show two
 * languages.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { initI18n, loadLanguage } from '../i18n';
import { useEmbedStatus } from './embed-context';

/** Provides an i18next instance following the embed's `lang`. */
export function EmbedI18n({ children }: { children: ReactNode }) {
  const lang = useEmbedStatus((s) => s.options.lang);
  // One instance for the embed's lifetime, created in the first language; the effect below follows later changes.
  const [i18n] = useState(() => initI18n(lang).cloneInstance({ lng: lang }));
  useEffect(() => {
    if (i18n.language !== lang) void i18n.changeLanguage(lang);
    void loadLanguage(i18n, lang);
  }, [i18n, lang]);
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}
