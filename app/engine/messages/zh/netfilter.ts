/** 简体中文 templates of the engine's `netfilter.*` messages (same keys and `{{param}}` slots as ../en/netfilter.ts). */
import type { Catalog } from '../keys';

export const netfilter: Catalog['netfilter'] = {

};
