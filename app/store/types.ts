/**
 * Shapes shared by the store's slices and selectors: bundled scenario files, the picker's catalog
 * entries, and the full store state (the union of every slice).
 */
import type { LoadedScenario, ScenarioError } from '../scenario';
import type { ClusterSource } from '../scenario/load';
import type { Topic } from '../scenario/schema';
import type { Trace, World } from '../engine';
import type { Breakage } from '../engine/breakage';
import type { Language } from '../i18n/languages';

export type { Breakage, Language };

/** A scenario file shipped with the app: its id (file name without `.yaml`), path and raw text. */
export interface BundledFile {
  /** File name without `.yaml`, e.g. `canal-nodeport`; used in `?scenario=`. */
  readonly id: string;
  /** Path as shown in errors, e.g. `scenarios/canal-nodeport.yaml`. */
  readonly file: string;
  /**
   * The YAML text, or a function that fetches it (the app's bundled files are chunks of their own,
   * downloaded when first opened or listed, so the first paint waits only for the one it shows).
   */
  readonly text: string | (() => Promise<string>);
}

/** A bundled file whose text is at hand (read from disk, or already fetched). */
export type BundledText = BundledFile & { readonly text: string };

/** One line of the scenario picker, from a bundled file's metadata. */
export interface ScenarioSummary {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly description?: string;
  /** The picker's group (`metadata.topic`); undefined: shown under "Other". */
  readonly topic?: Topic;
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
  /** Interface language (`?lang=en|zh`). */
  readonly lang?: Language;
  /** Presenter mode (`?present=1`). */
  readonly present?: boolean;
}

/** What the engine is doing for the store: loading scenario text, or tracing a flow. */
export type BusyKind = 'loading' | 'tracing';

/** Engine work in progress (shown as a progress indicator). */
export interface Busy {
  readonly kind: BusyKind;
  /** The scenario file it is about. */
  readonly file: string;
}

/**
 * A load error: a positioned ScenarioError, or a refusal that is not about a position, with a code
 * views translate: `too-large` (over `limit` bytes), `encoding` (not UTF-8: the message names the byte), `engine-timeout` (stopped after `seconds`),
 * `engine-failed`.
 */
export interface LoadError extends ScenarioError {
  readonly code?: 'too-large' | 'encoding' | 'engine-timeout' | 'engine-failed';
  /** The size limit in bytes, for `too-large`. */
  readonly limit?: number;
  /** The refused file's size in bytes, for `too-large`. */
  readonly size?: number;
  /** The time limit in seconds, for `engine-timeout`. */
  readonly seconds?: number;
}

/** A change to a cluster file's settings (see ScenarioSlice.switchCluster). */
export interface ClusterChange {
  readonly mode?: ClusterSource['mode'];
  readonly cni?: ClusterSource['cni'];
}

/** The loaded scenario, the catalog and the last load's errors. */
export interface ScenarioSlice {
  /** Every bundled scenario, in file-name order (empty until the engine has loaded them, after the first open). */
  readonly catalog: readonly ScenarioSummary[];
  /** The scenario on screen; stays when a later load fails. */
  readonly scenario: LoadedScenario | null;
  /** The key the engine keeps the scenario on screen under (see EngineBridge). */
  readonly scenarioKey: string | null;
  /** Bundled id of the scenario on screen; null for a file the user opened. */
  readonly scenarioId: string | null;
  /** Errors of the last load that failed (empty after a successful load). */
  readonly loadErrors: readonly LoadError[];
  /** A one-line message about a location that could not be honoured (unknown scenario or flow). */
  readonly notice: string | null;
  /** Engine work in progress, or null. Actions that load or trace set it until they settle. */
  readonly busy: Busy | null;
  /** Loads a bundled scenario and selects its first flow. Resolves false when the id is unknown. */
  loadBundledScenario(id: string): Promise<boolean>;
  /**
   * Loads scenario text the user supplied (file picker, drag and drop, an embed's source). On
   * failure the errors are recorded and the current scenario stays. Resolves true when it loaded.
   * @param flow the flow to select (default, or when it has no such flow: the first).
   * @param files other files opened with it, by name: what a cluster file's `objectsFrom:` reads
   *   (kept for switchCluster's rebuilds).
   */
  loadScenarioText(text: string, file: string, flow?: string, files?: Readonly<Record<string, string>>): Promise<boolean>;
  /**
   * Rebuilds the scenario on screen, a cluster file, with kube-proxy's mode or the CNI changed (the
   * file's own text with that one field set), and re-traces the same flow. The result is a file of
   * the user's (named after the original with the change), so the bundled entry stays as it was.
   * On failure the builder's errors are shown and the scenario stays. Resolves false when the
   * scenario is not a cluster file or the rebuild failed.
   */
  switchCluster(change: ClusterChange): Promise<boolean>;
  /**
   * Goes to a location (URL), falling back to defaults for parts that do not exist. Language and
   * presenter mode apply at once; the scenario, flow, choices and step once traced.
   */
  restoreLocation(loc: Location): Promise<void>;
  /** Shows errors found before loading (a file refused for its size); the scenario stays. */
  showLoadErrors(errors: readonly LoadError[]): void;
  /** Hides the error list and notice. */
  dismissErrors(): void;
}

