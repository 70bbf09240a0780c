/** The topology legend: link styles, the packet envelope (request/reply/error, tunnelled) and drops. */
import { useTranslation } from 'react-i18next';
import { LINK_STYLES } from './topology/styles';

/** A compact one- or two-line legend under the topology. */
export function Legend() {
  const { t } = useTranslation();
  return (
    <div data-testid="legend" className="border-t border-slate-200 bg-white px-2 py-1 text-[11px] text-slate-700">
      <ul className="flex flex-wrap gap-x-3 gap-y-0.5" aria-label={t('topology.legend')}>
        {LINK_STYLES.map((s) => (
          <li key={s.kind + (s.encap ?? '')} className="flex items-center gap-1.5">
            <svg width="30" height="10" aria-hidden>
              <line x1="1" y1="5" x2="29" y2="5" style={{ stroke: s.stroke }} strokeWidth={s.width} strokeDasharray={s.dash} />
            </svg>
            {t(`topology.links.${s.labelKey}`)}
          </li>
        ))}
        <li className="flex items-center gap-1.5">
          <svg width="30" height="12" aria-hidden>
            <rect x="8" y="1" width="15" height="10" rx="1.5" style={{ fill: 'var(--color-request-soft)', stroke: 'var(--color-request)' }} strokeWidth="1.5" />
          </svg>
          {t('topology.requestPacket')}
        </li>
        <li className="flex items-center gap-1.5">
          <svg width="30" height="12" aria-hidden>
            <rect x="8" y="1" width="15" height="10" rx="1.5" style={{ fill: 'var(--color-reply-soft)', stroke: 'var(--color-reply)' }} strokeWidth="1.5" />
          </svg>
          {t('topology.replyPacket')}
        </li>
        <li className="flex items-center gap-1.5" data-testid="legend-error">
          <svg width="30" height="12" aria-hidden>
            <rect x="8" y="1" width="15" height="10" rx="1.5" style={{ fill: 'var(--color-error-soft)', stroke: 'var(--color-error)' }} strokeWidth="1.5" />
            <path d="M15.5,3V7" style={{ stroke: 'var(--color-error)' }} strokeWidth="2" strokeLinecap="round" />
            <circle cx="15.5" cy="9.2" r="1" style={{ fill: 'var(--color-error)' }} />
          </svg>
          {t('topology.errorPacket')}
        </li>
        <li className="flex items-center gap-1.5">
          <svg width="30" height="14" aria-hidden>
            <rect x="4" y="1" width="23" height="12" rx="2" style={{ fill: 'var(--color-encap-soft)', stroke: 'var(--color-encap)' }} strokeWidth="1.5" strokeDasharray="3 2" />
            <rect x="10" y="4" width="11" height="7" rx="1" style={{ fill: 'var(--color-request-soft)', stroke: 'var(--color-request)' }} />
          </svg>
          {t('topology.encapsulated')}
        </li>
        <li className="flex items-center gap-1.5">
          <svg width="30" height="12" aria-hidden>
            <path d="M10,1L20,11M20,1L10,11" style={{ stroke: 'var(--color-drop)' }} strokeWidth="2.5" />
          </svg>
          {t('topology.dropped')}
        </li>
      </ul>
    </div>
  );
}
