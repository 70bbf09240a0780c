/** The language switch in the header: English / 中文, kept in the store (and so in the URL). */
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../i18n/languages';
import { usePacketWalk } from './store-context';

const NAMES: Record<Language, string> = { en: 'English', zh: '中文' };
const SHORT: Record<Language, string> = { en: 'EN', zh: '中文' };

/** Two pressed/unpressed buttons, one per language. */
export function LanguageSwitch({ className = '' }: { className?: string }) {
  const { t } = useTranslation();
  const language = usePacketWalk((s) => s.language);
  const setLanguage = usePacketWalk((s) => s.setLanguage);
  return (
    <div role="group" aria-label={t('prefs.language')} data-testid="language-switch" className={`inline-flex shrink-0 overflow-hidden rounded-md border border-slate-300 shadow-sm ${className}`}>
      {LANGUAGES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l === 'zh' ? 'zh-CN' : 'en'}
          data-testid={`lang-${l}`}
          aria-pressed={language === l}
          title={NAMES[l]}
          aria-label={NAMES[l]}
          className={`font-lang-switch px-2 py-1 text-sm font-semibold ${language === l ? 'bg-slate-800 text-white' : 'bg-white text-slate-700 hover:bg-slate-100'}`}
          onClick={() => setLanguage(l)}
        >
          {SHORT[l]}
        </button>
      ))}
    </div>
  );
}
