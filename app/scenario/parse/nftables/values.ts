/**
 * nft constants (nft(8) DATA TYPES): kept as written and typed later against the other side of
 * the relation. A word is a prefix (`10.0.0.0/8`, `fd00::/64`), a range (`30000-32767`,
 * `10.0.0.1-10.0.0.9`) or a plain value (`10.0.0.1`, `80`, `tcp`, `0x4000`, `established`); a
 * quoted string is a value holding its content without the quotes.
 */
import type { NftExpr } from '../../../engine/nftables/types';
import type { Cursor } from './cursor';
import { looksIpv6 } from './tokenize';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const NUMBER = /^(0x[0-9a-fA-F]+|\d+)$/;

/** True for an address nft writes in a prefix or range: dotted IPv4 or IPv6. */
function isAddress(s: string): boolean {
  return IPV4.test(s) || looksIpv6(s);
}

/** The expression a constant word stands for: a prefix, a range or a value. */
export function classifyWord(text: string): NftExpr {
  const slash = text.lastIndexOf('/');
  if (slash > 0 && /^\d{1,3}$/.test(text.slice(slash + 1)) && isAddress(text.slice(0, slash))) return { kind: 'prefix', addr: text.slice(0, slash), len: Number(text.slice(slash + 1)) };
  const dash = text.indexOf('-');
  if (dash > 0) {
    const from = text.slice(0, dash);
    const to = text.slice(dash + 1);
    if ((NUMBER.test(from) && NUMBER.test(to)) || (isAddress(from) && isAddress(to))) return { kind: 'range', from: { kind: 'value', text: from }, to: { kind: 'value', text: to } };
  }
  return { kind: 'value', text };
}

/** One constant: a word, a quoted string, or a bracketed IPv6 address `[fd00::1]`. */
export function parseValue(c: Cursor): NftExpr {
  const t = c.peek();
  if (t?.kind === 'string') {
    c.pos++;
    return { kind: 'value', text: t.text };
  }
  if (c.is('[')) {
    c.pos++;
    const a = c.next('an IPv6 address inside [ ]');
    if (a.kind !== 'word' || !looksIpv6(a.text)) throw c.error(a, 'expected an IPv6 address inside [ ]');
    c.expect(']', '"]" closing the IPv6 address');
    return { kind: 'value', text: a.text };
  }
  if (!t || t.kind !== 'word' || t.text === '.' || t.text.startsWith('@')) throw c.error(t, 'expected a value (an address, a number, a name or a quoted string)');
  c.pos++;
  return classifyWord(t.text);
}

/** Constants joined by ` . ` (`10.0.0.1 . tcp . 80`): a concat, or the one constant. */
export function parseConcatValue(c: Cursor): NftExpr {
  const parts = [parseValue(c)];
  while (c.accept('.')) parts.push(parseValue(c));
  return parts.length === 1 ? parts[0] : { kind: 'concat', parts };
}
