/** 简体中文 templates of the engine's `summary.*` messages (same keys and `{{param}}` slots as ../en/summary.ts). */
import type { Catalog } from '../keys';

export const summary: Catalog['summary'] = {

};
