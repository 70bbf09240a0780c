/**
 * `-m set` (xt_set, iptables-extensions(8) `libxt_set.man`, revision 4 as iptables 1.8 loads it):
 * `[!] --match-set NAME src|dst[,src|dst…]`, `--return-nomatch` and the default
 * `--update-counters`. The words and messages follow libxt_set.c (`parse_dirs`, `set_parse_v4`);
 * whether NAME exists is checked once the scenario's ipsets are known (`checkSetReferences`), as
 * iptables-restore does (measured: "Set NOPE doesn't exist.", the whole restore refused).
 */
import { type Builder, RuleError, once, optionTable } from './common';
import type { Token } from './tokenize';

/** IPSET_DIM_MAX: the most src/dst flags a rule may give. */
const DIM_MAX = 6;

/** Parses `src,dst,…` as libxt_set's parse_dirs does. */
function parseDirs(tok: Token): ('src' | 'dst')[] {
  const words = tok.text.split(',');
  if (words.some((w) => w !== 'src' && w !== 'dst')) throw new RuleError(tok.col, `"${tok.text}": you must specify (the comma separated list of) 'src' or 'dst'`);
  if (words.length > DIM_MAX) throw new RuleError(tok.col, `can't be more src/dst options than ${DIM_MAX}`);
  return words as ('src' | 'dst')[];
}

/** The options of setMatch: their spellings and which take `!` (one table for every rule). */
const SET_MATCH_OPTIONS = optionTable({ '--match-set': '--match-set', '--return-nomatch': '--return-nomatch', '--update-counters': '--update-counters' }, ['--match-set']);

/** The `-m set` builder. */
export const setMatch: Builder = (modTok) => {
  const seen = new Set<string>();
  let match: { name: string; dirs: ('src' | 'dst')[]; invert: boolean } | undefined;
  let returnNomatch = false;
  return {
    name: 'set',
    ...SET_MATCH_OPTIONS,
    parse(opt, optTok, invert, args) {
      once(seen, opt, optTok);
      if (opt === '--match-set') {
        const name = args.value(optTok);
        const next = args.peek();
        if (!next || (next.text.startsWith('-') && !next.quoted)) throw new RuleError(optTok.col, '--match-set requires two args: a set name and src/dst flags');
        if (name.text.length === 0 || name.text.length > 31) throw new RuleError(name.col, `"${name.text}" is not a set name (1–31 characters)`);
        match = { name: name.text, dirs: parseDirs(args.take()), invert };
      } else if (opt === '--return-nomatch') returnNomatch = true;
      // --update-counters is libxt_set's default: it changes nothing and iptables-save leaves it out.
    },
    finish() {
      if (!match) throw new RuleError(modTok.col, 'You must specify --match-set with -m set');
      return [{ kind: 'set', name: match.name, dirs: match.dirs, returnNomatch, invert: match.invert }];
    },
  };
};
