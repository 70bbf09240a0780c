/** 简体中文 templates of the engine's `bridge.*` messages (same keys and `{{param}}` slots as ../en/bridge.ts). */
import type { Catalog } from '../keys';

export const bridge: Catalog['bridge'] = {

};
