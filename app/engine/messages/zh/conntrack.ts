/** 简体中文 templates of the engine's `conntrack.*` messages (same keys and `{{param}}` slots as ../en/conntrack.ts). */
import type { Catalog } from '../keys';

export const conntrack: Catalog['conntrack'] = {

};
