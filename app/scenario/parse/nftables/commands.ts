/**
 * Top-level commands of an `nft -f` file (nft(8) COMMANDS; nftables `src/parser_bison.y`
 * base_cmd): `[add|create] table|chain|set|map|rule|element …`, `insert rule`, `flush
 * ruleset|table|chain|set|map`, `delete|destroy table|chain|set|map`. A bare `table ip t { … }`
 * (the block form `nft list ruleset` prints) is an `add table` with a body, as in nft.
 */
import type { NftFamily } from '../../../engine/nftables/types';
import type { At, RulesetBuilder } from './builder';
import type { Cursor } from './cursor';
import { parseElementList } from './elements';
import { atOf, parseChainBody, parseRuleLine, parseSetBody, parseTableBody } from './objects';
import { eachItem, skipSeparators, sub } from './span';

const FAMILIES = new Set<string>(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
const OBJECTS = new Set(['table', 'chain', 'set', 'map', 'rule', 'element']);

/** Parses every command of the file into `b`. */
export function parseCommands(c: Cursor, b: RulesetBuilder): void {
  for (;;) {
    skipSeparators(c);
    if (c.atEnd()) return;
    if (c.is('}')) {
      b.err(atOf(c), 'unexpected "}": there is no open block to close');
      c.pos++;
      continue;
    }
    eachItem(c, b.errors, (it) => parseCommand(it, b));
  }
}

/** One command. */
function parseCommand(c: Cursor, b: RulesetBuilder): void {
  const first = c.peek()!;
  if (first.kind !== 'word') throw c.error(first, 'expected a command: table, add, insert, flush or delete');
  let verb = 'add';
  const at = atOf(c);
  if (!OBJECTS.has(first.text)) verb = c.next('a command').text;
  switch (verb) {
    case 'add':
    case 'create':
      return parseAdd(c, b, at, verb === 'create');
    case 'insert':
      c.expect('rule', '"rule" after insert');
      return parseRule(c, b, true);
    case 'flush':
      return parseFlush(c, b);
    case 'delete':
    case 'destroy':
      return parseDelete(c, b, at, verb === 'destroy');
    default:
      throw c.error(first, 'expected a command: table, chain, set, map, rule, element, add, create, insert, flush or delete');
  }
}

/** `[add] table|chain|set|map|rule|element …`. */
function parseAdd(c: Cursor, b: RulesetBuilder, at: At, create: boolean): void {
  const obj = c.next('table, chain, set, map, rule or element');
  if (obj.text === 'rule') return parseRule(c, b, false);
  const family = parseFamily(c);
  const table = c.name('the table name').text;
  if (obj.text === 'table') {
    b.addTable(family, table, at, { create });
    if (c.peek()?.kind === 'handle') c.pos++;
    if (c.is('{')) parseTableBody(c, b, family, table);
    return;
  }
  const name = c.name(`the ${obj.text} name`);
  if (obj.text === 'chain') return parseChainBody(c, b, family, table, name.text, at, create);
  if (obj.text === 'set' || obj.text === 'map') {
    if (!c.is('{')) throw c.error(c.peek(), `expected "{ type … ; }" declaring the ${obj.text}'s type`);
    return parseSetBody(c, b, family, table, name.text, obj.text, at, create);
  }
  if (obj.text === 'element') {
    b.addElements(family, table, name.text, parseElementList(c), at);
    return;
  }
  throw c.error(obj, 'expected table, chain, set, map, rule or element');
}

/** `add|insert rule [FAMILY] TABLE CHAIN STATEMENTS`. */
function parseRule(c: Cursor, b: RulesetBuilder, insert: boolean): void {
  const family = parseFamily(c);
  const table = c.name('the table name').text;
  const chain = c.name('the chain name').text;
  if (c.is('position') || c.is('handle') || c.is('index')) throw c.error(c.peek(), `"${c.peek()!.text}" is not supported: rules are added in the order they are written`);
  parseRuleLine(sub(c, c.pos, c.to), b, family, table, chain, insert);
  c.pos = c.to;
}

/** `flush ruleset` / `flush table F T` / `flush chain F T C` / `flush set|map F T S`. */
function parseFlush(c: Cursor, b: RulesetBuilder): void {
  const obj = c.next('ruleset, table, chain, set or map after flush');
  if (obj.text === 'ruleset') {
    if (c.peek()?.kind === 'word' && FAMILIES.has(c.peek()!.text)) throw c.error(c.peek(), '"flush ruleset FAMILY" is not supported: flush the tables one by one');
    return b.flush('ruleset');
  }
  if (!['table', 'chain', 'set', 'map'].includes(obj.text)) throw c.error(obj, 'expected ruleset, table, chain, set or map after flush');
  const family = parseFamily(c);
  const table = c.name('the table name').text;
  const name = obj.text === 'table' ? undefined : c.name(`the ${obj.text} name`).text;
  if (!b.hasTable(family, table)) throw c.error(obj, `cannot flush: there is no table ${family} ${table}`);
  b.flush(obj.text === 'map' ? 'set' : (obj.text as 'table' | 'chain' | 'set'), family, table, name);
}

/** `delete|destroy table|chain|set|map …` (destroy ignores a missing object, as nft does). */
function parseDelete(c: Cursor, b: RulesetBuilder, at: At, destroy: boolean): void {
  const obj = c.next('table, chain, set or map');
  if (!['table', 'chain', 'set', 'map'].includes(obj.text)) throw c.error(obj, `deleting a ${obj.text} is not supported: only tables, chains, sets and maps can be deleted`);
  const family = parseFamily(c);
  const table = c.name('the table name').text;
  const name = obj.text === 'table' ? undefined : c.name(`the ${obj.text} name`).text;
  if (destroy && !b.hasTable(family, table)) return;
  const before = b.errors.length;
  b.delete(obj.text === 'map' ? 'set' : (obj.text as 'table' | 'chain' | 'set'), family, table, at, name);
  if (destroy) b.errors.length = before;
}

/** An optional family (nft's default is ip). */
function parseFamily(c: Cursor): NftFamily {
  const t = c.peek();
  if (t?.kind === 'word' && FAMILIES.has(t.text) && c.peek(1) && c.peek(1)!.kind !== 'nl' && !c.is('{', 1) && !c.is(';', 1)) {
    c.pos++;
    return t.text as NftFamily;
  }
  return 'ip';
}
