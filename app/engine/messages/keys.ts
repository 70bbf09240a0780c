/**
 * The engine's message keys, derived from the English catalog's shape (`area.name`, plural
 * suffixes `_one`/`_other` folded into one key). Type-only: the engine never bundles the text.
 */
import type { en } from './en';

type StripPlural<K extends string> = K extends `${infer B}_one` ? B : K extends `${infer B}_other` ? B : K;

/** Every key of the English catalog, as `area.name`. */
export type MessageKey = {
  [A in keyof typeof en & string]: `${A}.${StripPlural<keyof (typeof en)[A] & string>}`;
}[keyof typeof en & string];

/** A catalog with exactly the English catalog's areas and keys (a missing translation does not compile). */
export type Catalog = { readonly [A in keyof typeof en]: { readonly [K in keyof (typeof en)[A]]: string } };
