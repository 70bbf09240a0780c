/**
 * Parses the words of one `-A CHAIN …` line into a draft rule: the generic options of iptables(8)
 * (`-s -d -i -o -p -m -j -g`, `!` before an option), extension options dispatched to the loaded
 * matches/target as iptables' `command_default` does (including the implicit load of the `-p`
 * protocol's match), and the per-rule checks of iptables and the kernel. Jumps are resolved later,
 * once the table's chains are known.
 */
import type { HookName, Match, TableName, Target } from '../../../engine/netfilter/types';
import { type HookConstraint, type MatchInstance, type RuleFacts, type TargetInstance, PROTO_NUMBERS, RuleError } from './common';
import { SUPPORTED_MATCHES, loadMatch } from './matches';
import { SUPPORTED_TARGETS, isUnsupportedTarget, loadTarget } from './targets';
import { isKnownMatch, opaqueMatch, opaqueTarget } from './opaque';
import { Cursor } from './cursor';
import { Interner } from './intern';
import type { Token } from './tokenize';
import { parseCidr, parseDecimal, parseIfaceName } from './values';

/** A parsed rule before chain resolution. */
export interface DraftRule {
  readonly chain: string;
  /** Column of the chain name after `-A`, for errors about it. */
  readonly chainCol: number;
  readonly matches: readonly Match[];
  readonly target: Target;
  /** Column of the chain name of `-j CHAIN`/`-g CHAIN`, for errors about it (0 without a jump). */
  readonly jumpCol: number;
  /** Hook limits to check once the hooks reaching the chain are known. */
  readonly constraints: readonly HookConstraint[];
}

const PROTO_NAMES: Readonly<Record<number, 'tcp' | 'udp' | 'icmp' | 'all'>> = { 0: 'all', 1: 'icmp', 6: 'tcp', 17: 'udp' };

/**
 * The generic option `word` names in its short form (`--source` → `-s`), or undefined. A switch,
 * not a lookup table: each word of a dump is a fresh string, and a table lookup hashes it first.
 */
function genericOption(word: string): string | undefined {
  switch (word) {
    case '-s':
    case '--source':
    case '--src':
      return '-s';
    case '-d':
    case '--destination':
    case '--dst':
      return '-d';
    case '-i':
    case '--in-interface':
      return '-i';
    case '-o':
    case '--out-interface':
      return '-o';
    case '-p':
    case '--protocol':
      return '-p';
    case '-m':
    case '--match':
      return '-m';
    case '-j':
    case '--jump':
      return '-j';
    case '-g':
    case '--goto':
      return '-g';
    default:
      return undefined;
  }
}
const GENERIC_INVERTIBLE = ['-s', '-d', '-i', '-o', '-p'];
const NO_IN_IFACE: readonly string[] = ['OUTPUT', 'POSTROUTING'];
const NO_OUT_IFACE: readonly string[] = ['PREROUTING', 'INPUT'];

const NO_TARGET: Target = { kind: 'none' };
const NO_CONSTRAINTS: readonly HookConstraint[] = [];

/** A loaded `-m` match of the rule; `completed` once a later `-m` of the same name took over. */
interface Mod {
  readonly inst: MatchInstance;
  completed: boolean;
}

/** What one rule's words say so far, while they are read (iptables' `do_command` state). */
class RuleState {
  readonly seen = new Set<string>();
  src?: Match;
  dst?: Match;
  in?: Match;
  out?: Match;
  protoMatch?: Match;
  proto = 0;
  protoInvert = false;
  protoTok?: Token;
  protoUsed = false;
  readonly mods: Mod[] = [];
  target?: TargetInstance;
  jump?: { chain: string; goto: boolean; tok: Token };
  /** The `!` before the option being read. */
  inv?: Token;

  constructor(
    readonly table: TableName,
    readonly args: Cursor,
    readonly intern: Interner,
  ) {}

