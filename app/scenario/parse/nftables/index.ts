/**
 * Parsers of nftables rulesets in the three syntaxes `nft` reads and writes: the block form of
 * `nft list ruleset` (with `nft -a`'s `# handle N`), the `nft -f` transaction form (`add table`,
 * `add chain`, `add rule`, `add set`, `add map`, `add element`, as kube-proxy writes), both read
 * by parseNftables, and `nft -j list ruleset` (libnftables-json(5)) read by parseNftablesJson.
 * All produce the model of app/engine/nftables/types.ts with positioned errors.
 */
import type { NftRuleset } from '../../../engine/nftables/types';
import type { BlockLocator, ScenarioError } from '../../errors';
import { RulesetBuilder, type TextError } from './builder';
import { checkRuleset } from './check';
import { parseCommands } from './commands';
import { Cursor } from './cursor';
import { parseJsonRuleset } from './json';
import { scan } from './tokenize';

/** Where the text starts in its file: a whole-file position, or a locator of a YAML block scalar. */
export type NftOrigin = { readonly file: string; readonly line: number; readonly column: number; readonly path?: string } | BlockLocator;

/** The result of a parse: the ruleset (everything that parsed) and every problem, sorted by position. */
export interface NftParseResult {
  readonly ruleset: NftRuleset;
  readonly errors: ScenarioError[];
}

/** A locator for an origin: line 1 of the text starts at the origin's column, later lines at column 1. */
export function locatorOf(origin: NftOrigin): BlockLocator {
  if ('at' in origin) return origin;
  return {
    file: origin.file,
    path: origin.path ?? '',
    at: (n, col = 1) => ({ line: origin.line + n - 1, column: n === 1 ? origin.column + col - 1 : col }),
  };
}

/** Positions text errors in the file and sorts them. */
export function toScenarioErrors(loc: BlockLocator, errors: readonly TextError[]): ScenarioError[] {
  return errors.map((e) => ({ file: loc.file, ...loc.at(e.line, e.col), path: loc.path, message: e.message })).sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Parses nft ruleset text in the block form, the transaction form or a mix (nft(8)).
 * A statement the engine does not evaluate is kept as an `unsupported` statement (not an error);
 * a command or line with broken syntax is a positioned error and is left out. After parsing, the
 * refusals the kernel makes at commit (unknown jump target or @set, jump to a base chain, loops,
 * nesting deeper than 16) are errors at the rule. Never throws.
 */
export function parseNftables(text: string, origin: NftOrigin): NftParseResult {
  const loc = locatorOf(origin);
  const { tokens, errors: scanErrors } = scan(text);
  const b = new RulesetBuilder();
  b.errors.push(...scanErrors.map((e) => ({ line: e.line, col: e.col, message: e.message })));
  const c = new Cursor(tokens, text);
  c.ref = (t) => ({ file: loc.file, ...loc.at(t.line, t.col) });
  parseCommands(c, b);
  const ruleset = b.freeze();
  // A line with an unterminated string says so once, not again for what the string swallowed.
  const scanLines = new Set(scanErrors.map((e) => e.line));
  const errors = toScenarioErrors(
    loc,
    b.errors.filter((e, i) => i < scanErrors.length || !scanLines.has(e.line)),
  );
  for (const e of checkRuleset(ruleset)) {
    const p = e.source ?? { file: loc.file, ...loc.at(1, 1) };
    errors.push({ file: p.file, line: p.line, column: p.column, path: loc.path, message: e.message });
  }
  errors.sort((a, b2) => a.line - b2.line || a.column - b2.column);
  return { ruleset, errors };
}

/**
 * Parses `nft -j list ruleset` output (libnftables-json(5)) into the same model; each rule's text
 * is rebuilt in nft syntax. Errors are positioned at the JSON object they concern. Never throws.
 */
export function parseNftablesJson(text: string, origin: NftOrigin): NftParseResult {
  const loc = locatorOf(origin);
  const r = parseJsonRuleset(text, loc);
  const errors = toScenarioErrors(loc, r.errors);
  for (const e of checkRuleset(r.ruleset)) {
    const p = e.source ?? { file: loc.file, ...loc.at(1, 1) };
    errors.push({ file: p.file, line: p.line, column: p.column, path: loc.path, message: e.message });
  }
  errors.sort((a, b2) => a.line - b2.line || a.column - b2.column);
  return { ruleset: r.ruleset, errors };
}
