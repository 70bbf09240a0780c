/**
 * Challenge mode: the questions of the Trace on screen (`questionsFor` from app/lessons), the
 * learner's answers for this flow, the score, and the gate that stops the cursor before a step
 * whose question is still open.
 */
import type { Trace, World } from '../../engine';
import { questionsFor, score, type Question } from '../../lessons/challenge';
import type { PacketWalkState } from '../types';
import { memoByObject, memoByPair } from './memo';

export type { Question };

const questionsOf = memoByPair((trace: Trace, world: World): readonly Question[] => questionsFor(trace, world));
const NO_QUESTIONS: readonly Question[] = [];
const NO_ANSWERS: Readonly<Record<string, string | null>> = {};

/** The questions of the Trace on screen, in step order. */
export const selectQuestions = (s: PacketWalkState): readonly Question[] => (s.trace && s.world ? questionsOf(s.trace, s.world) : NO_QUESTIONS);

/**
 * The key answers are kept under: scenario, flow, random choices and breakages (each variant of a
 * flow has its own Trace, so its own questions).
 */
export function selectChallengeKey(s: PacketWalkState): string {
  return [s.scenarioId ?? `file:${s.scenario?.file ?? ''}`, s.flowName ?? '', JSON.stringify(s.choices), JSON.stringify(s.breakages)].join('|');
}

/** The answers for the flow on screen: question id → option id, or null when skipped. */
export const selectAnswers = (s: PacketWalkState): Readonly<Record<string, string | null>> => s.answers[selectChallengeKey(s)] ?? NO_ANSWERS;

/**
 * The step a question guards: the cursor may not reach it while the question is open. A question
 * about the first step (shown on load) guards the move past it.
 */
export const questionGate = (q: Question): number => Math.max(q.step, 1);

/**
 * How far a forward move from `from` to `to` may go in challenge mode: up to just before the first
 * open question's gate that the move would cross.
 * @returns `to` when nothing blocks (or challenge mode is off, or the move is backwards).
 */
export function allowedStep(s: PacketWalkState, from: number, to: number): number {
  if (!s.challenge || to <= from) return to;
  const answers = selectAnswers(s);
  let limit = to;
  for (const q of selectQuestions(s)) {
    const g = questionGate(q);
    if (g > from && g <= limit && !(q.id in answers)) limit = g - 1;
  }
  return limit;
}

const byGate = memoByObject((qs: readonly Question[]): ReadonlyMap<number, readonly Question[]> => {
  const m = new Map<number, Question[]>();
  for (const q of qs) m.set(questionGate(q), [...(m.get(questionGate(q)) ?? []), q]);
  return m;
});

/** The questions to answer before the next step is shown (empty outside challenge mode). */
export const selectQuestionsAhead = (s: PacketWalkState): readonly Question[] => (s.challenge ? (byGate(selectQuestions(s)).get(s.step + 1) ?? NO_QUESTIONS) : NO_QUESTIONS);

/** True when an open question blocks the step after the cursor. */
export const selectBlocked = (s: PacketWalkState): boolean => allowedStep(s, s.step, s.step + 1) === s.step && !!s.trace && s.step < s.trace.steps.length - 1;

/** A flow's challenge score. */
export interface ChallengeScore {
  readonly correct: number;
  /** Questions answered (skips not counted). */
  readonly answered: number;
  readonly skipped: number;
  readonly total: number;
}

const scoreOf = memoByPair((qs: readonly Question[], answers: Readonly<Record<string, string | null>>): ChallengeScore => {
  const given: Record<string, string> = {};
  let skipped = 0;
  for (const [id, a] of Object.entries(answers)) {
    if (a === null) skipped++;
    else given[id] = a;
  }
  return { ...score(qs, given), skipped };
});

/** The score of the flow on screen (a stable object until an answer changes). */
export const selectChallengeScore = (s: PacketWalkState): ChallengeScore => scoreOf(selectQuestions(s), selectAnswers(s));
