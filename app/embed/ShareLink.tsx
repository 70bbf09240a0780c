/**
 * "Share link": makes a link that reopens this scenario, flow and step in the embed page (an
 * edited or fetched scenario travels inside the link as `#s=…`), shows it and copies it.
 */
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { usePacketWalkStore } from '../ui/store-context';
import { useEmbed } from './embed-context';
import { shareLink } from './share';

const btn = 'inline-flex h-8 items-center rounded-md border border-slate-300 bg-white px-2 text-xs font-semibold text-slate-800 shadow-sm hover:bg-slate-100';

/** The share button and, once pressed, the link. */
export function ShareLink() {
  const { controller, embedUrl } = useEmbed();
  const store = usePacketWalkStore();
  const { t } = useTranslation();
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  async function make() {
    const st = controller.status.getState();
    const s = store.getState();
    const url = await shareLink({ embedUrl, text: st.text, bundledId: st.bundledId, flow: s.flowName, step: s.step, controls: st.options.controls, lang: st.options.lang });
    setLink(url);
    setCopied(false);
  }
  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard permission (e.g. in a sandboxed frame): the field stays selectable
    }
  }
  return (
    <>
      <button type="button" className={btn} onClick={make} data-testid="embed-share">
        {t('embed.share')}
      </button>
      {link && (
        <div className="flex w-full basis-full items-center gap-1 pt-1">
          <input
            readOnly
            value={link}
            aria-label={t('embed.shareLabel')}
            data-testid="embed-share-url"
            className="h-8 min-w-0 flex-1 rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs text-slate-800"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" className={btn} onClick={copy}>
            {copied ? t('embed.copied') : t('embed.copy')}
          </button>
        </div>
      )}
    </>
  );
}
