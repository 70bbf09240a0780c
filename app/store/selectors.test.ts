/** The store's selectors over real Traces of the bundled scenarios. */
import { englishOf } from '../i18n/message-renderer';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TraceStep } from '../engine';
import { createPacketWalkStore, type PacketWalkStore } from './store';
import { createInProcessBridge } from './in-process-bridge';
import { readBundledFromDisk } from './disk-fixtures';
import {
  describeOutcome,
  selectChainView,
  selectCurrentFlow,
  selectIsAtEnd,
  selectL2View,
  selectPipelinePosition,
  selectReplyOutcome,
  selectRequestOutcome,
  selectRouteView,
  selectStepCount,
  selectStepGroups,
} from './selectors';

const bundled = readBundledFromDisk();
let store: PacketWalkStore;
const st = () => store.getState();
/** The first step (at or after `from`) that `pred` holds for: tests find steps by what they are, not by number. */
const idx = (pred: (s: TraceStep) => boolean, from = 0) => {
  const i = st().trace!.steps.findIndex((s, k) => k >= from && pred(s));
  expect(i, String(pred)).toBeGreaterThanOrEqual(0);
  return i;
};
const dnatStep = () => idx((s) => s.stage === 'rule' && s.changed.some((c) => c.field === 'ip.dst' && c.to === '10.244.0.74'));

beforeEach(async () => {
  store = createPacketWalkStore({ engine: createInProcessBridge(), bundled });
  await st().loadBundledScenario('canal-nodeport');
});

describe('chain view', () => {
  it('lists the chain from the World with the matched rule and the rules passed over', async () => {
    st().jumpTo(dnatStep());
    const v = selectChainView(st())!;
    expect(v.chain).toBe('KUBE-SEP-UJXTJ7PNRUN6D2JD');
    expect(v.table).toBe('nat');
    expect(v.rules.map((r) => r.status)).toEqual(['not-matched', 'matched']);
    expect(v.rules[1].text).toContain('--to-destination 10.244.0.74:2368');
    expect(selectChainView(st())).toBe(v); // stable for the same step
  });

  it('marks the policy applying at a policy step', async () => {
    const i = st().trace!.steps.findIndex((s) => s.stage === 'policy');
    st().jumpTo(i);
    const v = selectChainView(st())!;
    expect(v.policyApplied).toBe(true);
    expect(v.policy).toBe('ACCEPT');
  });

  it('is null for a step that walks no chain', async () => {
    st().jumpTo(0);
    expect(selectChainView(st())).toBeNull();
  });
});

describe('route view', () => {
  it('marks the chosen route in the main table', async () => {
    st().jumpTo(idx((s) => s.route?.text.startsWith('10.244.0.0/24 via') ?? false));
    const v = selectRouteView(st())!;
    expect(v.main.filter((r) => r.chosen).map((r) => r.text)).toEqual(['10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink']);
    expect(v.local.length).toBeGreaterThan(0);
  });

  it('with policy routing: lists the ip rules with the deciding one marked, and shows the table the route came from', async () => {
    await st().loadBundledScenario('lesson-policy-routing');
    await st().selectFlow('fwmark-to-isp-b');
    st().jumpTo(idx((s) => s.netns === 'r' && s.stage === 'route'));
    const v = selectRouteView(st())!;
    expect(v.table).toBe('100');
    expect(v.main.filter((r) => r.chosen).map((r) => r.text)).toEqual(['default via 10.0.2.2 dev eth2 table 100']);
    expect(v.rules?.filter((r) => r.chosen).map((r) => r.text)).toEqual(['100: from all fwmark 0x1/0x1 lookup 100']);
    expect(v.rules).toHaveLength(8);
  });

  it('marks a local-table route', async () => {
    st().jumpTo(idx((s) => s.route?.table === 'local'));
    const v = selectRouteView(st())!;
    expect(v.chosenTable).toBe('local');
    expect(v.local.some((r) => r.chosen)).toBe(true);
  });
});

