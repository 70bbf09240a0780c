/**
 * Parses `ip rule` lines (ip-rule(8)) as `ip rule show` prints them, e.g.
 * `100:	from all fwmark 0x200/0xf00 lookup 2004` or `32766:	from all lookup main`, and routing
 * table ids as ip-route(8) `table TABLEID` takes them.
 */
import { parseCidr } from '../../engine/addr/ipv4';
import type { PolicyRule, RouteTable } from '../../engine/world';
import type { LineError, Token } from './tokens';
import { parseValueMask } from './iptables/values';

/** Reserved table names of /etc/iproute2/rt_tables and their ids. */
const TABLE_NAMES: Readonly<Record<string, string>> = { local: 'local', '255': 'local', main: 'main', '254': 'main', default: 'default', '253': 'default' };

/**
 * A routing table id as ip-route(8) and ip-rule(8) take it: a reserved name or its number
 * (255 local, 254 main, 253 default), or another id 1–4294967295 in decimal.
 * @returns the table (`local`, `main`, `default` or the decimal id), or an error message.
 */
export function parseTableId(text: string): { ok: true; table: RouteTable } | { ok: false; message: string } {
  const named = Object.prototype.hasOwnProperty.call(TABLE_NAMES, text) ? TABLE_NAMES[text] : undefined;
  if (named) return { ok: true, table: named };
  if (/^[0-9]+$/.test(text) && Number(text) >= 1 && Number(text) <= 0xffffffff) return { ok: true, table: String(Number(text)) };
  return {
    ok: false,
    message: `routing table "${text}" is not a table id: give local, main, default or a number 1–4294967295 (names from /etc/iproute2/rt_tables other than these three are not known here)`,
  };
}

/** Selectors and actions ip-rule(8) has that the engine does not model; the value counts (0 or 1). */
const UNMODELLED: Readonly<Record<string, number>> = {
  tos: 1,
  dsfield: 1,
  l3mdev: 0,
  uidrange: 1,
  ipproto: 1,
  sport: 1,
  dport: 1,
  tun_id: 1,
  goto: 1,
  nop: 0,
  suppress_ifgroup: 1,
  sup_group: 1,
};

/** Printed by `ip rule` but not changing which route is chosen. */
const IGNORED_WITH_VALUE = new Set(['proto', 'protocol', 'realms', 'realm', 'flowid']);

const ACTIONS = new Set(['blackhole', 'unreachable', 'prohibit']);

type Draft = { -readonly [K in keyof PolicyRule]?: PolicyRule[K] };

/** One selector or action word and its value; an error, or the number of words taken. */
function word(d: Draft, t: Token, v: Token | undefined, unsupported: string[]): number | LineError {
  const need = (what: string): LineError | undefined => (v ? undefined : { col: t.col, message: `expected ${what} after "${t.text}"` });
  const prefix = (): { addr: string; len: number } | undefined | LineError => {
    const e = need('a prefix or "all"');
    if (e) return e;
    if (v!.text === 'all') return undefined;
    const p = parseCidr(v!.text.includes('/') ? v!.text : `${v!.text}/32`);
    return p ?? { col: v!.col, message: `expected a prefix like 10.0.0.0/8 or "all", got "${v!.text}"` };
  };
  switch (t.text) {
    case 'not':
      d.not = true;
      return 1;
    case 'from':
    case 'to': {
      const p = prefix();
      if (p && 'message' in p) return p;
      if (t.text === 'from') d.from = p;
      else d.to = p;
      return 2;
    }
    case 'fwmark': {
      const e = need('a mark like 0x200/0xf00');
      if (e) return e;
      // iproute2 reads both with get_u32(…, 0): decimal, 0x hex or 0 octal, as iptables' --mark.
      const m = parseValueMask(v!.text);
      if (!m.ok) return { col: v!.col, message: `expected a mark like 0x200 or 0x200/0xf00, got "${v!.text}"` };
      d.fwmark = { value: m.value.value, mask: m.value.mask };
      return 2;
    }
    case 'iif':
    case 'dev':
    case 'oif': {
      const e = need('a device name');
      if (e) return e;
      if (t.text === 'oif') d.oif = v!.text;
      else d.iif = v!.text;
      return 2;
    }
    case 'lookup':
    case 'table': {
      const e = need('a table id');
      if (e) return e;
      const id = parseTableId(v!.text);
      if (!id.ok) return { col: v!.col, message: id.message };
      d.action = 'lookup';
      d.table = id.table;
      return 2;
    }
    case 'suppress_prefixlength': {
      const e = need('a prefix length');
      if (e) return e;
      if (!/^[0-9]+$/.test(v!.text) || Number(v!.text) > 32) return { col: v!.col, message: `expected a prefix length 0–32, got "${v!.text}"` };
      d.suppressPrefixLength = Number(v!.text);
      return 2;
    }
    case '[detached]':
      return 1;
  }
  if (ACTIONS.has(t.text)) {
    d.action = t.text as PolicyRule['action'];
    return 1;
  }
  if (IGNORED_WITH_VALUE.has(t.text)) return v ? 2 : 1;
  const n = UNMODELLED[t.text];
  if (n !== undefined) {
    unsupported.push(n && v ? `${t.text} ${v.text}` : t.text);
    return 1 + (n && v ? 1 : 0);
  }
  return { col: t.col, message: `unknown ip rule word "${t.text}" (expected not, from, to, fwmark, iif, oif, lookup, suppress_prefixlength, blackhole, unreachable, prohibit)` };
}

/**
 * Parses one `ip rule` line: `PRIORITY: SELECTORS ACTION` as `ip rule show` prints it (or the
 * priority given as `pref N`/`priority N`, as `ip rule add` takes it).
 * @returns the rule without `text`/`source` (the caller adds them), or a LineError naming the column.
 */
export function parseRuleLine(_line: string, toks: Token[]): Omit<PolicyRule, 'source' | 'text'> | LineError {
  const d: Draft = { not: false };
  const unsupported: string[] = [];
  let i = 0;
  const head = /^([0-9]+):$/.exec(toks[0].text);
  if (head) {
    d.priority = Number(head[1]);
    i = 1;
  }
  while (i < toks.length) {
    const t = toks[i];
    if ((t.text === 'pref' || t.text === 'priority' || t.text === 'preference') && d.priority === undefined) {
      const v = toks[i + 1];
      if (!v || !/^[0-9]+$/.test(v.text)) return { col: t.col, message: `expected a priority number after "${t.text}"` };
      d.priority = Number(v.text);
      i += 2;
      continue;
    }
    const r = word(d, t, toks[i + 1], unsupported);
    if (typeof r !== 'number') return r;
    i += r;
  }
  if (d.priority === undefined || d.priority > 0xffffffff) return { col: toks[0].col, message: 'an ip rule needs its priority, as `ip rule show` prints it ("100: from all lookup 100")' };
  // A rule of an unmodelled action (goto, nop) stops a lookup that reaches it before any action.
  if (!d.action && unsupported.length) d.action = 'lookup';
  if (!d.action) return { col: toks[0].col, message: 'an ip rule needs an action: lookup TABLE, blackhole, unreachable or prohibit' };
  if (unsupported.length) d.unsupported = unsupported.join(' ');
  return d as Omit<PolicyRule, 'source' | 'text'>;
}
