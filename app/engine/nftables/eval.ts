/**
 * The nftables evaluator's public entry: walk one base chain for one packet
 * (nf_tables_core.c `nft_do_chain`). Pure: no DOM, no engine state besides the context given.
 * Contracts in ./eval-context.ts; the walk in ./eval-chain.ts, a rule's statements in
 * ./eval-stmt.ts, expressions in ./eval-expr.ts, set/map lookups in ./eval-set.ts (through the
 * per-list index of ./set-index.ts), typed constants in ./eval-value.ts.
 */
export { walkNftChain, NFT_JUMP_STACK_SIZE } from './eval-chain';
export type { NftContext, NftDecision, NftObserver, NftVerdictResult, NftWalkResult, NftNatRequest, NftPacket, NftAddrType } from './eval-context';
export { rejectWith } from './eval-stmt';
export { exprText, stmtText, verdictText } from './eval-text';
