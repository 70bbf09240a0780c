/**
 * The bodies of tables, chains, sets and maps, shared by the block form (`table ip t { chain c {
 * … } }`, as `nft list ruleset` prints) and the transaction form (`add chain ip t c { type nat
 * hook prerouting priority dstnat ; }`), per nft(8) TABLES, CHAINS, SETS, MAPS.
 */
import type { NftBaseChain, NftChainType, NftFamily, NftHook, NftSet } from '../../../engine/nftables/types';
import type { At, RulesetBuilder } from './builder';
import type { Cursor } from './cursor';
import { parseElementList } from './elements';
import { parseLhs, startsExpr } from './expr';
import { resolvePriority } from './priority';
import { eachItem, skipSeparators, sub } from './span';
import { parseStatements } from './stmt';
import { typeofType } from './typeof';

const CHAIN_TYPES = new Set<string>(['filter', 'nat', 'route']);
const HOOKS = new Set<string>(['prerouting', 'input', 'forward', 'output', 'postrouting', 'ingress', 'egress']);
/** Named objects of a table the engine does not model; they only act through rules that use them. */
const OTHER_OBJECTS = new Set(['flowtable', 'counter', 'quota', 'ct', 'limit', 'secmark', 'synproxy', 'tunnel']);

/** Where token `t` of `c` is, for drafts. */
export function atOf(c: Cursor, i = c.pos): At {
  const t = c.tokens[Math.min(i, c.tokens.length - 1)];
  const source = t ? c.ref(t) : undefined;
  return { line: t?.line ?? 1, col: t?.col ?? 1, ...(source ? { source } : {}) };
}

/** Runs `item` on each line of a `{ … }` block (the cursor is on `{`), then takes the `}`. */
export function eachBlockItem(c: Cursor, b: RulesetBuilder, what: string, item: (it: Cursor) => void): void {
  c.expect('{', `"{" opening the ${what}`);
  for (;;) {
    skipSeparators(c);
    if (c.accept('}')) return;
    if (c.atEnd()) throw c.error(c.peek(), `expected "}" closing the ${what}`);
    eachItem(c, b.errors, item);
  }
}

/** A table body: `comment`, `flags`, `chain`, `set`, `map` (other named objects are skipped). */
export function parseTableBody(c: Cursor, b: RulesetBuilder, family: NftFamily, table: string): void {
  eachBlockItem(c, b, `table ${table}`, (it) => {
    const at = atOf(it);
    const w = it.name('chain, set, map, comment or flags');
    if (w.kind === 'word' && w.text === 'comment') b.addTable(family, table, at, { comment: it.name('the comment text in quotes').text });
    else if (w.text === 'flags') {
      it.name('table flags');
      while (it.accept(',')) it.name('a table flag');
    } else if (w.text === 'chain') {
      const name = it.name('the chain name').text;
      parseChainBody(it, b, family, table, name, at);
    } else if (w.text === 'set' || w.text === 'map') {
      const name = it.name(`the ${w.text} name`).text;
      parseSetBody(it, b, family, table, name, w.text, at);
    } else if (OTHER_OBJECTS.has(w.text)) it.pos = it.to;
    else throw it.error(w, 'expected chain, set, map, comment or flags in a table');
  });
}

/**
 * A chain body (the cursor is on `{`): `type T hook H [device D] priority P ;`, `policy V ;`,
 * `comment "…"` and rule lines. The chain is declared with what the body says; a base chain's
 * policy defaults to accept (nft(8) CHAINS).
 */
export function parseChainBody(c: Cursor, b: RulesetBuilder, family: NftFamily, table: string, chain: string, at: At, create = false): void {
  let base: Omit<NftBaseChain, 'policy'> | undefined;
  let policy: 'accept' | 'drop' | undefined;
  let comment: string | undefined;
  if (c.is('{')) {
    eachBlockItem(c, b, `chain ${chain}`, (it) => {
      const w = it.peek()!;
      if (w.kind === 'word' && w.text === 'type') base = parseBaseSpec(it, family);
      else if (w.kind === 'word' && w.text === 'policy') {
        it.pos++;
        const p = it.next('accept or drop');
        if (p.text !== 'accept' && p.text !== 'drop') throw it.error(p, 'expected the policy accept or drop');
        policy = p.text;
      } else if (w.kind === 'word' && w.text === 'comment' && it.to - it.pos === 2) {
        it.pos++;
        comment = it.name('the comment text in quotes').text;
      } else parseRuleLine(it, b, family, table, chain);
    });
  }
  if (policy && !base) b.err(at, `chain ${chain} has a policy but no "type … hook … priority …": only base chains have a policy`);
  b.addChain(family, table, chain, at, { ...(base ? { base: { ...base, policy: policy ?? 'accept' } } : {}), ...(comment !== undefined ? { comment } : {}), create });
}

