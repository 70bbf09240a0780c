/**
 * Links out of an embed: a share link that reopens the same scenario, flow and step in the embed
 * page (bundled scenarios by name, any other scenario inline as `#s=…`), and a link to the full app.
 */
import { stepNumberOf } from '../ui/step-number';
import { formatLocation } from '../ui/url';
import { scenarioFragment } from './fragment';
import type { ControlsMode, EmbedLang } from './options';

/** What a share link carries. */
export interface ShareInput {
  /** Absolute URL of `embed.html` (no query or fragment). */
  readonly embedUrl: string;
  readonly text: string | null;
  readonly bundledId: string | null;
  readonly flow: string | null;
  readonly step: number;
  readonly controls: ControlsMode;
  readonly lang: EmbedLang;
}

/**
 * Builds the share link: `embed.html?src=<name>&flow=…&step=…`, or `embed.html?flow=…&step=…#s=…`
 * for a scenario that is not bundled (fetched, or itself from a link).
 * @returns null when there is no scenario to share.
 */
export async function shareLink(i: ShareInput): Promise<string | null> {
  if (!i.bundledId && i.text === null) return null;
  const url = new URL(i.embedUrl);
  url.search = '';
  url.hash = '';
  if (i.bundledId) url.searchParams.set('src', i.bundledId);
  if (i.flow) url.searchParams.set('flow', i.flow);
  url.searchParams.set('step', String(stepNumberOf(i.step)));
  if (i.controls !== 'minimal') url.searchParams.set('controls', i.controls);
  if (i.lang !== 'en') url.searchParams.set('lang', i.lang);
  const hash = i.bundledId ? '' : await scenarioFragment(i.text!);
  return url.href + hash;
}

/** The full app at the same moment (bundled scenarios only: the app opens scenarios by name). */
export function appLink(embedUrl: string, bundledId: string | null, flow: string | null, step: number): string | null {
  if (!bundledId) return null;
  return new URL(`./${formatLocation({ scenario: bundledId, flow: flow ?? undefined, step })}`, embedUrl).href;
}
