/** Challenge slice: challenge mode on/off and the learner's answers, per flow variant. */
import type { StateCreator } from 'zustand';
import { selectChallengeKey, selectQuestions } from '../selectors/challenge';
import type { ChallengeSlice, PacketWalkState } from '../types';

/** Creates the challenge slice. */
export const createChallengeSlice: StateCreator<PacketWalkState, [], [], ChallengeSlice> = (set, get) => {
  /** Records `value` for question `id` of the flow on screen, once. */
  const record = (id: string, value: string | null) => {
    const s = get();
    const q = selectQuestions(s).find((x) => x.id === id);
    if (!q || (value !== null && !q.options.some((o) => o.id === value))) return;
    const key = selectChallengeKey(s);
    const mine = s.answers[key] ?? {};
    if (id in mine) return;
    set({ answers: { ...s.answers, [key]: { ...mine, [id]: value } } });
  };
  return {
    challenge: false,
    answers: {},
    setChallenge: (on) => set({ challenge: on, playing: false, autoAdvance: false }),
    answerQuestion: (id, option) => record(id, option),
    skipQuestion: (id) => record(id, null),
    resetAnswers() {
      const s = get();
      const answers = { ...s.answers };
      delete answers[selectChallengeKey(s)];
      set({ answers });
    },
  };
};
