/**
 * The fuzz oracle for one case: load the scenario text (twice: both loads must agree), simulate
 * every flow, and check that the result is either a list of well-positioned errors or Traces with
 * a known outcome that serialise to JSON. Never throws: an exception is reported as a problem.
 */
import { englishOf } from '../i18n/message-renderer';
import { simulate } from '../engine';
import type { Outcome, Trace } from '../engine/trace';
import type { Message } from '../engine/message';
import { flowInput, loadScenario, type ScenarioError } from '../scenario';

/** Outcomes a Trace may end in ('engine-limit': the engine's own budget, named as such). */
export const OUTCOMES: ReadonlySet<string> = new Set(['delivered', 'dropped', 'engine-limit']);

/** Longest error message accepted (a message quotes at most a short excerpt). */
export const MAX_MESSAGE = 300;

/** What a case expects beyond the generic oracle (set by generators that know the answer). */
export interface Expectation {
  /** The loader must refuse with an error whose message contains this, at one of `lines` (if given). */
  readonly refuse?: { readonly message: string; readonly lines?: readonly number[] };
  /** The loader must accept the file. */
  readonly load?: boolean;
  /** Flow i's request must end as `requests[i]` says (or in 'engine-limit'); missing entries: any. */
  readonly requests?: readonly ({ readonly result: string; readonly netns?: string } | undefined)[];
}

/** The verdict on one case. */
export interface CheckResult {
  /** Empty when the case passes. */
  readonly problems: string[];
  /** 'errors' when the loader refused, 'traces' when every flow was simulated. */
  readonly kind: 'errors' | 'traces' | 'exception';
  readonly flows: number;
  /** Wall time of the case itself (one load and every flow simulated and serialised), in ms. */
  readonly ms: number;
  /** The first exception's stack head, when one was thrown. */
  readonly stack?: string;
}

/** Splits text into lines the way YAML does (LF, CRLF and lone CR all end a line). */
export function textLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Problems with one loader error: position inside the text, bounded message. */
export function errorProblems(e: ScenarioError, lines: readonly string[], file: string): string[] {
  const out: string[] = [];
  const where = `error ${e.line}:${e.column} "${String(e.message).slice(0, 80)}"`;
  if (e.file !== file) out.push(`${where}: file is ${JSON.stringify(e.file)}, not ${JSON.stringify(file)}`);
  if (!Number.isInteger(e.line) || e.line < 1 || e.line > lines.length) out.push(`${where}: line outside 1..${lines.length}`);
  else if (!Number.isInteger(e.column) || e.column < 1 || e.column > lines[e.line - 1].length + 1)
    out.push(`${where}: column outside 1..${lines[e.line - 1].length + 1} (line ${e.line} has ${lines[e.line - 1].length} characters)`);
  if (typeof e.message !== 'string' || !e.message) out.push(`${where}: empty message`);
  else if (e.message.length > MAX_MESSAGE) out.push(`${where}: message of ${e.message.length} characters (max ${MAX_MESSAGE})`);
  return out;
}

function outcomeProblems(o: Outcome | null, what: string): string[] {
  if (o === null) return what === 'reply' ? [] : [`${what}: no outcome`];
  const r = (o as { result?: unknown }).result;
  return typeof r === 'string' && OUTCOMES.has(r) ? [] : [`${what}: outcome ${JSON.stringify(r)} is not one of ${[...OUTCOMES].join(', ')}`];
}

/** The first lines of an exception's stack (message and the top frames). */
export function stackHead(e: unknown, frames = 4): string {
  if (e instanceof Error)
    return (e.stack ?? `${e.name}: ${e.message}`)
      .split('\n')
      .slice(0, frames + 1)
      .join('\n');
  return `thrown: ${String(e)}`;
}

function traceJson(t: Trace): string {
  return JSON.stringify(t);
}

