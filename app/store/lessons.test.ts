/**
 * The lesson and presentation slices: narration, what changed, Break it, challenge mode, presenter
 * mode, preferences and the side panel's tab, over real Traces of the bundled scenarios.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPacketWalkStore, type PacketWalkStore } from './store';
import { englishOf } from '../i18n/message-renderer';
import { createInProcessBridge } from './in-process-bridge';
import { readBundledFromDisk } from './disk-fixtures';
import {
  allowedStep,
  questionGate,
  selectAnswers,
  selectBlocked,
  selectBreakageOptions,
  selectCaption,
  selectCaptions,
  selectChainView,
  selectChallengeScore,
  selectIntro,
  selectQuestions,
  selectQuestionsAhead,
  selectKeySteps,
  selectRewrites,
} from './selectors';
import { sanitizePreferences } from './slices/preferences';

const bundled = readBundledFromDisk();
let store: PacketWalkStore;
const st = () => store.getState();

beforeEach(async () => {
  store = createPacketWalkStore({ engine: createInProcessBridge(), bundled });
  await st().loadBundledScenario('canal-nodeport');
});

describe('narration', () => {
  it('gives the intro and the caption of the step under the cursor, in both languages', async () => {
    expect(selectIntro(st())?.zh).toContain('NodePort');
    const captions = selectCaptions(st());
    expect(captions.size).toBeGreaterThan(3);
    expect(selectCaptions(st())).toBe(captions);
    const [first, caption] = [...captions.entries()][0];
    st().jumpTo(first);
    expect(selectCaption(st())).toEqual(caption);
    expect(selectCaption(st())?.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('has no caption on a step without one', async () => {
    const captions = selectCaptions(st());
    const free = st().trace!.steps.findIndex((s) => !captions.has(s.index));
    st().jumpTo(free);
    expect(selectCaption(st())).toBeNull();
  });
});

describe('what changed', () => {
  it('lists the DNAT with its rule, and is stable per Trace', async () => {
    const list = selectRewrites(st());
    const dnat = list.find((r) => r.kind === 'DNAT')!;
    expect(st().trace!.steps[dnat.step].changed.some((c) => c.field === 'ip.dst' && c.to === '10.244.0.74')).toBe(true);
    expect(dnat.rule?.text).toContain('--to-destination 10.244.0.74:2368');
    expect(list.map((r) => r.kind)).toEqual(expect.arrayContaining(['MASQUERADE', 'encap', 'decap', 'un-SNAT']));
    expect(selectRewrites(st())).toBe(list);
  });
});

describe('break it', () => {
  it('offers breakages for the flow, with describeBreakage labels', async () => {
    const options = selectBreakageOptions(st());
    expect(options.length).toBeGreaterThan(3);
    expect(options.some((o) => englishOf(o.label) === 'centos7-1: net.ipv4.ip_forward = 0')).toBe(true);
    expect(options.every((o) => !o.active)).toBe(true);
    expect(selectBreakageOptions(st())).toBe(options);
  });

  it('turning ip_forward off re-traces to a drop on centos7-1; Reset restores the scenario', async () => {
    const original = st().trace!;
    st().jumpTo(13);
    const off = selectBreakageOptions(st()).find((o) => o.breakage.kind === 'ip-forward-off' && o.breakage.netns === 'centos7-1')!;
    await st().toggleBreakage(off.breakage);
    expect(st().breakages).toEqual([off.breakage]);
    expect(st().trace!.outcome.request).toMatchObject({ result: 'dropped', netns: 'centos7-1' });
    expect(st().baseTrace).toBe(original);
    expect(st().world).not.toBe(st().scenario!.world);
    expect(st().step).toBe(13);
    expect(selectBreakageOptions(st()).find((o) => o.key === off.key)?.active).toBe(true);
    await st().resetBreakages();
    expect(st().breakages).toEqual([]);
    expect(st().trace!.outcome.request).toMatchObject({ result: 'delivered', netns: 'ghost-ep2' });
    expect(st().world).toBe(st().scenario!.world);
  });

  it('a toggle switches the same breakage off again', async () => {
    const b = selectBreakageOptions(st())[0].breakage;
    await st().toggleBreakage(b);
    await st().toggleBreakage({ ...b });
    expect(st().breakages).toEqual([]);
  });

  it('the chain view reads the broken World: a deleted rule is gone from its chain', async () => {
    st().jumpTo(13);
    const rule = selectBreakageOptions(st()).find((o) => o.breakage.kind === 'disable-rule' && o.breakage.chain === 'KUBE-SEP-UJXTJ7PNRUN6D2JD')!;
    await st().toggleBreakage(rule.breakage);
    expect(st().trace!.outcome.request.netns).not.toBe('ghost-ep2');
    const i = st().trace!.steps.findIndex((s) => s.chain === 'KUBE-SEP-UJXTJ7PNRUN6D2JD');
    st().jumpTo(i);
    expect(selectChainView(st())?.rules).toHaveLength(1);
  });

  it('selecting another flow or scenario drops the breakages', async () => {
    await st().toggleBreakage(selectBreakageOptions(st())[0].breakage);
    await st().selectFlow('client-to-nodeport-other-endpoint');
    expect(st().breakages).toEqual([]);
    await st().toggleBreakage(selectBreakageOptions(st())[0].breakage);
    await st().loadBundledScenario('calico-ipip');
    expect(st().breakages).toEqual([]);
  });
});

describe('challenge mode', () => {
  it('builds questions from the Trace, and none are ahead while the mode is off', async () => {
    const qs = selectQuestions(st());
    expect(qs.length).toBeGreaterThan(2);
    expect(qs.map((q) => q.kind)).toEqual(expect.arrayContaining(['next-chain', 'matching-rule', 'new-destination']));
    expect(selectQuestionsAhead(st())).toEqual([]);
    st().jumpToEnd();
    expect(st().step).toBe(st().trace!.steps.length - 1);
  });

  it('stops the cursor before an open question, until it is answered or skipped', async () => {
    st().setChallenge(true);
    const first = selectQuestions(st())[0];
    const gate = questionGate(first);
    st().jumpToEnd();
    expect(st().step).toBe(gate - 1);
    expect(selectBlocked(st())).toBe(true);
    expect(selectQuestionsAhead(st()).map((q) => q.id)).toContain(first.id);
    st().stepForward();
    expect(st().step).toBe(gate - 1);
    for (const q of selectQuestionsAhead(st())) st().answerQuestion(q.id, q.answer);
    expect(selectBlocked(st())).toBe(false);
    st().stepForward();
    expect(st().step).toBe(gate);
  });

  it('scores answers per flow; an answer cannot be changed; a skip scores nothing', async () => {
    st().setChallenge(true);
    const [a, b, c] = selectQuestions(st());
    const wrong = a.options.find((o) => o.id !== a.answer)!.id;
    st().answerQuestion(a.id, wrong);
    st().answerQuestion(a.id, a.answer);
    st().answerQuestion(b.id, b.answer);
    st().skipQuestion(c.id);
    st().answerQuestion('nope', '0');
    expect(selectAnswers(st())).toEqual({ [a.id]: wrong, [b.id]: b.answer, [c.id]: null });
    const score = selectChallengeScore(st());
    expect(score).toMatchObject({ correct: 1, answered: 2, skipped: 1, total: selectQuestions(st()).length });
    expect(selectChallengeScore(st())).toBe(score);
    await st().selectFlow('client-to-nodeport-other-endpoint');
    expect(selectChallengeScore(st()).answered).toBe(0);
    await st().selectFlow('client-to-nodeport');
    expect(selectChallengeScore(st()).correct).toBe(1);
    st().resetAnswers();
    expect(selectChallengeScore(st()).answered).toBe(0);
  });

  it('stops playback at an open question', async () => {
    st().setChallenge(true);
    const gate = questionGate(selectQuestions(st())[0]);
    st().play();
    for (let i = 0; i < 200 && st().playing; i++) st().advancePlayback();
    expect(st().playing).toBe(false);
    expect(st().step).toBe(gate - 1);
  });

  it('lets backward moves and moves past answered questions through', async () => {
    st().setChallenge(true);
    expect(allowedStep(st(), 5, 2)).toBe(2);
    st().setChallenge(false);
    expect(allowedStep(st(), 0, 80)).toBe(80);
  });

  it('asks where a packet is dropped before its direction starts', async () => {
    await st().loadBundledScenario('docker-cross-host-return-no-route');
    const drop = selectQuestions(st()).find((q) => q.kind === 'drop-point');
    expect(drop).toBeDefined();
    st().setChallenge(true);
    st().jumpTo(questionGate(drop!) - 1);
    expect(selectQuestionsAhead(st()).some((q) => q.kind === 'drop-point')).toBe(true);
    st().jumpToEnd();
    expect(st().step).toBe(questionGate(drop!) - 1);
  });
});

describe('presenter mode', () => {
  it('blanks and unblanks; entering or leaving resets blank and auto-advance', async () => {
    st().setPresenting(true);
    st().toggleBlank();
    expect(st().blanked).toBe(true);
    st().toggleBlank();
    expect(st().blanked).toBe(false);
    st().toggleBlank();
    st().setPresenting(false);
    expect([st().presenting, st().blanked, st().autoAdvance]).toEqual([false, false, false]);
  });

  it('auto-advances one key step per tick (one step with key steps off), not while blanked, and stops at the end', async () => {
    await st().selectFlow('client-to-nodeport');
    st().setPresenting(true);
    st().advanceAuto();
    expect(st().step).toBe(0);
    st().toggleAutoAdvance();
    st().advanceAuto();
    const keys = selectKeySteps(st());
    expect(st().step).toBe(keys[1]);
    st().toggleKeyStepsOnly();
    st().advanceAuto();
    expect(st().step).toBe(keys[1] + 1);
    st().toggleKeyStepsOnly();
    st().toggleBlank();
    st().advanceAuto();
    expect(st().step).toBe(keys[1] + 1);
    st().toggleBlank();
    for (let i = 0; i < 200 && st().autoAdvance; i++) st().advanceAuto();
    expect(st().autoAdvance).toBe(false);
    expect(st().step).toBe(st().trace!.steps.length - 1);
    st().toggleAutoAdvance();
    expect(st().step).toBe(0);
  });

  it('a manual step stops auto-advance; the pace takes offered values only', async () => {
    st().toggleAutoAdvance();
    st().stepForward();
    expect(st().autoAdvance).toBe(false);
    st().setPace(3000);
    expect(st().paceMs).toBe(3000);
    st().setPace(1234);
    expect(st().paceMs).toBe(3000);
  });

  it('restoreLocation turns presenter mode and the language on', async () => {
    await st().restoreLocation({ scenario: 'calico-ipip', present: true, lang: 'zh' });
    expect(st().presenting).toBe(true);
    expect(st().language).toBe('zh');
  });
});

describe('preferences and panel', () => {
  it('starts from the given preferences and switches language, theme and palette', async () => {
    const s2 = createPacketWalkStore({ engine: createInProcessBridge(), bundled, preferences: { language: 'zh', theme: 'dark' } });
    expect([s2.getState().language, s2.getState().theme, s2.getState().palette]).toEqual(['zh', 'dark', 'standard']);
    st().setLanguage('zh');
    st().setTheme('dark');
    st().setPalette('okabe-ito');
    expect([st().language, st().theme, st().palette]).toEqual(['zh', 'dark', 'okabe-ito']);
    st().setLanguage('fr' as 'en');
    st().setTheme('neon' as 'dark');
    expect([st().language, st().theme]).toEqual(['zh', 'dark']);
  });

  it('sanitizes stored preferences', async () => {
    expect(sanitizePreferences({ language: 'en', theme: 'x', palette: 'okabe-ito', extra: 1 })).toEqual({ language: 'en', palette: 'okabe-ito' });
    expect(sanitizePreferences('str')).toEqual({});
  });

  it('switches the side panel tab', async () => {
    expect(st().panel).toBe('step');
    st().showPanel('changes');
    expect(st().panel).toBe('changes');
    st().showPanel('bogus' as 'step');
    expect(st().panel).toBe('changes');
  });
});
