/**
 * PacketWalk's flow engine: a model of the Linux packet path in pure TypeScript (no DOM, no React).
 * Give it a World (from `app/scenario`) and a flow; get a Trace.
 */
export { simulate, DEFAULT_SPORT, type FlowInput } from './sim/simulate';
export { DEFAULT_LIMITS, type EngineLimits } from './sim/context';
export { describeHooks, type HookFunctionInfo } from './sim/hook-registry';
export type * from './nftables/types';
export type * from './trace';
export { msg, isMessage, type Message, type MessageKey, type MessageParam } from './message';
export { walkedChainKey } from './trace';
export type * from './world';
export type * from './netfilter/types';
export type { SourceRef, SourceText } from './source';
export { unevaluable, type Unevaluable } from './unevaluable';