  /** A generic option (`name` in its short form) and its value. */
  generic(name: string, opt: Token, invert: boolean): void {
    if (name !== '-m') {
      const key = name === '-g' ? '-j' : name;
      if (this.seen.has(key)) throw new RuleError(opt.col, name === '-j' || name === '-g' ? 'only one -j/-g target per rule' : `${opt.text} may only be given once`);
      this.seen.add(key);
    }
    const v = this.args.value(opt);
    if (name === '-s' || name === '-d') {
      const c = parseCidr(v.text);
      if (!c.ok) throw new RuleError(v.col, c.message);
      if (name === '-s') this.src = { kind: 'src', cidr: c.value, invert };
      else this.dst = { kind: 'dst', cidr: c.value, invert };
    } else if (name === '-i' || name === '-o') {
      const n = parseIfaceName(v.text);
      if (!n.ok) throw new RuleError(v.col, n.message);
      if (name === '-i') this.in = { kind: 'in', name: n.value, invert };
      else this.out = { kind: 'out', name: n.value, invert };
    } else if (name === '-p') this.protocol(opt, v, invert);
    else if (name === '-m') this.match(v);
    else this.jumpOrTarget(name === '-g', v);
  }

  private protocol(opt: Token, v: Token, invert: boolean): void {
    const lower = v.text.toLowerCase();
    let num: number;
    if (Object.prototype.hasOwnProperty.call(PROTO_NUMBERS, lower)) num = PROTO_NUMBERS[lower];
    else {
      const p = parseDecimal(v.text, 0, 255);
      if (!p.ok) throw new RuleError(v.col, `unknown protocol "${v.text}" (a name such as tcp, udp, icmp, all, or a number 0–255)`);
      num = p.value;
    }
    if (num === 0 && invert) throw new RuleError(opt.col, '"! -p all" would never match; iptables refuses it');
    this.proto = num;
    this.protoInvert = invert;
    this.protoTok = v;
    this.protoMatch = { kind: 'proto', proto: PROTO_NAMES[num] ?? num, invert };
  }

  private match(v: Token): void {
    const inst = loadMatch(v.text, v) ?? (isKnownMatch(v.text) ? opaqueMatch(v) : undefined);
    if (!inst) throw new RuleError(v.col, `unknown match "-m ${v.text}" (not an iptables extension; the engine evaluates: ${SUPPORTED_MATCHES.join(', ')})`);
    // An opaque (unevaluated) match claims options only until the next -m.
    this.closeMods();
    // xtables_find_match: a new instance of a match completes the earlier ones of that name.
    for (const m of this.mods) if (m.inst.name === inst.name) m.completed = true;
    this.mods.push({ inst, completed: false });
  }

  private closeMods(): void {
    for (const m of this.mods) (m.inst as { close?: () => void }).close?.();
  }

  private jumpOrTarget(goto: boolean, v: Token): void {
    if (SUPPORTED_TARGETS.includes(v.text)) {
      if (goto) throw new RuleError(v.col, `-g needs a user chain, not the target ${v.text}`);
      this.target = loadTarget(v.text, v, this.table);
    } else if (isUnsupportedTarget(v.text)) {
      if (goto) throw new RuleError(v.col, `-g needs a user chain, not the target ${v.text}`);
      this.closeMods();
      this.target = opaqueTarget(v);
    } else {
      this.jump = { chain: this.intern.chain(v.text), goto, tok: v };
    }
  }

  /** An option of the target or of a loaded match (iptables' `command_default`). */
  extension(opt: Token, invert: boolean): void {
    for (;;) {
      const target = this.target;
      const tName = target?.canonical(opt.text);
      if (target && tName) {
        if (invert && !target.invertible(tName)) throw new RuleError(this.inv!.col, `"!" is not allowed before ${opt.text}`);
        target.parse(tName, opt, invert, this.args);
        return;
      }
      const owner = this.mods.find((m) => !m.completed && m.inst.canonical(opt.text) !== undefined);
      if (owner) {
        const name = owner.inst.canonical(opt.text)!;
        if (invert && !owner.inst.invertible(name)) throw new RuleError(this.inv!.col, `"!" is not allowed before ${opt.text}`);
        owner.inst.parse(name, opt, invert, this.args);
        return;
      }
      // iptables' load_proto: an unknown option loads the match named like the -p protocol, once.
      const pname = this.proto === 132 ? 'sctp' : PROTO_NAMES[this.proto];
      if (!this.protoUsed && this.protoTok && (pname === 'tcp' || pname === 'udp' || pname === 'icmp' || pname === 'sctp')) {
        this.protoUsed = true;
        const inst = loadMatch(pname, opt)!;
        for (const m of this.mods) if (m.inst.name === inst.name) m.completed = true;
        this.mods.push({ inst, completed: false });
        continue;
      }
      const loaded = this.mods.map((m) => m.inst.name);
      const ctx = [loaded.length ? `loaded matches: ${loaded.join(', ')}` : 'no match loaded with -m', target ? `target: ${target.name}` : this.jump ? 'the target is a chain' : 'no target yet'].join(
        '; ',
      );
      throw new RuleError(opt.col, `unknown or unsupported option "${opt.text}" (${ctx})`);
    }
  }
}

