/**
 * The chain being walked at a netfilter step, as iptables-save lists it: every rule of the chain
 * (carried by the Trace, or from the World), marked matched (the rule that decided), not matched (evaluated and passed over,
 * `step.notMatched`) or not evaluated.
 */
import type { Chain, Trace, TraceStep, WalkedRule, World } from '../../engine';
import { walkedChainKey } from '../../engine/trace';
import type { PacketWalkState } from '../types';
import { own } from '../../engine/own';

/** How a rule fared at the current step. */
export type RuleStatus = 'matched' | 'not-matched' | 'not-evaluated';

/** One rule line of the chain view. */
export interface ChainRuleRow {
  /** 1-based position in the chain. */
  readonly index: number;
  /** The `-A …` text as written in the scenario. */
  readonly text: string;
  readonly status: RuleStatus;
  /** Scenario line of the rule, when known. */
  readonly line?: number;
}

/** A chain as the step panel shows it. */
export interface ChainView {
  readonly netns: string;
  readonly table: string;
  readonly chain: string;
  readonly hook?: string;
  /** Policy of a built-in chain (`:PREROUTING ACCEPT`), absent for user chains. */
  readonly policy?: string;
  /** True when the step is the chain's policy applying (stage `policy`). */
  readonly policyApplied: boolean;
  /** True when the chain ran out of rules and returned (user chain, no rule matched). */
  readonly fellThrough: boolean;
  readonly verdict?: string;
  /**
   * The deciding rule's target when it is not the verdict itself (`DNAT`, `MASQUERADE`, `MARK`,
   * `REJECT`): TRACE reports a NAT target's verdict as ACCEPT and MARK's as CONTINUE, so the view
   * names both. Absent for jumps, gotos and the plain verdicts.
   */
  readonly target?: string;
  readonly rules: readonly ChainRuleRow[];
  /**
   * The deciding rule as `iptables-save` prints it back (`RuleRef.canonical`), when that differs
   * from the text as written (option order, `/32`, the implicit `-m tcp`).
   */
  readonly canonical?: string;
  /**
   * For an nftables chain: the table as nft names it, the base chain's declaration line
   * (`type nat hook prerouting priority dstnat; policy accept;`), and the set/map element that
   * decided, as written.
   */
  readonly nft?: { readonly family: string; readonly table: string; readonly base?: string; readonly element?: string };
}

const cache = new WeakMap<TraceStep, ChainView | null>();

/**
 * Builds the chain view of a step.
 * @param world the scenario's World (the step must come from a Trace of this World).
 * @returns null when the step does not walk a chain.
 */
export function chainView(world: World, step: TraceStep, walked?: Trace['walked']): ChainView | null {
  if (cache.has(step)) return cache.get(step) ?? null;
  let view: ChainView | null = null;
  if (step.nft && step.chain && (step.stage === 'rule' || step.stage === 'policy')) {
    view = nftChainView(world, step);
  } else if (step.table && step.chain && (step.stage === 'rule' || step.stage === 'policy')) {
    const chain = own(own(world.netns, step.netns)?.ruleset.tables[step.table]?.chains, step.chain);
    const rules = walkedRules(chain, walked, step).map((r): ChainRuleRow => ({ index: r.index, text: r.text, line: r.line, status: statusOf(step, r.index) }));
    view = {
      netns: step.netns,
      table: step.table,
      chain: step.chain,
      hook: step.hook,
      policy: chain?.policy,
      policyApplied: step.stage === 'policy',
      fellThrough: step.stage === 'rule' && !step.rule,
      verdict: step.verdict,
      ...(targetOf(step) ? { target: targetOf(step) } : {}),
      rules,
      canonical: step.rule?.canonical && step.rule.canonical !== step.rule.text ? step.rule.canonical : undefined,
    };
  }
  cache.set(step, view);
  return view;
}

/**
 * The rules of the step's chain: from the Trace when it carries them (the views' World leaves
 * them out: app/worker/view-world.ts), else from the World.
 */
function walkedRules(chain: Chain | undefined, walked: Trace['walked'], step: TraceStep): readonly WalkedRule[] {
  const carried = own(walked, walkedChainKey(step.netns, step.table!, step.chain!));
  if (carried) return carried;
  return (chain?.rules ?? []).map((r) => ({ index: r.index, text: r.text, line: r.source?.line }));
}

/** The `-j` target of the step's rule when it is neither a jump nor the verdict (iptables-extensions(8) target names are upper case). */
function targetOf(step: TraceStep): string | undefined {
  const m = /(?:^|\s)-j\s+([A-Z][A-Z0-9_-]*)(?=\s|$)/.exec(step.rule?.text ?? '');
  const target = m?.[1];
  if (!target || target === step.verdict || step.verdict?.startsWith('JUMP:') || step.verdict?.startsWith('GOTO:')) return undefined;
  return target;
}

/** How each rule of a chain fared at `step`. */
function statusOf(step: TraceStep, index: number): RuleStatus {
  const skipped = step.notMatched;
  return step.rule?.index === index ? 'matched' : skipped && index >= skipped.from && index <= skipped.to ? 'not-matched' : 'not-evaluated';
}

/** The chain view of an nftables step, as `nft list ruleset` prints the chain. */
function nftChainView(world: World, step: TraceStep): ChainView {
  const n = step.nft!;
  const table = own(world.netns, step.netns)?.nftables?.tables.find((t) => t.family === n.family && t.name === n.table);
  const chain = own(table?.chains, step.chain!);
  const b = chain?.base;
  return {
    netns: step.netns,
    table: `${n.family} ${n.table}`,
    chain: step.chain!,
    hook: step.hook,
    policyApplied: step.stage === 'policy',
    fellThrough: step.stage === 'rule' && !step.rule,
    verdict: step.verdict,
    rules: (chain?.rules ?? []).map((r) => ({ index: r.index, text: r.text, line: r.source?.line, status: statusOf(step, r.index) })),
    nft: {
      family: n.family,
      table: n.table,
      base: b ? `type ${b.type} hook ${b.hook}${b.device ? ` device ${b.device}` : ''} priority ${b.priorityText}; policy ${b.policy};` : undefined,
      element: n.element,
    },
  };
}

/** The chain view of the step under the cursor. */
export const selectChainView = (s: PacketWalkState): ChainView | null => {
  const step = s.trace?.steps[s.step];
  const world = s.world ?? s.scenario?.world;
  return step && world ? chainView(world, step, s.trace?.walked) : null;
};
