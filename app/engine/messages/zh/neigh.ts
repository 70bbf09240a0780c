/** 简体中文 templates of the engine's `neigh.*` messages (same keys and `{{param}}` slots as ../en/neigh.ts). */
import type { Catalog } from '../keys';

export const neigh: Catalog['neigh'] = {

};
