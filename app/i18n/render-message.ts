/**
 * Renders the engine's messages (app/engine/message.ts) in a language through i18next, where the
 * engine's catalogs are the `engine` namespace. Nested messages in the parameters are rendered
 * first, in the same language. Used by the UI (with its React i18next instance); `./message-renderer.ts`
 * has a self-contained renderer for the CLI and tests.
 */
import { isMessage, type Message } from '../engine/message';

/** An i18next-style translate function (`t(key, values)`). */
export type Translate = (key: string, values: Record<string, unknown>) => string;

/**
 * The text of `m` in the language `t` translates to.
 * @param t i18next's `t` (any instance with the `engine` namespace loaded).
 */
export function renderMessage(m: Message, t: Translate): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.params ?? {})) values[k] = isMessage(v) ? renderMessage(v, t) : v;
  return t(`engine:${m.key}`, values);
}
