/**
 * The packet's headers at the current step as a layered tree, as Wireshark's packet details pane
 * shows them: each header a collapsible layer, the inner frame indented inside the outer VXLAN/IPIP
 * headers that carry it, and the header an ICMP error quotes indented inside the error; fields this
 * step rewrote show old → new.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { headerSections } from './header-rows';
import { usePacketWalk } from './store-context';

/** The header table of the step under the cursor. */
export function HeaderTable() {
  const { t } = useTranslation();
  const step = usePacketWalk((s) => s.trace?.steps[s.step] ?? null);
  const sections = useMemo(() => (step ? headerSections(step) : []), [step]);
  if (!step) return null;
  const outers = step.packet.outer.length;
  // Nesting: outer[i] at depth i (outermost first), the inner frame inside the innermost outer header, the quoted header inside the inner frame.
  const depthOf = (id: string) => (id.startsWith('outer[') ? Number(/\d+/.exec(id)![0]) : ['eth', 'ip', 'l4'].includes(id) ? outers : id === 'embedded' ? outers + 1 : 0);
  return (
    <section data-testid="header-table" aria-label={t('headers.label')}>
      <h3 className="mb-1 text-sm font-semibold text-slate-800">{t('headers.title')}</h3>
      <div className="space-y-1.5">
        {sections.map((sec) => (
          <details
            open
            key={sec.id}
            data-testid={`hdr-section-${sec.id.replace(/[[\]]/g, '')}`}
            data-depth={depthOf(sec.id)}
            style={{ marginLeft: depthOf(sec.id) * 14 }}
            className={`rounded border ${sec.id.startsWith('outer') ? 'border-violet-400 bg-violet-50' : sec.id === 'embedded' ? 'border-2 border-dashed border-error bg-white' : sec.removed ? 'border-slate-300 bg-slate-100' : 'border-slate-200 bg-white'}`}
          >
            <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-2 border-b border-inherit px-2 py-0.5 text-xs">
              <span className={`font-semibold ${sec.id.startsWith('outer') ? 'text-violet-800' : 'text-slate-700'}`}>{sec.titleKey ? t(sec.titleKey) : sec.title}</span>
              {sec.hintKey && <span className="text-slate-600">({t(sec.hintKey)})</span>}
              {sec.summary && (
                <span data-testid={`hdr-summary-${sec.id.replace(/[[\]]/g, '')}`} className="font-mono text-slate-800">
                  {sec.summary}
                </span>
              )}
            </summary>
            <table className="w-full font-mono text-xs">
              <tbody>
                {sec.cells.map((c) => (
                  <tr key={c.field} data-testid={`hdr-${c.field}`} className={c.from !== undefined ? 'bg-amber-100' : ''}>
                    <th scope="row" className="w-32 px-2 py-px text-left font-sans font-normal text-slate-600">
                      {typeof c.label === 'string' ? t(`field.names.${c.label}`) : c.label.path}
                    </th>
                    <td className="px-2 py-px break-all">
                      {c.from !== undefined ? (
                        <>
                          <s className="text-slate-600">{c.from}</s>
                          <span role="img" aria-label={t('headers.changedTo')}>
                            {' '}
                            →{' '}
                          </span>
                          <span className="font-semibold text-slate-900">{c.value}</span>
                        </>
                      ) : c.none ? (
                        t('headers.noLinkLayer')
                      ) : (
                        c.value
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ))}
      </div>
    </section>
  );
}
