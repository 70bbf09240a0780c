/**
 * The 简体中文 catalogs of the classic `<packet-walk>` script (stands in for app/i18n/zh-lazy.ts in
 * vite.embed-classic.config.ts): one file under `packet-walk-classic/`, loaded with a script tag
 * (./jsonp.ts) the first time an element shows Chinese, so neither an English page downloads them
 * nor a page on another origin needs CORS for them.
 */
import type { ZhCatalogs } from '../../i18n/zh-lazy';
import { CLASSIC_FILES, loadClassicFile } from './jsonp';

/** Loads the 简体中文 catalogs. */
export function loadZhCatalogs(): Promise<ZhCatalogs> {
  return loadClassicFile<ZhCatalogs>(CLASSIC_FILES.zh);
}
