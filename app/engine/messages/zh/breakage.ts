/** 简体中文 templates of the engine's `breakage.*` messages (same keys and `{{param}}` slots as ../en/breakage.ts). */
import type { Catalog } from '../keys';

export const breakage: Catalog['breakage'] = {

};
