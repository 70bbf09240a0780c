/**
 * The trace CLI's "why this rule exists" line for scenarios built from a cluster file: the Because
 * the builder recorded for the step's rule (app/cluster/because.ts), rendered with i18next from the
 * same English sentences the app shows (app/i18n/because.ts), with the object it names.
 */
import i18next from 'i18next';
import { becauseOfStep, type Provenance } from '../cluster/because';
import type { TraceStep } from '../engine';
import { becauseEn, becauseZh } from '../i18n/because';
import type { Language } from '../i18n/languages';

const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: { because: becauseEn } }, zh: { translation: { because: becauseZh } } },
  lng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false },
});

/**
 * `because: SENTENCE [Kind namespace/name]` for a rule step whose rule the builder wrote, else undefined.
 * @param provenance the loaded cluster's index (LoadedScenario.cluster.provenance).
 * @param lang the language of the sentence (English by default).
 */
export function becauseLine(step: TraceStep, provenance: Provenance, lang: Language = 'en'): string | undefined {
  const b = becauseOfStep(step, provenance);
  if (!b) return undefined;
  const object = b.object ? ` [${b.object.kind} ${b.object.namespace}/${b.object.name}]` : '';
  const t = i18n.getFixedT(lang) as unknown as (key: string, params: object) => string;
  return `because: ${t(`because.${b.key}`, b.params)}${object}`;
}
