/**
 * The statements of one rule (nft(8) STATEMENTS, nftables `src/parser_bison.y` stmt): matches,
 * verdicts, verdict maps, `… set …`, `counter`, `log`, `comment`, `notrack`, `reject`, NAT,
 * `add/update @set`. A statement nft has but the engine does not evaluate becomes an `unsupported`
 * statement: an unknown expression's match covers only that match; an unknown statement keyword
 * (`limit`, `quota`, `meter`, `tproxy`, …) covers the rest of the rule up to its `comment`.
 */
import { msg } from '../../../engine/message';
import type { NftOp, NftStmt } from '../../../engine/nftables/types';
import type { Cursor } from './cursor';
import { parseLhs, parseRhs, parseSetOperand, startsExpr } from './expr';
import { parseNat } from './nat';
import { parseVerdict, startsVerdict } from './verdict';

const OPS: Readonly<Record<string, '==' | '!=' | '<' | '>' | '<=' | '>='>> = {
  '==': '==',
  eq: '==',
  '!=': '!=',
  ne: '!=',
  '<': '<',
  lt: '<',
  '>': '>',
  gt: '>',
  '<=': '<=',
  le: '<=',
  '>=': '>=',
  ge: '>=',
};

const REJECT_FAMILIES = new Set(['icmp', 'icmpx', 'icmpv6', 'tcp']);

/**
 * Words that start a statement or expression in nft's grammar (nftables `src/parser_bison.y`
 * stmt, primary_expr; nft(8) STATEMENTS, EXPRESSIONS) that this parser does not read itself: such a
 * statement is kept as `unsupported`. Any other unknown word is a syntax error, as in nft.
 */
const NFT_KEYWORDS = new Set([
  'limit',
  'quota',
  'meter',
  'tproxy',
  'fwd',
  'dup',
  'synproxy',
  'flow',
  'secmark',
  'last',
  'connlimit',
  'reset',
  'osf',
  'socket',
  'rt',
  'ipsec',
  'jhash',
  'symhash',
  'exthdr',
  'hbh',
  'rt0',
  'rt2',
  'rt4',
  'srh',
  'frag',
  'dst',
  'mh',
  'inner',
  'vxlan',
  'geneve',
  'gretap',
  'tunnel',
  'cgroupv2',
  'time',
  'day',
  'hour',
]);

/** What a rule's tokens say: its statements and its `comment "…"`. */
export interface ParsedStmts {
  readonly stmts: NftStmt[];
  readonly comment?: string;
}

/** Parses the statements from the cursor to its end (the rule's tokens, `# handle` already cut off). */
export function parseStatements(c: Cursor): ParsedStmts {
  const stmts: NftStmt[] = [];
  let comment: string | undefined;
  while (!c.atEnd()) {
    const t = c.peek()!;
    if (t.kind === 'xt') {
      c.pos++;
      stmts.push({ kind: 'unsupported', text: `# ${t.text}`, reason: msg('unevaluable.nftXt', { name: t.text.replace(/^xt[_ ]/, '') }) });
      continue;
    }
    if (t.kind !== 'word') throw c.error(t, 'expected a statement (a match such as ip saddr 10.0.0.1, a verdict such as accept, counter, …)');
    if (t.text === 'comment') {
      c.pos++;
      const s = c.peek();
      if (s?.kind !== 'string' && s?.kind !== 'word') throw c.error(s, 'expected the comment text in quotes');
      c.pos++;
      comment = s.text;
      continue;
    }
    const start = c.pos;
    const stmt = parseStatement(c);
    if (stmt) stmts.push(stmt);
    else if (!NFT_KEYWORDS.has(t.text)) throw c.error(t, 'expected a statement (a match such as ip saddr 10.0.0.1, a verdict such as accept, counter, …)');
    else {
      stmts.push({ kind: 'unsupported', text: restText(c, start), reason: msg('unevaluable.nftKeyword', { keyword: t.text }) });
      const rest = restComment(c);
      if (rest !== undefined) comment = rest;
    }
  }
  return { stmts, ...(comment !== undefined ? { comment } : {}) };
}

