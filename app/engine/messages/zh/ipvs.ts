/** 简体中文 templates of the engine's `ipvs.*` messages (same keys and `{{param}}` slots as ../en/ipvs.ts). */
import type { Catalog } from '../keys';

export const ipvs: Catalog['ipvs'] = {

};
