/** 简体中文 templates of the engine's `unevaluable.*` messages (same keys and `{{param}}` slots as ../en/unevaluable.ts). */
import type { Catalog } from '../keys';

export const unevaluable: Catalog['unevaluable'] = {
};
