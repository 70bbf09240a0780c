/**
 * The flow's narration in the interface language: the introduction on the first step, and the
 * caption placed on the step under the cursor, shown large. Scenario text: a safe inline Markdown
 * subset (./InlineMarkdown.tsx), never HTML.
 */
import { InlineMarkdown } from './InlineMarkdown';
import { useTranslation } from 'react-i18next';
import { htmlLang } from '../i18n/languages';
import { selectCaption, selectIntro } from '../store';
import { usePacketWalk } from './store-context';

/** Intro (first step only) and caption; nothing when the flow has neither here. */
export function Narration({ large = false }: { large?: boolean }) {
  const { t } = useTranslation();
  const caption = usePacketWalk(selectCaption);
  const intro = usePacketWalk(selectIntro);
  const atStart = usePacketWalk((s) => s.step === 0);
  const lang = usePacketWalk((s) => s.language);
  if (!caption && !(atStart && intro)) return null;
  return (
    <section aria-label={t('step.narration')} className="space-y-2" lang={htmlLang(lang)}>
      {atStart && intro && (
        <div data-testid="narration-intro" className="rounded-md border border-slate-300 bg-white px-3 py-2">
          <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t('step.intro')}</h3>
          <p className={`${large ? 'text-xl' : 'text-sm'} leading-relaxed text-slate-900`}>
            <InlineMarkdown text={intro[lang]} />
          </p>
        </div>
      )}
      {caption && (
        <p
          data-testid="narration-caption"
          className={`rounded-md border-l-4 border-amber-500 bg-amber-50 px-3 py-2 font-medium text-slate-900 ${large ? 'text-2xl leading-snug' : 'text-base leading-snug'}`}
        >
          <InlineMarkdown text={caption[lang]} />
        </p>
      )}
    </section>
  );
}
