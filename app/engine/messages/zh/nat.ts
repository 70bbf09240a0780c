/** 简体中文 templates of the engine's `nat.*` messages (same keys and `{{param}}` slots as ../en/nat.ts). */
import type { Catalog } from '../keys';

export const nat: Catalog['nat'] = {

};