/** Parses one statement at a word; undefined for an unknown statement keyword (cursor unmoved). */
function parseStatement(c: Cursor): NftStmt | undefined {
  const start = c.pos;
  const w = c.peek()!.text;
  if (startsVerdict(c)) {
    const verdict = parseVerdict(c);
    if (verdict.kind === 'queue') skipQueueOptions(c);
    return { kind: 'verdict', verdict };
  }
  switch (w) {
    case 'counter':
      return parseCounter(c, start);
    case 'log':
      return parseLog(c);
    case 'notrack':
      c.pos++;
      return { kind: 'notrack' };
    case 'reject':
      return parseReject(c);
    case 'dnat':
    case 'snat':
    case 'masquerade':
    case 'redirect':
      return parseNat(c);
    case 'add':
    case 'update':
    case 'delete':
      return parseSetUpdate(c, start);
    case 'xt': {
      c.pos++;
      const kind = c.next('match, target or watcher after xt').text;
      const name = c.name('the extension name').text;
      return { kind: 'unsupported', text: c.text(start), reason: msg('unevaluable.nftXtKind', { name, kind }) };
    }
  }
  if (startsExpr(c)) return parseExprStatement(c, start);
  return undefined;
}

/** A statement that starts with an expression: a match, `vmap`, or `… set VALUE`. */
function parseExprStatement(c: Cursor, start: number): NftStmt {
  const lhs = parseLhs(c);
  if (c.accept('vmap')) {
    const map = parseSetOperand(c, 'a verdict map: @name or { key : verdict, … }');
    if (lhs.unsupported) return { kind: 'unsupported', text: c.text(start), reason: lhs.unsupported };
    return { kind: 'vmap', key: lhs.expr, map };
  }
  if (c.accept('set')) {
    const value = parseLhsOrValue(c);
    const e = lhs.expr;
    const target = e.kind === 'meta' && e.key === 'mark' ? 'meta' : e.kind === 'ct' && e.key === 'mark' && !e.dir ? 'ct' : undefined;
    if (!target || value.unsupported) return { kind: 'unsupported', text: c.text(start), reason: value.unsupported ?? msg('unevaluable.nftSetting', { expr: c.text(start, start + 2) }) };
    return { kind: 'mark-set', target, value: value.expr };
  }
  let op: NftOp = 'implicit';
  const t = c.peek();
  if (t && t.kind !== 'string' && Object.hasOwn(OPS, t.text)) {
    op = OPS[t.text];
    c.pos++;
  }
  const right = parseRhs(c);
  if (lhs.unsupported) return { kind: 'unsupported', text: c.text(start), reason: lhs.unsupported };
  return { kind: 'match', left: lhs.expr, op, right };
}

/** The value of `… set X`: an expression (`mark or 0x4000`, `ip saddr map @m`) or a constant. */
function parseLhsOrValue(c: Cursor): ReturnType<typeof parseLhs> {
  if (startsExpr(c)) return parseLhs(c);
  return { expr: parseRhs(c) };
}

/** `counter [packets N bytes M]`; a named counter (`counter name X`) is unsupported. */
function parseCounter(c: Cursor, start: number): NftStmt {
  c.pos++;
  if (c.is('name')) {
    c.pos++;
    c.name('the counter name');
    return { kind: 'unsupported', text: c.text(start), reason: msg('unevaluable.nftNamedCounter') };
  }
  let packets: number | undefined;
  let bytes: number | undefined;
  if (c.accept('packets')) packets = Number(c.next('a packet count').text);
  if (c.accept('bytes')) bytes = Number(c.next('a byte count').text);
  return { kind: 'counter', ...(packets !== undefined ? { packets } : {}), ...(bytes !== undefined ? { bytes } : {}) };
}

