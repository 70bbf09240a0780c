/**
 * Shapes shared by the store's slices and selectors: bundled scenario files, the picker's catalog
 * entries, and the full store state (the union of every slice).
 */
import type { LoadedScenario, ScenarioError } from '../scenario';
import type { Trace } from '../engine';

/** A scenario file shipped with the app: its id (file name without `.yaml`), path and raw text. */
export interface BundledFile {
  /** File name without `.yaml`, e.g. `canal-nodeport`; used in `?scenario=`. */
  readonly id: string;
  /** Path as shown in errors, e.g. `scenarios/canal-nodeport.yaml`. */
  readonly file: string;
  /** The YAML text. */
  readonly text: string;
}

/** One line of the scenario picker, from a bundled file's metadata. */
export interface ScenarioSummary {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly description?: string;
  /** Where the topology comes from (`metadata.source`). */
  readonly source?: { readonly article?: string; readonly section?: string; readonly url?: string };
  readonly flows: readonly { readonly name: string; readonly title?: string }[];
  /** Validation errors when a bundled file does not load (should never happen; shown, not hidden). */
  readonly errors: readonly ScenarioError[];
}

/** Where the user is: what the URL carries. Every part optional; the store fills in defaults. */
export interface Location {
  readonly scenario?: string;
  readonly flow?: string;
  readonly step?: number;
  readonly choices?: Readonly<Record<string, number>>;
}

/** The loaded scenario, the catalog and the last load's errors. */
export interface ScenarioSlice {
  /** Every bundled scenario, in file-name order. */
  readonly catalog: readonly ScenarioSummary[];
  /** The scenario on screen; stays when a later load fails. */
  readonly scenario: LoadedScenario | null;
  /** Bundled id of the scenario on screen; null for a file the user opened. */
  readonly scenarioId: string | null;
  /** Errors of the last load that failed (empty after a successful load). */
  readonly loadErrors: readonly ScenarioError[];
  /** A one-line message about a location that could not be honoured (unknown scenario or flow). */
  readonly notice: string | null;
  /** Loads a bundled scenario and selects its first flow. @returns false when the id is unknown. */
  loadBundledScenario(id: string): boolean;
  /**
   * Loads scenario text the user supplied (file picker, drag and drop). On failure the errors are
   * recorded and the current scenario stays. @returns true when it loaded.
   */
  loadScenarioText(text: string, file: string): boolean;
  /** Goes to a location (URL), falling back to defaults for parts that do not exist. */
  restoreLocation(loc: Location): void;
  /** Hides the error list and notice. */
  dismissErrors(): void;
}

/** The selected flow, the overrides of its random choices, and its Trace. */
export interface FlowSlice {
  readonly flowName: string | null;
  /** Random-choice overrides on top of the flow's own `choices` (`netns/table/chain` → rule number). */
  readonly choices: Readonly<Record<string, number>>;
  readonly trace: Trace | null;
  /** Selects a flow of the loaded scenario, simulates it and rewinds. @returns false when unknown. */
  selectFlow(name: string): boolean;
  /** Takes another branch of a random decision and re-traces; the cursor stays on the same step. */
  chooseAlternative(choice: string, option: number): void;
  /** Drops every override and re-traces with the flow's own choices. */
  resetChoices(): void;
}

/** The playback cursor: the index of the step on screen. */
export interface CursorSlice {
  readonly step: number;
  stepForward(): void;
  stepBack(): void;
  /** Moves to step `n` (clamped to the Trace). */
  jumpTo(n: number): void;
  jumpToStart(): void;
  jumpToEnd(): void;
}

/** Playback: whether the cursor advances by itself, and how fast. */
export interface PlaybackSlice {
  readonly playing: boolean;
  /** Speed multiplier, one of PLAYBACK_SPEEDS. */
  readonly speed: number;
  /** Starts playing (from the start when the cursor is at the end). */
  play(): void;
  pause(): void;
  togglePlay(): void;
  setSpeed(speed: number): void;
  /** One tick of the player: next step, or stop at the end. The UI's timer calls it. */
  advancePlayback(): void;
}

/** Viewer preferences. */
export interface PreferencesSlice {
  /** No tweening (from `prefers-reduced-motion`, or chosen by the user). */
  readonly reducedMotion: boolean;
  /** Show the local routing table expanded. */
  readonly showLocalRoutes: boolean;
  setReducedMotion(on: boolean): void;
  toggleLocalRoutes(): void;
}

/** The whole PacketWalk store. */
export type PacketWalkState = ScenarioSlice & FlowSlice & CursorSlice & PlaybackSlice & PreferencesSlice;
