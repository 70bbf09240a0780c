/** 简体中文 templates of the engine's `mtu.*` messages (same keys and `{{param}}` slots as ../en/mtu.ts). */
import type { Catalog } from '../keys';

export const mtu: Catalog['mtu'] = {

};