/** `log [prefix "…"] [level L] [flags F] [group N] [snaplen N] [queue-threshold N]` (nft(8) LOG STATEMENT). */
function parseLog(c: Cursor): NftStmt {
  c.pos++;
  let prefix: string | undefined;
  for (;;) {
    if (c.accept('prefix')) prefix = c.name('the log prefix in quotes').text;
    else if (c.is('level') || c.is('group') || c.is('snaplen') || c.is('queue-threshold')) {
      c.pos++;
      c.name('a value');
    } else if (c.accept('flags')) {
      if (c.is('tcp') || c.is('ip')) c.pos++;
      c.name('log flags');
      while (c.accept(',')) c.name('a log flag');
    } else break;
  }
  return { kind: 'log', ...(prefix !== undefined ? { prefix } : {}) };
}

/** `reject [with icmp|icmpv6|icmpx [type] T | with tcp reset]` (nft(8) REJECT STATEMENT). */
function parseReject(c: Cursor): NftStmt {
  c.pos++;
  if (!c.accept('with')) return { kind: 'reject' };
  const f = c.next('icmp, icmpv6, icmpx or tcp after "reject with"');
  if (!REJECT_FAMILIES.has(f.text)) throw c.error(f, 'expected icmp, icmpv6, icmpx or tcp after "reject with"');
  c.accept('type');
  const type = c.name(f.text === 'tcp' ? '"reset"' : 'an ICMP type such as port-unreachable').text;
  return { kind: 'reject', with: { family: f.text as 'icmp' | 'icmpx' | 'icmpv6' | 'tcp', type } };
}

/** `add|update @set { KEY [timeout T] }`; `delete @set` is unsupported. */
function parseSetUpdate(c: Cursor, start: number): NftStmt | undefined {
  const op = c.peek()!.text;
  const ref = c.peek(1);
  if (ref?.kind !== 'word' || !ref.text.startsWith('@')) return undefined;
  c.pos += 2;
  c.expect('{', '"{ key }" after the set name');
  if (!startsExpr(c)) throw c.error(c.peek(), 'expected the key expression, such as ip saddr');
  const key = parseLhs(c);
  let timeout: string | undefined;
  while (c.is('timeout') || c.is('expires')) {
    const which = c.next('timeout').text;
    const t = c.next('a time such as 3h').text;
    if (which === 'timeout') timeout = t;
  }
  if (c.accept('counter')) {
    if (c.accept('packets')) c.next('a packet count');
    if (c.accept('bytes')) c.next('a byte count');
  }
  c.expect('}', '"}" closing the key');
  if (op === 'delete' || key.unsupported) return { kind: 'unsupported', text: c.text(start), reason: key.unsupported ?? msg('unevaluable.nftSetDelete') };
  return { kind: 'set-update', op: op as 'add' | 'update', set: ref.text.slice(1), key: key.expr, ...(timeout !== undefined ? { timeout } : {}) };
}

/** `queue [num N[-M]] [flags F] [bypass] [fanout] [to N]`: the options are not modelled. */
function skipQueueOptions(c: Cursor): void {
  for (;;) {
    if (c.is('num') || c.is('flags') || c.is('to')) {
      c.pos++;
      c.name('a value');
      while (c.accept(',')) c.name('a value');
    } else if (c.is('bypass') || c.is('fanout')) c.pos++;
    else return;
  }
}

/** The text of an unknown statement: the rest of the rule, up to a trailing `comment "…"`. */
function restText(c: Cursor, start: number): string {
  let end = c.to;
  if (end - start >= 3 && c.tokens[end - 2].text === 'comment' && c.tokens[end - 2].kind === 'word') end -= 2;
  c.pos = end;
  return c.text(start, end);
}

/** After restText: takes the trailing `comment "…"` it left. */
function restComment(c: Cursor): string | undefined {
  if (!c.is('comment')) return undefined;
  c.pos++;
  return c.next('the comment text').text;
}
