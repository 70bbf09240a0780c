/** 简体中文 templates of the engine's `nftables.*` messages (same keys and `{{param}}` slots as ../en/nftables.ts). */
import type { Catalog } from '../keys';

export const nftables: Catalog['nftables'] = {

};
