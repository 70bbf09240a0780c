/** The store's actions: loading, flows, cursor, playback, alternatives and invalid files. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPacketWalkStore, type PacketWalkStore } from './store';
import { createInProcessBridge } from './in-process-bridge';
import { readBundledFromDisk } from './disk-fixtures';
import { selectCurrentStep, selectFlowAlternatives, selectRequestOutcome, selectStepAlternatives } from './selectors';

const bundled = readBundledFromDisk();
let store: PacketWalkStore;
const st = () => store.getState();

beforeEach(async () => {
  store = createPacketWalkStore({ engine: createInProcessBridge(), bundled });
});

describe('catalog', () => {
  it('lists every bundled scenario with title, description, source and flows', async () => {
    expect(st().catalog.map((c) => c.id)).toEqual(bundled.map((b) => b.id));
    for (const c of st().catalog) {
      expect(c.errors).toEqual([]);
      expect(c.title.length).toBeGreaterThan(5);
      expect(c.flows.length).toBeGreaterThan(0);
    }
    const canal = st().catalog.find((c) => c.id === 'canal-nodeport');
    expect(canal?.source?.article).toBe('003_6e66ee3b8942f4c5.txt');
  });

  it('starts empty: nothing loaded, no trace', async () => {
    expect(st().scenario).toBeNull();
    expect(st().trace).toBeNull();
    expect(selectCurrentStep(st())).toBeNull();
  });
});

describe('loading', () => {
  it('loads a bundled scenario and selects its first flow', async () => {
    expect(await st().loadBundledScenario('canal-nodeport')).toBe(true);
    expect(st().scenarioId).toBe('canal-nodeport');
    expect(st().flowName).toBe('client-to-nodeport');
    expect(st().trace?.steps.length).toBeGreaterThan(50);
    expect(st().step).toBe(0);
  });

  it('refuses an unknown bundled id and keeps the state', async () => {
    await st().loadBundledScenario('canal-nodeport');
    expect(await st().loadBundledScenario('nope')).toBe(false);
    expect(st().scenarioId).toBe('canal-nodeport');
  });

  it('keeps the previous scenario when a file fails validation, and records positioned errors', async () => {
    await st().loadBundledScenario('canal-nodeport');
    st().jumpTo(13);
    const bad = 'version: 1\nmetadata:\n  title: Broken\nhosts:\n  - name: a\n    kind: node\n    interfaces:\n      - name: eth0\n        type: ethernet\n        segment: lan\n        mtu: big\n';
    expect(await st().loadScenarioText(bad, 'broken.yaml')).toBe(false);
    expect(st().scenarioId).toBe('canal-nodeport');
    expect(st().flowName).toBe('client-to-nodeport');
    expect(st().step).toBe(13);
    expect(st().loadErrors.length).toBeGreaterThan(0);
    const e = st().loadErrors.find((x) => x.path.includes('mtu'));
    expect(e).toMatchObject({ file: 'broken.yaml', line: 11 });
    expect(e?.column).toBeGreaterThan(0);
    st().dismissErrors();
    expect(st().loadErrors).toEqual([]);
  });

  it('records YAML syntax errors with their line', async () => {
    await st().loadBundledScenario('calico-ipip');
    expect(await st().loadScenarioText('version: 1\nmetadata: [\n', 'syntax.yaml')).toBe(false);
    expect(st().loadErrors[0]).toMatchObject({ file: 'syntax.yaml' });
    expect(st().loadErrors[0].line).toBeGreaterThanOrEqual(2);
    expect(st().scenarioId).toBe('calico-ipip');
  });

  it('loads valid text from a file as a scenario without a bundled id', async () => {
    const text = bundled.find((b) => b.id === 'calico-ipip')!.text;
    expect(await st().loadScenarioText(text, 'my-copy.yaml')).toBe(true);
    expect(st().scenarioId).toBeNull();
    expect(st().scenario?.file).toBe('my-copy.yaml');
    expect(st().flowName).toBe('pod-to-pod-ipip');
    expect(st().loadErrors).toEqual([]);
  });

  it('a successful load clears earlier errors', async () => {
    await st().loadScenarioText('nope: [', 'x.yaml');
    expect(st().loadErrors.length).toBeGreaterThan(0);
    await st().loadBundledScenario('calico-ipip');
    expect(st().loadErrors).toEqual([]);
  });
});

describe('flows', () => {
  beforeEach(async () => await st().loadBundledScenario('canal-nodeport'));

  it('selects another flow and rewinds', async () => {
    st().jumpTo(20);
    expect(await st().selectFlow('client-to-nodeport-other-endpoint')).toBe(true);
    expect(st().step).toBe(0);
    expect(st().trace?.outcome.request.netns).toBe('ghost-ep1');
  });

  it('offers the branches of a flow that pins the fall-through branch in its file', async () => {
    await st().selectFlow('client-to-nodeport-other-endpoint');
    expect(selectFlowAlternatives(st()).map((a) => [a.option, a.chosen])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('refuses an unknown flow', async () => {
    expect(await st().selectFlow('nope')).toBe(false);
    expect(st().trace).toBeNull();
  });

  it('choosing the other alternative shows the flow written for that branch (its title and narration), on the same step', async () => {
    expect(st().trace?.outcome.request.netns).toBe('ghost-ep2');
    const altStep = st().trace!.steps.findIndex((s) => s.alternatives?.length);
    st().jumpTo(altStep);
    await st().chooseAlternative('centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY', 2);
    expect(st().flowName).toBe('client-to-nodeport-other-endpoint');
    expect(st().choices).toEqual({});
    expect(st().trace?.outcome.request.netns).toBe('ghost-ep1');
    expect(st().step).toBe(altStep);
    // The engine lists the alternatives on the decision's step whichever branch was taken.
    const offered = selectStepAlternatives(st());
    expect(offered.map((a) => [a.option, a.chosen])).toEqual([
      [1, false],
      [2, true],
    ]);
    // No flow is written with branch 1 pinned: the same flow re-traces with the override.
    await st().chooseAlternative('centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY', 1);
    expect(st().flowName).toBe('client-to-nodeport-other-endpoint');
    expect(st().choices).toEqual({ 'centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY': 1 });
    expect(st().trace?.outcome.request.netns).toBe('ghost-ep2');
    await st().resetChoices();
    expect(st().trace?.outcome.request.netns).toBe('ghost-ep1');
  });
});

describe('cursor', () => {
  beforeEach(async () => await st().loadBundledScenario('canal-nodeport'));

  it('steps forward and back, clamped at both ends', async () => {
    st().stepBack();
    expect(st().step).toBe(0);
    st().stepForward();
    st().stepForward();
    expect(st().step).toBe(2);
    st().stepBack();
    expect(st().step).toBe(1);
    st().jumpToEnd();
    const last = st().trace!.steps.length - 1;
    expect(st().step).toBe(last);
    st().stepForward();
    expect(st().step).toBe(last);
    st().jumpToStart();
    expect(st().step).toBe(0);
  });

  it('jumps to a step, clamping out-of-range and non-numbers', async () => {
    const dnat = st().trace!.steps.findIndex((s) => s.rule?.text.includes('--to-destination 10.244.0.74:2368'));
    expect(dnat).toBeGreaterThan(0);
    st().jumpTo(dnat);
    expect(selectCurrentStep(st())?.rule?.text).toContain('--to-destination 10.244.0.74:2368');
    st().jumpTo(10_000);
    expect(st().step).toBe(st().trace!.steps.length - 1);
    st().jumpTo(-5);
    expect(st().step).toBe(0);
    st().jumpTo(Number.NaN);
    expect(st().step).toBe(0);
  });
});

describe('playback', () => {
  beforeEach(async () => await st().loadBundledScenario('docker-network-modes'));

  it('plays to the end one tick at a time and stops', async () => {
    await st().selectFlow('container-mode-nginx-to-ghost');
    st().play();
    expect(st().playing).toBe(true);
    for (let i = 0; i < 100 && st().playing; i++) st().advancePlayback();
    expect(st().playing).toBe(false);
    expect(st().step).toBe(st().trace!.steps.length - 1);
    expect(selectRequestOutcome(st())?.netns).toBe('pause');
  });

  it('play at the end restarts from the first step; manual steps pause', async () => {
    st().jumpToEnd();
    st().play();
    expect(st().step).toBe(0);
    st().stepForward();
    expect(st().playing).toBe(false);
    st().togglePlay();
    expect(st().playing).toBe(true);
    st().togglePlay();
    expect(st().playing).toBe(false);
  });

  it('ticks do nothing while paused; speed only takes offered values', async () => {
    st().advancePlayback();
    expect(st().step).toBe(0);
    st().setSpeed(2);
    expect(st().speed).toBe(2);
    st().setSpeed(3);
    expect(st().speed).toBe(2);
  });
});

describe('restoreLocation (URL)', () => {
  it('restores scenario, flow and step', async () => {
    await st().restoreLocation({ scenario: 'canal-nodeport', flow: 'client-to-nodeport-other-endpoint', step: 7 });
    expect([st().scenarioId, st().flowName, st().step]).toEqual(['canal-nodeport', 'client-to-nodeport-other-endpoint', 7]);
    expect(st().notice).toBeNull();
  });

  it('restores random-choice overrides', async () => {
    await st().restoreLocation({ scenario: 'canal-nodeport', flow: 'client-to-nodeport', step: 20, choices: { 'centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY': 2 } });
    expect(st().trace?.outcome.request.netns).toBe('ghost-ep1');
    expect(st().step).toBe(20);
  });

  it('opens the default scenario without a location, and notes unknown names', async () => {
    await st().restoreLocation({});
    expect(st().scenarioId).toBe('canal-nodeport');
    await st().restoreLocation({ scenario: 'missing', flow: 'x' });
    expect(st().scenarioId).toBe('canal-nodeport');
    expect(st().notice).toContain('missing');
  });
});

describe('preferences', () => {
  it('toggles reduced motion and the local routing table', async () => {
    const s2 = createPacketWalkStore({ engine: createInProcessBridge(), bundled, reducedMotion: true });
    expect(s2.getState().reducedMotion).toBe(true);
    s2.getState().setReducedMotion(false);
    expect(s2.getState().reducedMotion).toBe(false);
    expect(st().showLocalRoutes).toBe(false);
    st().toggleLocalRoutes();
    expect(st().showLocalRoutes).toBe(true);
  });
});