/** `type T hook H [device D | devices = { … }] priority P`. */
function parseBaseSpec(c: Cursor, family: NftFamily): Omit<NftBaseChain, 'policy'> {
  c.expect('type');
  const type = c.next('a chain type (filter, nat or route)');
  if (!CHAIN_TYPES.has(type.text)) throw c.error(type, 'expected a chain type: filter, nat or route');
  c.expect('hook', '"hook" and the hook name');
  const hook = c.next('a hook name');
  if (!HOOKS.has(hook.text)) throw c.error(hook, 'expected a hook: prerouting, input, forward, output, postrouting, ingress or egress');
  let device: string | undefined;
  if (c.accept('device')) device = c.name('the device name').text;
  else if (c.accept('devices')) {
    c.expect('=');
    const els = parseElementList(c);
    const first = els[0]?.key[0];
    if (first?.kind === 'value') device = first.text;
  }
  const p = c.expect('priority', '"priority" and the priority');
  const from = c.pos;
  while (!c.atEnd()) c.pos++;
  const priorityText = c.text(from).trim();
  const r = resolvePriority(priorityText, family);
  if ('error' in r) throw c.error(c.tokens[from] ?? p, r.error);
  return { type: type.text as NftChainType, hook: hook.text as NftHook, priority: r.value, priorityText, ...(device !== undefined ? { device } : {}) };
}

/** A rule line of a chain block: statements, then an optional `# handle N`. */
export function parseRuleLine(c: Cursor, b: RulesetBuilder, family: NftFamily, table: string, chain: string, insert = false): void {
  let to = c.to;
  let handle: number | undefined;
  const last = c.tokens[to - 1];
  if (to > c.pos && last.kind === 'handle') {
    handle = Number(last.text);
    to--;
  }
  if (to === c.pos) throw c.error(c.peek(), 'expected the statements of a rule');
  const at = atOf(c);
  const rc = sub(c, c.pos, to);
  const parsed = parseStatements(rc);
  b.addRule(
    family,
    table,
    chain,
    { ...(handle !== undefined ? { handle } : {}), text: rc.text(c.pos, to), stmts: parsed.stmts, ...(parsed.comment !== undefined ? { comment: parsed.comment } : {}), at },
    insert,
  );
  c.pos = c.to;
}

/**
 * A set or map body (the cursor is on `{`): `type`/`typeof`, `flags`, `timeout`, `size`,
 * `policy`, `gc-interval`, `auto-merge`, `counter`, `comment`, `elements = { … }`.
 */
export function parseSetBody(c: Cursor, b: RulesetBuilder, family: NftFamily, table: string, name: string, kind: 'set' | 'map', at: At, create = false): void {
  let keyType: string[] | undefined;
  let dataType: string | undefined;
  let flags: string[] = [];
  let comment: string | undefined;
  const elements: ReturnType<typeof parseElementList> = [];
  eachBlockItem(c, b, `${kind} ${name}`, (it) => {
    const w = it.next('a set property such as type, flags or elements');
    switch (w.text) {
      case 'type':
      case 'typeof': {
        const t = w.text === 'type' ? parseTypeList(it) : parseTypeofList(it);
        keyType = t;
        if (it.accept(':')) dataType = (w.text === 'type' || it.is('verdict') ? parseTypeList(it) : parseTypeofList(it)).join(' . ');
        break;
      }
      case 'flags':
        flags = [it.name('set flags').text];
        while (it.accept(',')) flags.push(it.name('a set flag').text);
        break;
      case 'timeout':
      case 'gc-interval':
      case 'size':
      case 'policy':
        it.name(`the ${w.text}`);
        break;
      case 'auto-merge':
      case 'counter':
        break;
      case 'comment':
        comment = it.name('the comment text in quotes').text;
        break;
      case 'elements':
        it.expect('=', '"=" after elements');
        elements.push(...parseElementList(it));
        break;
      default:
        throw it.error(w, 'expected a set property: type, typeof, flags, timeout, size, policy, comment or elements');
    }
  });
  if (!keyType) return b.err(at, `${kind} ${name} needs a type (type ipv4_addr, type ipv4_addr . inet_service : verdict, …)`);
  if (kind === 'map' && dataType === undefined) return b.err(at, `map ${name} needs a data type after ":" (type KEY : verdict)`);
  if (kind === 'set' && dataType !== undefined) return b.err(at, `set ${name} has a data type: declare it as a map`);
  const set: Omit<NftSet, 'elements' | 'source'> = { name, kind, keyType, ...(dataType !== undefined ? { dataType } : {}), flags, ...(comment !== undefined ? { comment } : {}) };
  b.addSet(family, table, set, at, create);
  if (elements.length) b.addElements(family, table, name, elements, at);
}

/** `ipv4_addr . inet_proto . inet_service` → the names. */
function parseTypeList(c: Cursor): string[] {
  const out = [c.name('a data type such as ipv4_addr').text];
  while (c.accept('.')) out.push(c.name('a data type').text);
  return out;
}

/** `typeof ip daddr . tcp dport` → the data types those expressions have. */
function parseTypeofList(c: Cursor): string[] {
  if (!startsExpr(c)) throw c.error(c.peek(), 'expected an expression after typeof, such as ip daddr');
  const e = parseLhs(c).expr;
  return (e.kind === 'concat' ? e.parts : [e]).map(typeofType);
}
