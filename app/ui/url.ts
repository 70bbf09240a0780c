/**
 * The URL carries the moment on screen: `?scenario=<bundled id>&flow=<flow>&step=<n>` (`n` as
 * displayed, from 1: ./step-number.ts), plus
 * `choice=<netns/table/chain>:<n>` for each random branch taken by hand, `lang=en|zh`, and
 * `present=1` in presenter mode. `handout=1` opens the printable handout instead of the app.
 * Breakages are not carried. Pure parse/format.
 */
import { stepIndexOf, stepNumberOf } from './step-number';
import { isLanguage } from '../i18n/languages';
import type { Location } from '../store';

/**
 * Reads a location from a query string.
 * @param search `window.location.search` (with or without the leading `?`).
 */
export function parseLocation(search: string): Location {
  const q = new URLSearchParams(search);
  const scenario = q.get('scenario') ?? undefined;
  const flow = q.get('flow') ?? undefined;
  const stepText = q.get('step');
  const step = stepText !== null && /^\d+$/.test(stepText) ? stepIndexOf(Number(stepText)) : undefined;
  const choices: Record<string, number> = {};
  for (const c of q.getAll('choice')) {
    const m = /^(.+):(\d+)$/.exec(c);
    if (m) choices[m[1]] = Number(m[2]);
  }
  const loc: Location = { scenario, flow, step, choices: Object.keys(choices).length ? choices : undefined };
  const lang = q.get('lang');
  const present = q.get('present');
  return {
    ...loc,
    ...(isLanguage(lang) ? { lang } : {}),
    ...(present !== null ? { present: present === '1' || present === 'true' } : {}),
  };
}

/**
 * Writes a location as a query string (`?…`), or `''` when there is nothing to carry (a scenario
 * opened from a local file cannot be linked).
 */
export function formatLocation(loc: Location): string {
  if (!loc.scenario) return '';
  const q = new URLSearchParams();
  q.set('scenario', loc.scenario);
  if (loc.flow) q.set('flow', loc.flow);
  if (loc.step !== undefined) q.set('step', String(stepNumberOf(loc.step)));
  for (const [k, v] of Object.entries(loc.choices ?? {})) q.append('choice', `${k}:${v}`);
  if (loc.lang) q.set('lang', loc.lang);
  if (loc.present) q.set('present', '1');
  return `?${q.toString().replace(/%2F/g, '/').replace(/%3A/g, ':')}`;
}

/** True when the query string asks for the printable handout (`handout=1`). */
export function isHandout(search: string): boolean {
  const h = new URLSearchParams(search).get('handout');
  return h === '1' || h === 'true';
}

/** The query string of the handout of a location (the same moment, `handout=1`, no presenter). */
export function handoutSearch(loc: Location): string {
  const s = formatLocation({ ...loc, step: undefined, present: undefined });
  return s ? `${s}&handout=1` : '';
}
