/**
 * Prints the model back in nft syntax, as `nft list ruleset` writes it (nft(8)): used for the
 * text of rules read from `nft -j` (libnftables-json(5) has no rule text) and in messages.
 */
import type { NftElement, NftExpr, NftStmt } from '../../../engine/nftables/types';
import { verdictText } from './verdict';

const BINOP_TEXT = { and: '&', or: '|', xor: '^', lshift: '<<', rshift: '>>' } as const;
const BARE_META = new Set(['iifname', 'oifname', 'iif', 'oif']);
/** Interface keys, whose values nft prints quoted (`iifname "eth0"`, `iif "lo"`). */
const IFACE_KEYS = BARE_META;

/** A value as nft prints it: quoted when it is not a plain word (`"eth0"` stays bare only if simple). */
function valueText(text: string): string {
  return /^[A-Za-z0-9_.:/*@$-]+$/.test(text) && text !== '' ? text : `"${text}"`;
}

/** An expression in nft syntax. */
export function exprText(e: NftExpr): string {
  switch (e.kind) {
    case 'payload':
      return `${e.proto} ${e.field}`;
    case 'meta':
      return BARE_META.has(e.key) ? e.key : `meta ${e.key}`;
    case 'ct':
      return ['ct', e.dir, e.proto, e.key].filter(Boolean).join(' ');
    case 'fib':
      return `fib ${e.flags.join(' . ')} ${e.result}`;
    case 'numgen':
      return `numgen ${e.mode} mod ${e.mod}${e.offset ? ` offset ${e.offset}` : ''}`;
    case 'concat':
      return e.parts.map(exprText).join(' . ');
    case 'value':
      return valueText(e.text);
    case 'prefix':
      return `${e.addr}/${e.len}`;
    case 'range':
      return `${exprText(e.from)}-${exprText(e.to)}`;
    case 'list':
      return e.items.map(exprText).join(',');
    case 'set-ref':
      return `@${e.name}`;
    case 'anon-set':
      return `{ ${e.elements.map(elementText).join(', ')} }`;
    case 'binop':
      return `${exprText(e.left)} ${BINOP_TEXT[e.op]} ${exprText(e.right)}`;
    case 'map-lookup':
      return `${exprText(e.key)} map ${exprText(e.map)}`;
  }
}

/** An element: `key . key [comment "…"] [: data]`. */
export function elementText(el: NftElement): string {
  const key = el.key.map(exprText).join(' . ');
  const comment = el.comment !== undefined ? ` comment "${el.comment}"` : '';
  const data = el.data ? ` : ${'verdict' in el.data ? verdictText(el.data.verdict) : exprText(el.data.expr)}` : '';
  return `${key}${comment}${data}`;
}

/** A statement in nft syntax. */
export function stmtText(s: NftStmt): string {
  switch (s.kind) {
    case 'match': {
      const right = s.left.kind === 'meta' && IFACE_KEYS.has(s.left.key) && s.right.kind === 'value' ? `"${s.right.text}"` : exprText(s.right);
      return `${exprText(s.left)} ${s.op === 'implicit' || (s.op === '==' && !explicitEq(s.left)) ? '' : `${s.op} `}${right}`;
    }
    case 'verdict':
      return verdictText(s.verdict);
    case 'vmap':
      return `${exprText(s.key)} vmap ${exprText(s.map)}`;
    case 'nat': {
      const to = s.addr ? ` ${s.family ? `${s.family} ` : ''}to ${natAddr(s.addr, s.port !== undefined)}${s.port ? `:${exprText(s.port)}` : ''}` : s.port ? ` to :${exprText(s.port)}` : '';
      return `${s.type}${to}${s.flags.length ? ` ${s.flags.join(',')}` : ''}`;
    }
    case 'mark-set':
      return `${s.target} mark set ${exprText(s.value)}`;
    case 'reject':
      return s.with ? `reject with ${s.with.family} ${s.with.type}` : 'reject';
    case 'counter':
      return s.packets !== undefined ? `counter packets ${s.packets} bytes ${s.bytes ?? 0}` : 'counter';
    case 'log':
      return s.prefix !== undefined ? `log prefix "${s.prefix}"` : 'log';
    case 'notrack':
      return 'notrack';
    case 'set-update':
      return `${s.op} @${s.set} { ${exprText(s.key)}${s.timeout !== undefined ? ` timeout ${s.timeout}` : ''} }`;
    case 'unsupported':
      return s.text;
  }
}

/**
 * Whether nft prints `==` for an equality on `left`: after a bitwise operation, and on flag keys,
 * where a bare value means "any of these flags" (nft(8) RELATIONAL EXPRESSION, implicit).
 */
function explicitEq(left: NftExpr): boolean {
  return left.kind === 'binop' || (left.kind === 'ct' && (left.key === 'state' || left.key === 'status'));
}

/** A NAT address: an IPv6 address in brackets when a port follows it. */
function natAddr(e: NftExpr, port: boolean): string {
  return port && e.kind === 'value' && e.text.includes(':') ? `[${e.text}]` : exprText(e);
}

/** A rule's text: its statements, then its comment. */
export function ruleText(stmts: readonly NftStmt[], comment?: string): string {
  return [...stmts.map(stmtText), ...(comment !== undefined ? [`comment "${comment}"`] : [])].join(' ');
}

/** Seconds as nft prints a time (`3h`, `1m30s`, `0s`; nftables src/datatype.c time_print). */
export function timeText(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.floor(seconds);
  for (const [unit, n] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const k = Math.floor(rest / n);
    if (k) parts.push(`${k}${unit}`);
    rest -= k * n;
  }
  return parts.join('') || '0s';
}
