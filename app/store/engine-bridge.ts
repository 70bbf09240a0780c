/**
 * The only way the app reaches the scenario loader and the engine. Views never import these; they
 * read what the store keeps (the LoadedScenario, the World a Trace ran on, and the Trace).
 *
 * Loading and tracing go through an `EngineBridge`: in the browser a Web Worker client
 * (`app/worker/worker-bridge.ts`), so that no scenario blocks the page; in Node and tests the
 * in-process bridge (`./in-process-bridge.ts`). Everything a bridge returns is plain data (what
 * structured clone keeps), so the store behaves the same with either.
 */
import type { Message, Trace, World } from '../engine';
import { describeBreakage, suggestBreakages, type Breakage } from '../engine/breakage';
import { rewrites, type Rewrite } from '../engine/summary';
import type { LoadedScenario, ScenarioError } from '../scenario';

/** A value now, or later. A bridge may answer synchronously (the in-process one does). */
export type MaybePromise<T> = T | Promise<T>;

/** Applies `f` to a value now, or when it arrives. */
export function andThen<T, R>(v: MaybePromise<T>, f: (t: T) => MaybePromise<R>): MaybePromise<R> {
  return v instanceof Promise ? v.then(f) : f(v);
}

/** What loading gives: the scenario and the key it is kept under in the engine, or every error. */
export type BridgeLoadResult = { readonly ok: true; readonly key: string; readonly scenario: LoadedScenario } | { readonly ok: false; readonly errors: ScenarioError[] };

/** A Trace with the World it was simulated on: the scenario's (`world` null) or a broken copy. */
export interface TracedFlow {
  readonly trace: Trace;
  /** The World with the breakages applied; null when there were none (the scenario's own World). */
  readonly world: World | null;
}

/** Why the engine gave no answer. */
export type EngineFailureCode = 'timeout' | 'crashed';

/** The engine did not answer: it ran longer than allowed (and was stopped), or it failed. */
export class EngineFailure extends Error {
  /**
   * @param code `timeout`: stopped after `seconds`; `crashed`: the engine failed.
   * @param seconds the time limit, for `timeout`.
   */
  constructor(
    readonly code: EngineFailureCode,
    message: string,
    readonly seconds?: number,
  ) {
    super(message);
    this.name = 'EngineFailure';
  }
}

/** The loader and the engine, behind a boundary that may be a thread. */
export interface EngineBridge {
  /**
   * True when `load` and `trace` answer with plain values, not promises (the in-process bridge
   * without `defer`). The store then fills the scenario catalog at once; with a worker it waits
   * until the first scenario is on screen, so that scenario is not queued behind the others.
   */
  readonly synchronous?: boolean;
  /**
   * Parses and validates scenario text and keeps the scenario in the engine.
   * @param text YAML source (untrusted: it is only ever parsed as data).
   * @param file the name used in error positions.
   * @param files other files opened with it, by name: what a cluster file's `objectsFrom:` reads.
   */
  load(text: string, file: string, files?: Readonly<Record<string, string>>): MaybePromise<BridgeLoadResult>;
  /**
   * Simulates a flow of a loaded scenario.
   * @param key the key `load` gave.
   * @param choices overrides of random decisions, on top of the flow's own `choices`.
   * @param breakages edits applied to the World first ("Break it").
   * @returns null when the scenario has no flow of that name; rejects (or throws) EngineFailure.
   */
  trace(key: string, flow: string, choices: Readonly<Record<string, number>>, breakages: readonly Breakage[]): MaybePromise<TracedFlow | null>;
  /** Lets the engine forget a scenario (one the user replaced). */
  release(key: string): void;
  /** Stops the engine (terminates the worker). */
  dispose(): void;
}

/** The breakages worth offering for a Trace of `world` (see `suggestBreakages`). */
export function breakageSuggestions(world: World, trace: Trace): Breakage[] {
  return suggestBreakages(world, trace);
}

/** A short, command-like label of a breakage (`centos7-1: ip route del …`). */
export function breakageLabel(b: Breakage): Message {
  return describeBreakage(b);
}

/** Every rewrite of the packet along a Trace, in step order (MAC rewrites left out). */
export function traceRewrites(trace: Trace): Rewrite[] {
  return rewrites(trace);
}

export type { Breakage, Rewrite };
