/**
 * Parser for `iptables-save` text (the format `iptables-restore` reads), producing the engine's
 * ruleset model with positioned errors. Follows iptables-save(8)/iptables-restore(8) for the
 * layout (`*table`, `:CHAIN POLICY [p:b]`, `-A CHAIN …`, `COMMIT`, `#` comments), iptables(8) and
 * iptables-extensions(8) for rules, and `docs/linux-packet-path.md` §1–2 for semantics.
 *
 * Option parsing per extension lives in `./iptables/` (tokenize, values, matches, targets, rule,
 * table).
 */
import type { Ruleset, Table, TableName } from '../../engine/netfilter/types';
import type { SourceRef } from '../../engine/source';
import type { BlockLocator, ScenarioError } from '../errors';
import { RuleError } from './iptables/common';
import { Interner } from './iptables/intern';
import { TABLE_HOOKS } from './iptables/rule';
import { RuleShapes } from './iptables/rule-shape';
import { BlockRules } from './iptables/block-rules';
import { RuleLines } from './iptables/rule-lines';
import { type ChainDecl, finishTable } from './iptables/table';
import { isTargetName } from './iptables/targets';
import { type Token, tokenize } from './iptables/tokenize';

const TABLES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter', 'security'];
const OTHER_COMMANDS = new Set([
  '-I',
  '--insert',
  '-D',
  '--delete',
  '-R',
  '--replace',
  '-N',
  '--new-chain',
  '-X',
  '--delete-chain',
  '-P',
  '--policy',
  '-F',
  '--flush',
  '-Z',
  '--zero',
  '-E',
  '--rename-chain',
  '-L',
  '--list',
  '-S',
  '--list-rules',
]);
const COUNTERS = /^\[[0-9]+:[0-9]+\]$/;
const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
const UPPER_A = 0x41;
const SPACE = 0x20;

/** Offset of the next `c` in `text` at or after `from`, or Infinity. */
const nextOf = (text: string, c: string, from: number): number => {
  const i = text.indexOf(c, from);
  return i < 0 ? Infinity : i;
};

/**
 * The line ends (CR, LF or CRLF) of `text`, one after the other: `next(from)` is the offset of the
 * break ending the line that starts at `from`, or the text's length. Each break character is
 * searched for once, so the whole walk is linear.
 */
function lineEnds(text: string): (from: number) => number {
  let lf = -1;
  let cr = -1;
  return (from) => {
    if (lf < from) lf = nextOf(text, '\n', from);
    if (cr < from) cr = nextOf(text, '\r', from);
    return Math.min(lf, cr, text.length);
  };
}

interface Block {
  readonly name: TableName | undefined;
  /** Parse the block but keep nothing of it (unknown or repeated table). */
  readonly discard: boolean;
  readonly lineNo: number;
  readonly col: number;
  readonly decls: ChainDecl[];
  /** The position in `decls` of each name, for the duplicate check and the table's (a node's nat table declares tens of thousands). */
  readonly declared: Map<string, number>;
  readonly rules: BlockRules;
  /** Parses the block's rules, shape by shape. */
  readonly shapes: RuleShapes;
}

/**
 * Parses `iptables-save` text into a Ruleset.
 *
 * @param text the dump; line 1 of `text` is line 1 of the block `loc` maps.
 * @param loc maps block lines/columns to file positions for errors and `source` refs.
 * @returns `ruleset`: every committed table (a table with problems still appears, minus the rules
 *   in error; undeclared built-in chains are added with policy ACCEPT); `errors`: one
 *   ScenarioError per problem, at the offending word (line and column), sorted by position. A rule
 *   the engine could not evaluate exactly (unsupported match, target or option) is reported and
 *   left out, never silently accepted.
 *
 * Deliberate differences from iptables-restore: only `-A` lines are accepted (iptables-save never
 * prints other commands); a built-in chain needs its `:` line before it gets rules; a repeated
 * table is an error; a `:` line of a built-in chain with policy `-` means ACCEPT; unquoted
 * multi-word `--comment` values (as in kube-proxy's test dumps) are read up to the next option.
 * Never throws.
 */
