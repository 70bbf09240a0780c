/** 简体中文 templates of the engine's `icmp.*` messages (same keys and `{{param}}` slots as ../en/icmp.ts). */
import type { Catalog } from '../keys';

export const icmp: Catalog['icmp'] = {

};
