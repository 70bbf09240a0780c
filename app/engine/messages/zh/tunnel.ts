/** 简体中文 templates of the engine's `tunnel.*` messages (same keys and `{{param}}` slots as ../en/tunnel.ts). */
import type { Catalog } from '../keys';

export const tunnel: Catalog['tunnel'] = {

};
