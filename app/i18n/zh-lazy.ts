/**
 * Fetches the 简体中文 catalogs (the interface's and the engine's) as their own chunks, the first
 * time a view needs them. The classic `<packet-walk>` script (vite.embed-classic.config.ts) swaps
 * this module for app/embed/classic/zh-jsonp.ts, which loads them with a classic script tag.
 */
import type { Catalog } from '../engine/messages/keys';
import type { Translation } from './en';

/** The 简体中文 words. */
export interface ZhCatalogs {
  readonly ui: Translation;
  readonly engine: Catalog;
}

/** Loads the 简体中文 catalogs. */
export function loadZhCatalogs(): Promise<ZhCatalogs> {
  return Promise.all([import('./zh'), import('../engine/messages/zh')]).then(([ui, engine]) => ({ ui: ui.zh, engine: engine.zh }));
}
