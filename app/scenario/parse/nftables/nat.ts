/**
 * NAT statements (nft(8) NAT STATEMENTS): `dnat|snat [ip|ip6] to ADDR[:PORT] [FLAGS]`,
 * `dnat ip to EXPR map @m` (the map's data is `addr . port`), `dnat to [fd00::1]:80`,
 * `masquerade [to :PORT[-PORT]] [FLAGS]`, `redirect [to [:]PORT] [FLAGS]`, where FLAGS is a comma
 * list of `random`, `fully-random`, `persistent` (nftables `src/parser_bison.y` nat_stmt).
 */
import type { Message } from '../../../engine/message';
import type { NftExpr, NftStmt } from '../../../engine/nftables/types';
import type { Cursor } from './cursor';
import { parseLhs, startsExpr } from './expr';
import { parseValue } from './values';

const FLAGS = new Set(['random', 'fully-random', 'persistent']);

/** Parses a NAT statement (the cursor is on dnat, snat, masquerade or redirect). */
export function parseNat(c: Cursor): NftStmt {
  const start = c.pos;
  const type = c.next('a NAT statement').text as 'dnat' | 'snat' | 'masquerade' | 'redirect';
  let family: 'ip' | 'ip6' | undefined;
  if ((type === 'dnat' || type === 'snat') && (c.is('ip') || c.is('ip6')) && c.is('to', 1)) family = c.next('ip or ip6').text as 'ip' | 'ip6';
  let addr: NftExpr | undefined;
  let port: NftExpr | undefined;
  let unsupported: Message | undefined;
  if (c.accept('to')) {
    if (c.accept(':')) port = parseValue(c);
    else if (type === 'redirect' || type === 'masquerade') {
      if (type === 'masquerade') throw c.error(c.peek(), 'expected ":PORT" after "masquerade to"');
      port = parseValue(c);
    } else if (startsExpr(c)) {
      const e = parseLhs(c);
      unsupported = e.unsupported;
      addr = e.expr;
    } else {
      addr = parseValue(c);
      if (c.accept(':')) port = parseValue(c);
    }
  } else if (type === 'dnat' || type === 'snat') throw c.error(c.peek(), `expected "to ADDRESS[:PORT]" after ${type}`);
  const flags: string[] = [];
  while (c.peek()?.kind === 'word' && FLAGS.has(c.peek()!.text)) {
    flags.push(c.next('a NAT flag').text);
    if (!c.accept(',')) break;
  }
  if (unsupported) return { kind: 'unsupported', text: c.text(start), reason: unsupported };
  return { kind: 'nat', type, ...(family ? { family } : {}), ...(addr ? { addr } : {}), ...(port ? { port } : {}), flags };
}