/** The selected flow, the overrides of its random choices, and its Trace. */
export interface FlowSlice {
  readonly flowName: string | null;
  /** Random-choice overrides on top of the flow's own `choices` (`netns/table/chain` → rule number). */
  readonly choices: Readonly<Record<string, number>>;
  /** The Trace on screen (with the active breakages applied). */
  readonly trace: Trace | null;
  /** The World `trace` ran on: the scenario's, or its copy with the active breakages applied. */
  readonly world: World | null;
  /** The same flow and choices traced without breakages (the same object as `trace` when none). */
  readonly baseTrace: Trace | null;
  /** Selects a flow of the loaded scenario, simulates it and rewinds (dropping breakages). Resolves false when unknown. */
  selectFlow(name: string): Promise<boolean>;
  /** Takes another branch of a random decision and re-traces; the cursor stays on the same step. */
  chooseAlternative(choice: string, option: number): Promise<void>;
  /** Drops every override and re-traces with the flow's own choices. */
  resetChoices(): Promise<void>;
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
  /** One tick of the player: next step, or stop at the end (or before an open challenge question). The UI timer calls it. */
  advancePlayback(): void;
}

/** Colour theme of the interface. */
export type Theme = 'light' | 'dark';

/** Colours for request, reply, drop and encapsulation: the app's own, or Okabe–Ito (colour-blind safe). */
export type Palette = 'standard' | 'okabe-ito';

/** The preferences kept across visits (the app persists them in localStorage). */
export interface StoredPreferences {
  readonly language: Language;
  readonly theme: Theme;
  readonly palette: Palette;
}

/** Viewer preferences. */
export interface PreferencesSlice extends StoredPreferences {
  /** No tweening (from `prefers-reduced-motion`, or chosen by the user). */
  readonly reducedMotion: boolean;
  /** Show the local routing table expanded. */
  readonly showLocalRoutes: boolean;
  setReducedMotion(on: boolean): void;
  toggleLocalRoutes(): void;
  /** Switches the interface language (ignores unknown values). */
  setLanguage(lang: Language): void;
  setTheme(theme: Theme): void;
  setPalette(palette: Palette): void;
}

/** "Break it": edits of the World that the Trace on screen was simulated with. */
export interface BreakageSlice {
  /** Active breakages, in the order they were switched on. Not in the URL. */
  readonly breakages: readonly Breakage[];
  /** Switches a breakage on (or off when an equal one is active) and re-traces; the cursor stays. */
  toggleBreakage(b: Breakage): Promise<void>;
  /** Switches every breakage off: back to the scenario as written. */
  resetBreakages(): Promise<void>;
}

/** Challenge mode: questions asked before steps are revealed, the learner's answers and skips. */
export interface ChallengeSlice {
  readonly challenge: boolean;
  /**
   * Answers per flow variant (see `selectChallengeKey`): question id → option id, or `null` for a
   * question skipped explicitly. An answer cannot be changed.
   */
  readonly answers: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
  setChallenge(on: boolean): void;
  /** Answers a question of the flow on screen (a second answer to the same question is ignored). */
  answerQuestion(questionId: string, optionId: string): void;
  /** Skips a question: it no longer blocks stepping, and scores nothing. */
  skipQuestion(questionId: string): void;
  /** Forgets the answers of the flow on screen. */
  resetAnswers(): void;
}

/** Presenter mode: large type, only topology and step panel, blanking and auto-advance. */
export interface PresenterSlice {
  readonly presenting: boolean;
  /** The screen is blanked (`B`). */
  readonly blanked: boolean;
  /** Steps advance by themselves every `paceMs`. */
  readonly autoAdvance: boolean;
  /** Milliseconds per step when auto-advancing, one of PRESENTER_PACES. */
  readonly paceMs: number;
  /** Next/back and auto-advance go from key step to key step (selectKeySteps); off: step by step. */
  readonly keyStepsOnly: boolean;
  setPresenting(on: boolean): void;
  toggleKeyStepsOnly(): void;
  /** The presenter's next: the next key step, or the next step when `keyStepsOnly` is off. */
  presenterNext(): void;
  /** The presenter's back: the previous key step, or the previous step. */
  presenterBack(): void;
  toggleBlank(): void;
  toggleAutoAdvance(): void;
  setPace(ms: number): void;
  /** One auto-advance tick: next step, or stop at the end or at an unanswered question. */
  advanceAuto(): void;
}

/** The side panel's tabs. */
export type PanelTab = 'step' | 'changes' | 'break';

/** Which tab of the side panel is shown. */
export interface PanelSlice {
  readonly panel: PanelTab;
  showPanel(tab: PanelTab): void;
}

/** The whole PacketWalk store. */
export type PacketWalkState = ScenarioSlice & FlowSlice & CursorSlice & PlaybackSlice & PreferencesSlice & BreakageSlice & ChallengeSlice & PresenterSlice & PanelSlice;
