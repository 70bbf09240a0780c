/**
 * Sentences the engine writes for learners (a step's explanation, a drop's reason, a
 * simplification note) as a message key with parameters, never as finished text: the UI and the CLI
 * render them in the reader's language from the catalogs in `./messages` (English, 简体中文).
 * A parameter is a plain value (an address, a device name, a count) or another message (a clause
 * such as why an address was picked), rendered first.
 */
import type { MessageKey } from './messages/keys';

export type { MessageKey } from './messages/keys';

/** One parameter: a value shown as is, or a nested message rendered in the same language. */
export type MessageParam = string | number | Message;

/** A sentence for learners: `key` names its template in every catalog; `params` fill its `{{slots}}`. */
export interface Message {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** Builds a message (`msg('fdb.static', { bridge, mac, port })`). */
export function msg(key: MessageKey, params?: Readonly<Record<string, MessageParam>>): Message {
  return params ? { key, params } : { key };
}

/** True when `x` is a message (not a plain parameter value). */
export function isMessage(x: unknown): x is Message {
  return typeof x === 'object' && x !== null && typeof (x as Message).key === 'string';
}
