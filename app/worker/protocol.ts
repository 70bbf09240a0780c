/**
 * Messages between the main thread and the engine worker. Requests carry an id; the worker answers
 * each with zero or more `part` messages (pieces of a large result, see `chunked.ts`) and then one
 * `done` (the result's root) or `error`. `release` needs no answer.
 */
import type { Breakage } from '../engine/breakage';
import type { EncodedRoot, Part } from './chunked';

/** Load scenario text and keep it under `key`; `quiet` answers only `{ok}` (a reload after a restart). */
export interface LoadRequest {
  readonly op: 'load';
  readonly id: number;
  readonly key: string;
  readonly text: string;
  readonly file: string;
  /** Other files opened with it, by name (a cluster file's `objectsFrom:`). */
  readonly files?: Readonly<Record<string, string>>;
  readonly quiet?: boolean;
}

/** Trace `flow` of the scenario kept under `key`. */
export interface TraceRequest {
  readonly op: 'trace';
  readonly id: number;
  readonly key: string;
  readonly flow: string;
  readonly choices: Readonly<Record<string, number>>;
  readonly breakages: readonly Breakage[];
}

/** Forget the scenario kept under `key`. */
export interface ReleaseRequest {
  readonly op: 'release';
  readonly key: string;
}

/** Anything the main thread sends. */
export type WorkerRequest = LoadRequest | TraceRequest | ReleaseRequest;

/** Anything the worker sends. */
export type WorkerResponse = { readonly id: number; readonly part: Part } | { readonly id: number; readonly done: EncodedRoot } | { readonly id: number; readonly error: string };