export function parseIptablesSave(text: string, loc: BlockLocator): { ruleset: Ruleset; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  const tables: Partial<Record<TableName, Table>> = {};
  const seenTables = new Set<TableName>();
  const err = (lineNo: number, col: number, message: string): void => {
    const p = loc.at(lineNo, col);
    errors.push({ file: loc.file, line: p.line, column: p.column, path: loc.path, message });
  };
  // One object literal of three fields, not a spread: a spread builds the object a field at a time,
  // with its fields out of line, and a node's dump has one of these per rule.
  const src = (lineNo: number, col: number): SourceRef => {
    const p = loc.at(lineNo, col);
    return { file: loc.file, line: p.line, column: p.column };
  };

  const intern = new Interner();
  let block: Block | undefined;
  const closeBlock = (): void => {
    if (!block) return;
    if (block.name && !block.discard) {
      const { table, problems } = finishTable(block.name, block.decls, block.declared, block.rules);
      for (const p of problems) err(p.lineNo, p.col, p.message);
      tables[block.name] = table;
    }
    block = undefined;
  };

  // Line by line without splitting the whole dump first: an array of every line of a node's dump
  // would outlive the parse of most of them, and the garbage collector copies what lives on.
  let lineNo = 0;
  const lineEnd = lineEnds(text);
  for (let at = 0; at <= text.length;) {
    lineNo++;
    const next = lineEnd(at);
    const lineStart = at;
    const raw = text.slice(at, next);
    at = next + (text.charCodeAt(next) === CR && text.charCodeAt(next + 1) === LF ? 2 : 1);
    // Most rules of a node's dump are of a shape seen before: checked without tokenizing the line,
    // and kept as the line until its chain is read.
    if (block && raw.charCodeAt(0) === DASH && raw.charCodeAt(1) === UPPER_A && raw.charCodeAt(2) === SPACE) {
      const values = block.shapes.checkLine(raw);
      if (values) {
        block.rules.addLine(lineNo, lineStart, block.shapes.lastKey, values);
        continue;
      }
    }
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const col0 = raw.length - raw.trimStart().length + 1;

    if (trimmed.startsWith('*')) {
      if (block) {
        err(block.lineNo, block.col, `table ${block.name ?? '(unknown)'} has no COMMIT line before the next table on line ${lineNo}`);
        closeBlock();
      }
      const name = trimmed.slice(1).trim();
      const known = (TABLES as readonly string[]).includes(name) ? (name as TableName) : undefined;
      let discard = false;
      if (!known) {
        err(lineNo, col0 + 1, `unknown table "${name}" (tables: ${TABLES.join(', ')})`);
        discard = true;
      } else if (seenTables.has(known)) {
        err(lineNo, col0, `table ${known} appears twice; put all of its chains and rules in one *${known} … COMMIT block`);
        discard = true;
      }
      if (known) seenTables.add(known);
      const shapes = new RuleShapes(known ?? 'filter', intern);
      block = {
        name: known,
        discard,
        lineNo,
        col: col0,
        decls: [],
        declared: new Map(),
        rules: new BlockRules(known ?? 'filter', new RuleLines({ text, table: known ?? 'filter', shapes, src })),
        shapes,
      };
      continue;
    }

    const tk = tokenize(raw);
    if (!tk.ok) {
      err(lineNo, tk.col, tk.message);
      continue;
    }
    const tokens = tk.tokens;
    if (tokens.length === 0) continue;

    if (tokens[0].text === 'COMMIT' && !tokens[0].quoted) {
      if (!block) err(lineNo, col0, 'COMMIT without a table: start the table with a *table line');
      else if (tokens.length > 1) err(lineNo, tokens[1].col, `unexpected "${tokens[1].text}" after COMMIT`);
      closeBlock();
      continue;
    }

    if (trimmed.startsWith(':')) {
      if (!block) {
        err(lineNo, col0, 'chain declaration outside a table: start the table with a *table line');
        continue;
      }
      declareChain(block, tokens, lineNo, err, src, intern);
      continue;
    }

    let start = 0;
    if (tokens[0].text.startsWith('[') && COUNTERS.test(tokens[0].text) && tokens.length > 1) start = 1;
    const head = tokens[start];
    if (head.text === '-A' || head.text === '--append') {
      if (!block) {
        err(lineNo, head.col, 'rule outside a table: start the table with a *table line');
        continue;
      }
      const ruleTokens = start === 0 ? tokens : tokens.slice(start);
      try {
        block.rules.add(lineNo, raw.slice(head.col - 1).trim(), src(lineNo, head.col), block.shapes.parse(ruleTokens, start === 0 ? raw : undefined));
      } catch (e) {
        if (!(e instanceof RuleError)) throw e;
        err(lineNo, e.col, e.message);
      }
      continue;
    }
    if (OTHER_COMMANDS.has(head.text)) {
      err(lineNo, head.col, `"${head.text}" lines are not part of iptables-save output; write the rules with -A`);
      continue;
    }
    err(lineNo, head.col, `unrecognised line: expected *table, :CHAIN POLICY [0:0], -A CHAIN …, COMMIT or # comment`);
  }
  if (block) {
    err(block.lineNo, block.col, `table ${block.name ?? '(unknown)'} is never committed: add a COMMIT line at its end`);
    closeBlock();
  }
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ruleset: { tables }, errors };
}

