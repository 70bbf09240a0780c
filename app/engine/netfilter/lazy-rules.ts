/**
 * Chains whose rules are built when first read. A node's kube-proxy dump holds tens of thousands
 * of rules, and a trace walks a few dozen chains of the ten thousand: the parser checks every rule
 * when the file loads (every error still names its line then), and keeps a rule as its line until
 * its chain is first read (iptables-save.ts, block-rules.ts). Every reader of `chain.rules` sees
 * the chain's rules as if they had been built at load.
 */
import type { SourceRef } from '../source';
import type { Chain, Rule } from './types';

/**
 * A chain whose `rules` are built by a function called at most once, on the first read. A class,
 * not an object literal with a getter: a node's table has ten thousand chains, and V8 makes such a
 * literal ten times slower to create. The getter lives on the prototype, so a spread or a structured
 * clone of the chain leaves `rules` out: copy a chain field by field (app/worker/view-world.ts).
 */
export class LazyChain implements Chain {
  readonly policy?: 'ACCEPT' | 'DROP';
  readonly source?: SourceRef;
  #rules: readonly Rule[] | undefined;
  #build: (() => Rule[]) | undefined;

  /**
   * @param count how many rules `build` gives (ruleCount answers it without building them).
   * @param build the rules in chain order, each with its 1-based `index`.
   */
  constructor(
    readonly name: string,
    readonly builtin: boolean,
    policy: 'ACCEPT' | 'DROP' | undefined,
    source: SourceRef | undefined,
    readonly count: number,
    build: () => Rule[],
  ) {
    if (policy) this.policy = policy;
    if (source) this.source = source;
    this.#build = build;
  }

  /** Whether `rules` has been read (the rules are built). */
  get built(): boolean {
    return this.#rules !== undefined;
  }

  get rules(): readonly Rule[] {
    if (this.#rules === undefined) {
      this.#rules = this.#build!();
      this.#build = undefined;
    }
    return this.#rules;
  }
}

/** How many rules `chain` holds, without building the rules of a LazyChain. */
export function ruleCount(chain: Chain): number {
  return chain instanceof LazyChain ? chain.count : chain.rules.length;
}
