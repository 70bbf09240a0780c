/**
 * The message key naming a step's stage: `stage.<stage>`, except that a rule or policy step of an
 * nftables chain is named as such (`stage.nftRule`, `stage.nftPolicy`), not as an iptables rule.
 */
import type { TraceStep } from '../engine';

/** The i18n key of `step`'s stage label. */
export function stageKey(step: Pick<TraceStep, 'stage' | 'nft'>) {
  if (step.nft && step.stage === 'rule') return 'stage.nftRule' as const;
  if (step.nft && step.stage === 'policy') return 'stage.nftPolicy' as const;
  return `stage.${step.stage}` as const;
}