/** Parses `:NAME POLICY [p:b]` into `block` (iptables-restore's chain line). */
function declareChain(
  block: Block,
  tokens: readonly Token[],
  lineNo: number,
  err: (lineNo: number, col: number, message: string) => void,
  src: (lineNo: number, col: number) => SourceRef,
  intern: Interner,
): void {
  const first = tokens[0];
  const name = intern.declared(first.text.slice(1));
  if (name === '') return err(lineNo, first.col, 'chain declaration needs a name right after ":"');
  const nameCol = first.col + 1;
  if (name.length > 28) return err(lineNo, nameCol, `chain name "${name}" is longer than 28 characters`);
  if (name.startsWith('-') || name.startsWith('!') || /\s/.test(name)) return err(lineNo, nameCol, `invalid chain name "${name}"`);
  if (isTargetName(name)) return err(lineNo, nameCol, `chain name "${name}" clashes with a target name`);
  const builtin = block.name !== undefined && (TABLE_HOOKS[block.name] as readonly string[]).includes(name);
  const policyTok = tokens[1];
  if (!policyTok) return err(lineNo, first.col, `chain ${name} needs a policy (ACCEPT or DROP for built-in chains, - for user chains)`);
  let policy: 'ACCEPT' | 'DROP' | undefined;
  if (builtin) {
    if (policyTok.text === 'ACCEPT' || policyTok.text === 'DROP') policy = policyTok.text;
    else if (policyTok.text === '-')
      policy = 'ACCEPT'; // iptables-restore keeps the current (default) policy.
    else return err(lineNo, policyTok.col, `policy of built-in chain ${name} must be ACCEPT or DROP, not "${policyTok.text}"`);
  } else if (policyTok.text !== '-') {
    return err(lineNo, policyTok.col, `${name} is a user chain in table ${block.name ?? '?'}: its policy must be "-" (only built-in chains have policies)`);
  }
  const counters = tokens[2];
  if (counters && !COUNTERS.test(counters.text)) return err(lineNo, counters.col, `expected packet:byte counters like [0:0], not "${counters.text}"`);
  if (tokens[3]) return err(lineNo, tokens[3].col, `unexpected "${tokens[3].text}" after the chain declaration`);
  if (block.declared.has(name)) return err(lineNo, nameCol, `chain ${name} is declared twice in table ${block.name}`);
  block.declared.set(name, block.decls.length);
  const source = src(lineNo, first.col);
  // Written out rather than spread: a node's nat table declares tens of thousands of chains.
  block.decls.push(policy ? { name, lineNo, col: first.col, builtin, policy, source } : { name, lineNo, col: first.col, builtin, source });
}
