/**
 * Options of an embed, read the same way from the embed page's query string
 * (`embed.html?src=…&flow=…&step=…&controls=…&view=…&autoplay=1&lang=…&origin=…&id=…`) and from
 * the attributes of `<packet-walk>` (`src`, `flow`, `step`, `controls`, `view`, `autoplay`, `lang`,
 * `allowed-origins`, `id`). Unknown or malformed values fall back to defaults.
 */
import { stepIndexOf } from '../ui/step-number';

/** How many controls the embed shows. */
export type ControlsMode = 'full' | 'minimal' | 'none';
/** Languages the embed accepts. */
export type EmbedLang = 'en' | 'zh';

/** What an embed shows and how. */
export interface EmbedOptions {
  /** A bundled scenario name, a URL, or `#s=…`; empty: the default bundled scenario. */
  readonly src: string;
  readonly flow?: string;
  /** The step to open at, as a 0-based index (the option itself counts from 1, as displayed). */
  readonly step?: number;
  readonly controls: ControlsMode;
  /** `path`: draw only the hosts the flow visits; `all` (default): every host. Either way the view frames the flow's path. */
  readonly view: 'all' | 'path';
  readonly autoplay: boolean;
  readonly lang: EmbedLang;
  /** The allow-list of host origins (`origin=` / `allowed-origins`), unparsed. */
  readonly allowedOrigins?: string;
  /** Name echoed in messages to the host and matched against a message's `target`. */
  readonly id?: string;
}

/** Reads one named option (query parameter or attribute); null when absent. */
export type OptionReader = (name: string) => string | null;

/** Which name each option has in a query string and as an attribute. */
const NAMES = { origins: { query: 'origin', attribute: 'allowed-origins' } } as const;

/** True for boolean options given as present/`1`/`true`/`yes` (`0`, `false`, `no` turn them off). */
function flag(v: string | null): boolean {
  return v !== null && !/^(0|false|no|off)$/i.test(v.trim());
}

/**
 * Reads the options.
 * @param read returns the raw value of an option by name.
 * @param kind whether `read` reads a query string or element attributes (only the origins' name differs).
 */
export function readEmbedOptions(read: OptionReader, kind: 'query' | 'attribute'): EmbedOptions {
  const controls = read('controls');
  const lang = (read('lang') ?? '').toLowerCase();
  const stepText = read('step')?.trim();
  const flow = read('flow')?.trim();
  const id = read('id')?.trim();
  return {
    src: (read('src') ?? '').trim(),
    flow: flow || undefined,
    step: stepText && /^\d{1,7}$/.test(stepText) ? stepIndexOf(Number(stepText)) : undefined,
    controls: controls === 'full' || controls === 'none' || controls === 'minimal' ? controls : 'minimal',
    view: read('view')?.trim().toLowerCase() === 'path' ? 'path' : 'all',
    autoplay: flag(read('autoplay')),
    lang: lang.startsWith('zh') ? 'zh' : 'en',
    allowedOrigins: read(NAMES.origins[kind]) ?? undefined,
    id: id || undefined,
  };
}

/** Options from a query string (`location.search`). */
export function optionsFromQuery(search: string): EmbedOptions {
  const q = new URLSearchParams(search);
  return readEmbedOptions((n) => q.get(n), 'query');
}
