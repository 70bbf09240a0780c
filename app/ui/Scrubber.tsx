/**
 * The scrubber: one block per run of steps in the same netns (labelled with it), one tick per step,
 * coloured by direction; a key step (selectKeySteps) carries an amber mark on top. Clicking a tick jumps there.
 */
import { stageKey } from './stage-key';
import { useTranslation } from 'react-i18next';
import { selectKeySteps, selectStepGroups } from '../store';
import { directionStyle } from './direction-style';
import { usePacketWalk } from './store-context';

/** The grouped step strip. */
export function Scrubber() {
  const { t } = useTranslation();
  const groups = usePacketWalk(selectStepGroups);
  const steps = usePacketWalk((s) => s.trace?.steps ?? null);
  const current = usePacketWalk((s) => s.step);
  const jumpTo = usePacketWalk((s) => s.jumpTo);
  const keys = usePacketWalk(selectKeySteps);
  const isKey = new Set(keys);
  if (!steps) return null;
  return (
    <div data-testid="scrubber" className="mt-1.5 flex w-full gap-0.5 overflow-hidden" role="group" aria-label={t('timeline.scrubber')}>
      {groups.map((g) => {
        const n = g.end - g.start + 1;
        const active = current >= g.start && current <= g.end;
        const dir = directionStyle(g.direction);
        return (
          <div
            key={g.start}
            className={`min-w-0 rounded-sm border ${active ? dir.border : 'border-slate-200'} ${dir.soft}`}
            style={{ flexGrow: n, flexBasis: 0 }}
            data-testid="scrubber-group"
            data-direction={g.direction}
            title={t('timeline.group', { netns: g.netns, direction: t(`direction.${g.direction}`), from: g.start + 1, to: g.end + 1 })}
          >
            <div className={`truncate px-1 text-[10px] leading-4 ${active ? 'font-semibold text-slate-900' : 'text-slate-600'}`}>
              {dir.glyph && (
                <span aria-hidden className="font-bold">
                  {dir.glyph}
                </span>
              )}
              {g.netns}
            </div>
            <div className="flex h-3.5 items-stretch gap-px px-px pb-px">
              {Array.from({ length: n }, (_, k) => {
                const i = g.start + k;
                const st = steps[i];
                const on = i === current;
                const color = st.stage === 'drop' ? 'bg-drop' : st.stage === 'limit' ? 'bg-amber-500' : on ? dir.tick : i < current ? dir.tickPast : 'bg-white';
                return (
                  <button
                    key={i}
                    type="button"
                    tabIndex={-1}
                    data-testid={`scrub-${i}`}
                    aria-label={t('timeline.tick', { n: i + 1, stage: t(stageKey(st)), where: `${st.netns}${st.interface ? `/${st.interface}` : ''}` })}
                    title={`${i + 1}. ${st.stage} · ${st.netns}${st.interface ? `/${st.interface}` : ''}`}
                    aria-current={on ? 'step' : undefined}
                    data-key={isKey.has(i) ? 'true' : undefined}
                    className={`min-w-0 flex-1 rounded-[1px] ${color} ${isKey.has(i) ? 'border-t-[3px] border-amber-500' : ''} ${on ? 'ring-2 ring-slate-900' : ''} hover:bg-slate-400`}
                    onClick={() => jumpTo(i)}
                  />
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