/**
 * Parses `tokens` (the whole line, starting with `-A`) of a rule in `table`. Equal matches and
 * targets of rules parsed with the same `intern` are one shared object (./intern.ts).
 * @throws RuleError at the first problem (the caller reports it and leaves the rule out).
 */
export function parseRuleTokens(tokens: readonly Token[], table: TableName, intern: Interner = new Interner()): DraftRule {
  const head = tokens[0];
  const chainTok = tokens[1];
  if (!chainTok) throw new RuleError(head.col, `${head.text} needs a chain name`);
  const chain = intern.chain(chainTok.text);
  const args = new Cursor(tokens, 2);
  const st = new RuleState(table, args, intern);
  while (!args.done) {
    const tok = args.take();
    if (tok.text === '!' && !tok.quoted) {
      if (st.inv) throw new RuleError(tok.col, 'only one "!" per option');
      st.inv = tok;
      continue;
    }
    if (tok.quoted || !tok.text.startsWith('-') || tok.text === '-' || tok.text === '--') {
      const hint = tok.text.includes("'") ? ' (iptables-restore only understands double quotes)' : '';
      throw new RuleError(tok.col, `unexpected word "${tok.text}": expected an option${hint}`);
    }
    const invert = st.inv !== undefined;
    const g = genericOption(tok.text);
    if (g) {
      if (invert && !GENERIC_INVERTIBLE.includes(g)) throw new RuleError(st.inv!.col, `"!" is not allowed before ${tok.text}`);
      st.generic(g, tok, invert);
    } else if (tok.text === '-f' || tok.text === '--fragment') {
      throw new RuleError(tok.col, `unsupported option "${tok.text}" (fragments are not modelled)`);
    } else {
      st.extension(tok, invert);
    }
    st.inv = undefined;
  }
  if (st.inv) throw new RuleError(st.inv.col, '"!" at the end of the rule negates nothing');
  return finishRule(st, chain, chainTok);
}

/** The rule's matches in kernel order and its target, after the checks that need the whole line. */
function finishRule(st: RuleState, chain: string, chainTok: Token): DraftRule {
  // iptables refuses interfaces that cannot exist at the built-in chain named in -A.
  if (st.in && NO_IN_IFACE.includes(chain)) throw new RuleError(chainTok.col, `can't use -i with ${chain}`);
  if (st.out && NO_OUT_IFACE.includes(chain)) throw new RuleError(chainTok.col, `can't use -o with ${chain}`);
  const { intern } = st;
  const facts: RuleFacts = { table: st.table, chain, proto: st.proto, protoInvert: st.protoInvert };
  const constraints: HookConstraint[] = [];
  const matches: Match[] = [];
  if (st.src) matches.push(intern.match(st.src));
  if (st.dst) matches.push(intern.match(st.dst));
  if (st.in) matches.push(intern.match(st.in));
  if (st.out) matches.push(intern.match(st.out));
  if (st.protoMatch) matches.push(intern.match(st.protoMatch));
  for (const mod of st.mods) for (const m of mod.inst.finish(facts, constraints)) matches.push(intern.match(m));
  let t: Target;
  if (st.target) t = st.target.finish(facts, constraints);
  else if (st.jump) t = { kind: 'jump', chain: st.jump.chain, goto: st.jump.goto };
  else t = NO_TARGET;
  // A copy of exactly its length: the pushed-to array has room for growth the rule never uses.
  return { chain, chainCol: chainTok.col, matches: matches.slice(), target: intern.target(t), jumpCol: st.jump ? st.jump.tok.col : 0, constraints: constraints.length ? constraints : NO_CONSTRAINTS };
}

/** Hooks whose built-in chain a table has (iptables(8) TABLES; linux-packet-path §1.2). */
export const TABLE_HOOKS: Readonly<Record<TableName, readonly HookName[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};