/**
 * Runs the oracle on one scenario text: the case proper (load, simulate and serialise every flow)
 * is timed; then the file is loaded again and the first flow re-simulated on the second World,
 * which must give the same errors or the same Trace. `onTimed` is called when the timed part ends.
 */
export function checkCase(text: string, file: string, expect: Expectation = {}, onTimed?: (ms: number) => void): CheckResult {
  const problems: string[] = [];
  let stage = 'load';
  let flows = 0;
  const t0 = performance.now();
  let ms = 0;
  try {
    const first = loadScenario(text, file);
    const jsons: string[] = [];
    if (first.ok)
      for (const flow of first.scenario.flows) {
        stage = `simulate flow ${flow.name}`;
        const t = simulate(first.scenario.world, flowInput(flow, undefined, first.scenario.flows));
        stage = `JSON of flow ${flow.name}`;
        jsons.push(traceJson(t));
        flows++;
      }
    ms = performance.now() - t0;
    onTimed?.(ms);
    stage = 'second load';
    const second = loadScenario(text, file);
    if (first.ok !== second.ok) problems.push(`loading twice gives different results (${first.ok} then ${second.ok})`);
    const lines = textLines(text);
    if (!first.ok) {
      if (!Array.isArray(first.errors) || first.errors.length === 0) problems.push('refused without errors');
      for (const e of first.errors) problems.push(...errorProblems(e, lines, file));
      if (!second.ok && JSON.stringify(first.errors) !== JSON.stringify(second.errors)) problems.push('loading twice gives different errors');
      if (expect.load)
        problems.push(
          `expected the file to load; refused: ${first.errors
            .map((e) => `${e.line}:${e.column} ${e.message}`)
            .join(' | ')
            .slice(0, 300)}`,
        );
      if (expect.refuse) {
        const hit = first.errors.filter((e) => e.message.includes(expect.refuse!.message));
        if (!hit.length)
          problems.push(
            `expected an error containing "${expect.refuse.message}"; got ${first.errors
              .map((e) => `${e.line}:${e.column} ${e.message}`)
              .join(' | ')
              .slice(0, 300)}`,
          );
        else if (expect.refuse.lines && !hit.some((e) => expect.refuse!.lines!.includes(e.line)))
          problems.push(`"${expect.refuse.message}" at line ${hit[0].line}, expected one of lines ${expect.refuse.lines.slice(0, 5).join(', ')}`);
      }
      return { problems, kind: 'errors', flows, ms };
    }
    if (expect.refuse) problems.push(`expected the loader to refuse with "${expect.refuse.message}", it loaded`);
    const sc = first.scenario;
    const twin = second.ok ? second.scenario : undefined;
    for (const [i, flow] of sc.flows.entries()) {
      const json = jsons[i];
      const t = JSON.parse(json) as Trace;
      problems.push(...outcomeProblems(t.outcome?.request ?? null, `${flow.name} request`), ...outcomeProblems(t.outcome?.reply ?? null, 'reply'));
      const req = t.outcome?.request as { result?: string; netns?: string; reason?: Message } | undefined;
      const want = expect.requests?.[i];
      if (want && req && req.result !== 'engine-limit' && (req.result !== want.result || (want.netns && req.netns !== want.netns)))
        problems.push(`${flow.name}: request ${req.result} at ${req.netns}${req.reason ? ` (${englishOf(req.reason)})` : ''}, expected ${want.result}${want.netns ? ` at ${want.netns}` : ''}`);
      if (twin && i === 0) {
        stage = `simulate flow ${flow.name} on the second load`;
        if (traceJson(simulate(twin.world, flowInput(flow, undefined, twin.flows))) !== json) problems.push(`${flow.name}: the second load's trace differs from the first's`);
      }
    }
    return { problems, kind: 'traces', flows, ms };
  } catch (e) {
    problems.push(`exception in ${stage}: ${stackHead(e, 0)}`);
    return { problems, kind: 'exception', flows, ms: ms || performance.now() - t0, stack: `${stage}: ${stackHead(e)}` };
  }
}
