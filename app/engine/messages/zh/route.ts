/** 简体中文 templates of the engine's `route.*` messages (same keys and `{{param}}` slots as ../en/route.ts). */
import type { Catalog } from '../keys';

export const route: Catalog['route'] = {

};
