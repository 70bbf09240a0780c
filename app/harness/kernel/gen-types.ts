/** The generator's drawn genome and its options, shared by gen.ts and its builders. */

/** One rule, as drawn: indices interpreted by {@link buildScenario}. */
export interface RuleGene {
  /** Which table and built-in chain (weighted list, modulo its length). */
  readonly hook: number;
  /** 0: in the built-in chain; 1–2: in user chain 1–2 of that hook. */
  readonly user: number;
  readonly proto: number;
  readonly matches: readonly { readonly kind: number; readonly a: number; readonly neg: boolean }[];
  readonly target: { readonly kind: number; readonly a: number };
}

/** Everything drawn for one world. */
export interface Genome {
  readonly n: number;
  readonly parents: readonly number[];
  readonly bridged: readonly boolean[];
  readonly noForward: readonly number[];
  readonly defaultRoute: readonly boolean[];
  readonly dropRoute: number | null;
  readonly brnf: readonly boolean[];
  readonly rpFilter: readonly number[];
  readonly rules: readonly (readonly RuleGene[])[];
  readonly policies: readonly number[];
  readonly vip: { readonly where: number; readonly chain: number; readonly to: number; readonly port: number } | null;
  /** A REJECT rule for the flow's protocol in a filter chain (INPUT/FORWARD/OUTPUT or a user chain of it). */
  readonly reject: { readonly where: number; readonly hook: number; readonly user: boolean; readonly kind: number; readonly first: boolean } | null;
  /** A route of type unreachable or prohibit in place of one route of a netns (or added). */
  readonly badRoute: { readonly where: number; readonly route: number; readonly type: number } | null;
  readonly flow: { readonly from: number; readonly dst: number; readonly proto: number; readonly dport: number };
}

/** Generator options. */
export interface GenOptions {
  /**
   * Keep generated worlds away from known engine disagreements (default true), so the suite
   * stays green while they are open; `false` explores everything.
   */
  readonly avoidKnown: boolean;
}