describe('L2 view', () => {
  it('marks the static neighbour and FDB entries used for VXLAN', async () => {
    st().jumpTo(idx((s) => s.neigh?.how === 'static'));
    const n = selectL2View(st())!;
    expect(n.kind).toBe('neigh');
    expect(n.how).toBe('static');
    expect(n.table.some((r) => r.used)).toBe(true);
    st().jumpTo(idx((s) => s.fdb?.how === 'static'));
    const f = selectL2View(st())!;
    expect(f.kind).toBe('fdb');
    expect(f.entry).toContain('dst 172.16.240.132');
  });
});

describe('pipeline position', () => {
  const at = (i: number) => {
    st().jumpTo(i);
    return selectPipelinePosition(st());
  };
  it('places steps on the forward, input and output paths', async () => {
    expect(at(0)).toEqual({ row: 'output', node: 'local' });
    expect(at(idx((s) => s.stage === 'recv' && s.netns === 'centos7-1'))).toEqual({ row: 'forward', node: 'in' });
    expect(at(dnatStep())).toEqual({ row: 'forward', node: 'PREROUTING' });
    expect(at(dnatStep() + 1)).toEqual({ row: 'forward', node: 'routing' });
    expect(at(idx((s) => s.stage === 'forward'))).toEqual({ row: 'forward', node: 'FORWARD' });
    expect(at(idx((s) => s.hook === 'POSTROUTING'))).toEqual({ row: 'forward', node: 'POSTROUTING' });
    const encap = idx((s) => s.stage === 'encap');
    expect(at(idx((s) => s.stage === 'route', encap))).toEqual({ row: 'output', node: 'routing' }); // the VXLAN outer packet is local output
    expect(at(idx((s) => s.hook === 'OUTPUT', encap))).toEqual({ row: 'output', node: 'OUTPUT' });
    expect(at(idx((s) => s.hook === 'POSTROUTING', encap))).toEqual({ row: 'output', node: 'POSTROUTING' });
    expect(at(idx((s) => s.hook === 'INPUT'))).toEqual({ row: 'input', node: 'INPUT' });
    expect(at(idx((s) => s.stage === 'deliver'))).toEqual({ row: 'input', node: 'local' });
  });

  it('places a routing drop on the routing box', async () => {
    await st().loadBundledScenario('docker-cross-host-return-no-route');
    st().jumpToEnd();
    expect(selectPipelinePosition(st())).toEqual({ row: 'forward', node: 'routing' });
  });
});

describe('groups, counts and outcomes', () => {
  it('groups consecutive steps by netns and direction, covering every step once', async () => {
    const groups = selectStepGroups(st());
    expect(groups[0]).toMatchObject({ netns: 'client', direction: 'request', start: 0 });
    let next = 0;
    for (const g of groups) {
      expect(g.start).toBe(next);
      next = g.end + 1;
    }
    expect(next).toBe(selectStepCount(st()));
    expect(selectStepGroups(st())).toBe(groups);
  });

  it('reveals each outcome once the cursor reaches it', async () => {
    expect(selectRequestOutcome(st())).toBeNull();
    expect(selectIsAtEnd(st())).toBe(false);
    st().jumpToEnd();
    expect(selectIsAtEnd(st())).toBe(true);
    const req = selectRequestOutcome(st())!;
    const rep = selectReplyOutcome(st())!;
    expect(describeOutcome('request', req, englishOf)).toBe('request delivered at ghost-ep2/eth0: 10.244.1.0:40123 → 10.244.0.74:2368 tcp');
    expect(describeOutcome('reply', rep, englishOf)).toContain('reply delivered at client/eth0');
  });

  it('describes a drop with where and why', async () => {
    await st().loadBundledScenario('docker-cross-host-return-no-route');
    st().jumpToEnd();
    expect(describeOutcome('reply', selectReplyOutcome(st())!, englishOf)).toBe('reply dropped at gw/eth0 (route): no route to 172.17.0.2');
  });

  it('gives the selected flow definition', async () => {
    expect(selectCurrentFlow(st())?.title).toContain('NodePort');
  });
});
