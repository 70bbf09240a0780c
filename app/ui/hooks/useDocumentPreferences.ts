/**
 * Applies the store's preferences to the document: `lang`, `data-theme`, `data-palette` and
 * `data-reduced-motion` on <html> (the stylesheet keys its colours on them), and the language of
 * i18next, so every translated view follows `setLanguage`.
 */
import { useLayoutEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { htmlLang } from '../../i18n/languages';
import { usePacketWalk } from '../store-context';

/**
 * Keeps <html> attributes and i18next's language in step with the store.
 * @param options `forceLight` for pages meant for paper (the handout).
 */
export function useDocumentPreferences(options?: { forceLight?: boolean }): void {
  const forceLight = options?.forceLight ?? false;
  const language = usePacketWalk((s) => s.language);
  const theme = usePacketWalk((s) => (forceLight ? 'light' : s.theme));
  const palette = usePacketWalk((s) => s.palette);
  const reducedMotion = usePacketWalk((s) => s.reducedMotion);
  const { i18n } = useTranslation();
  useLayoutEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    const html = document.documentElement;
    html.lang = htmlLang(language);
    html.dataset.theme = theme;
    html.dataset.palette = palette;
    html.dataset.reducedMotion = String(reducedMotion);
    html.style.colorScheme = theme;
  }, [i18n, language, theme, palette, reducedMotion]);
}
