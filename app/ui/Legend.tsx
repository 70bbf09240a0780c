/** The topology legend: link styles, the packet envelope (request/reply, tunnelled) and drops. */
import { LINK_STYLES } from './topology/styles';

/** A compact one- or two-line legend under the topology. */
export function Legend() {
  return (
    <div data-testid="legend" className="border-t border-slate-200 bg-white px-2 py-1 text-[11px] text-slate-700">
      <ul className="flex flex-wrap gap-x-3 gap-y-0.5" aria-label="Legend">
        {LINK_STYLES.map((s) => (
          <li key={s.kind + (s.encap ?? '')} className="flex items-center gap-1.5">
            <svg width="30" height="10" aria-hidden>
              <line x1="1" y1="5" x2="29" y2="5" stroke={s.stroke} strokeWidth={s.width} strokeDasharray={s.dash} />
            </svg>
            {s.label}
          </li>
        ))}
        <li className="flex items-center gap-1.5">
          <svg width="30" height="12" aria-hidden>
            <rect x="8" y="1" width="15" height="10" rx="1.5" fill="#dbeafe" stroke="#1d4ed8" strokeWidth="1.5" />
          </svg>
          request packet
        </li>
        <li className="flex items-center gap-1.5">
          <svg width="30" height="12" aria-hidden>
            <rect x="8" y="1" width="15" height="10" rx="1.5" fill="#ffedd5" stroke="#c2410c" strokeWidth="1.5" />
          </svg>
          reply packet
        </li>
        <li className="flex items-center gap-1.5">
          <svg width="30" height="14" aria-hidden>
            <rect x="4" y="1" width="23" height="12" rx="2" fill="#f5f3ff" stroke="#7c3aed" strokeWidth="1.5" strokeDasharray="3 2" />
            <rect x="10" y="4" width="11" height="7" rx="1" fill="#dbeafe" stroke="#1d4ed8" />
          </svg>
          encapsulated
        </li>
        <li className="flex items-center gap-1.5">
          <svg width="30" height="12" aria-hidden>
            <path d="M10,1L20,11M20,1L10,11" stroke="#dc2626" strokeWidth="2.5" />
          </svg>
          dropped
        </li>
      </ul>
    </div>
  );
}
