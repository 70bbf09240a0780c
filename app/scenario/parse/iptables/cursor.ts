/**
 * The cursor over a rule's words that option parsers read their values from (iptables' `optind`
 * over the rule's argv, `iptables/xshared.c`).
 */
import { type ArgCursor, RuleError } from './common';
import type { Token } from './tokenize';

/** The words of a rule after `-A CHAIN`, read one after the other (an object, not closures: a dump has tens of thousands of rules). */
export class Cursor implements ArgCursor {
  constructor(
    private readonly tokens: readonly Token[],
    public pos: number,
  ) {}

  value(opt: Token): Token {
    const t = this.tokens[this.pos];
    if (!t) throw new RuleError(opt.col, `${opt.text} needs a value`);
    if (t.text === '!' && !t.quoted) throw new RuleError(t.col, `put "!" before the option ("! ${opt.text} …"), not after it`);
    this.pos++;
    return t;
  }

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  take(): Token {
    return this.tokens[this.pos++];
  }

  get done(): boolean {
    return this.pos >= this.tokens.length;
  }
}
