/** "View": light or dark theme, and the standard or colour-blind-safe (Okabe–Ito) palette. */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Palette, Theme } from '../store';
import { useDetailsDismiss } from './hooks/useDetailsDismiss';
import { usePacketWalk } from './store-context';

/** A radio group of preference values. */
function Choice<T extends string>({ name, legend, value, options, onPick }: { name: string; legend: string; value: T; options: readonly { v: T; label: string }[]; onPick: (v: T) => void }) {
  return (
    <fieldset className="px-2 py-1">
      <legend className="text-xs font-semibold text-slate-600">{legend}</legend>
      {options.map((o) => (
        <label key={o.v} className="flex cursor-pointer items-center gap-2 py-0.5 text-sm text-slate-800">
          <input type="radio" name={name} data-testid={`${name}-${o.v}`} checked={value === o.v} onChange={() => onPick(o.v)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The view drop-down of the header. */
export function ViewMenu() {
  const { t } = useTranslation();
  const theme = usePacketWalk((s) => s.theme);
  const palette = usePacketWalk((s) => s.palette);
  const setTheme = usePacketWalk((s) => s.setTheme);
  const setPalette = usePacketWalk((s) => s.setPalette);
  const details = useRef<HTMLDetailsElement>(null);
  useDetailsDismiss(details);
  return (
    <details ref={details} className="relative shrink-0" data-testid="view-menu">
      <summary
        title={t('prefs.viewTitle')}
        className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-semibold text-slate-800 shadow-sm select-none hover:bg-slate-100"
      >
        {t('prefs.view')} ▾
      </summary>
      <div className="absolute right-0 z-40 mt-1 w-64 rounded-md border border-slate-300 bg-white p-1 shadow-lg">
        <Choice<Theme>
          name="theme"
          legend={t('prefs.theme')}
          value={theme}
          options={[
            { v: 'light', label: t('prefs.light') },
            { v: 'dark', label: t('prefs.dark') },
          ]}
          onPick={setTheme}
        />
        <Choice<Palette>
          name="palette"
          legend={t('prefs.palette')}
          value={palette}
          options={[
            { v: 'standard', label: t('prefs.standard') },
            { v: 'okabe-ito', label: t('prefs.okabeIto') },
          ]}
          onPick={setPalette}
        />
      </div>
    </details>
  );
}
