/** 简体中文 templates of the engine's `legacy.*` messages (same keys and `{{param}}` slots as ../en/legacy.ts). */
import type { Catalog } from '../keys';

export const legacy: Catalog['legacy'] = {
  text: '{{text}}',
};
