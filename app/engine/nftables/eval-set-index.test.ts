/**
 * The set index (set-index.ts) changes nothing but the speed: on a generated kube-proxy node in
 * nftables mode (300 Services, plus a NodePort added to `nodeport-ips`/`service-nodeports`),
 * every lookup finds the same element as a walk of the whole list, and every Trace (first,
 * middle, last Service, an unallocated ClusterIP, a NodePort) is the same as with the lookup
 * forced to walk the element list. Also: overlapping and duplicate elements resolve first in list
 * order, and a name holding `|` does not collide with two fields.
 */
import { describe, expect, it, vi } from 'vitest';
import { benchScenarioYaml } from '../../bench/bench-scenario';
import { kubeProxyNftDump } from '../../bench/kube-proxy-nftables';
import { flowInput, loadScenario } from '../../scenario';
import { simulate } from '..';
import { tableBaseChains } from './base-chains';
import { findElement } from './eval-set';
import { NftCannotEvaluate } from './eval-context';
import { msg } from '../message';
import { englishOf } from '../../i18n/message-renderer';
import { constInterval, inInterval, ipv4ToNumber, type NftType, type NftValue } from './eval-value';
import type { SetEntry, SetIndex } from './set-index';
import { elementKey } from './set-index';
import { el, rng } from './test/model';
import type { NftElement, NftTable } from './types';

/** When true, set-index.ts `lookupKnown` walks every entry in order instead of probing the hash. */
const linear = vi.hoisted(() => ({ on: false }));
vi.mock('./set-index', async (importOriginal) => {
  const real = await importOriginal<typeof import('./set-index')>();
  const walk = (idx: SetIndex, key: readonly NftValue[]) => idx.entries.find((e: SetEntry) => real.entryFits(e, key))?.el;
  return { ...real, lookupKnown: (idx: SetIndex, key: readonly NftValue[]) => (linear.on ? walk(idx, key) : real.lookupKnown(idx, key)) };
});

/**
 * The lookup with no index at all: every element's fields typed, then the first element in list
 * order whose every field holds the key; with a field unread, an error when any element could match.
 */
function walkLookup(key: readonly NftValue[], elements: readonly NftElement[]): NftElement | undefined {
  const types = key.map((k) => k.type);
  const all = elements.map((e) => {
    const parts = elementKey(e);
    if (parts.length !== types.length) throw new Error(`element ${e.text} has ${parts.length} key field(s), the lookup key ${types.length}`);
    return { e, ivs: parts.map((p, i) => constInterval(p, types[i])) };
  });
  const fits = (ivs: (typeof all)[number]['ivs']) => ivs.every((iv, i) => key[i].v === undefined || inInterval(key[i].v as number | string, iv));
  const unknownAt = key.findIndex((k) => k.v === undefined);
  if (unknownAt >= 0) {
    if (all.some((x) => fits(x.ivs))) throw new NftCannotEvaluate(key[unknownAt].why ?? msg('nftables.keyFieldUnreadable'));
    return undefined;
  }
  return all.find((x) => fits(x.ivs))?.e;
}

/** The English text of what `f` throws (an engine message, or an Error's message). */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return errorText(e);
  }
  return 'nothing thrown';
}

function errorText(e: unknown): string {
  if (e instanceof NftCannotEvaluate) return englishOf(e.reason);
  return (e as Error).message;
}

/** findElement's answer and walkLookup's: the same element object, or both an error with the same message. */
function bothWays(key: readonly NftValue[], elements: readonly NftElement[]): [unknown, unknown] {
  const run = (f: () => NftElement | undefined) => {
    try {
      return f() ?? 'no element';
    } catch (e) {
      return `error: ${errorText(e)}`;
    }
  };
  return [run(() => findElement(key, elements)), run(() => walkLookup(key, elements))];
}

const SERVICES = 300;
const NODE_IP = '10.244.0.1';
const dump = kubeProxyNftDump(SERVICES);
const services = [...dump.ruleset.matchAll(/^add element ip kube-proxy service-ips \{ (\S+) \. tcp \. 80 : goto (\S+) \}$/gm)].map((m) => ({ ip: m[1], chain: m[2] }));
const middle = services[SERVICES >> 1];
/** The generated rules with Service `middle` also reachable as NodePort 30080 on the node's address. */
const rules = `${dump.ruleset}add element ip kube-proxy nodeport-ips { ${NODE_IP} }\nadd element ip kube-proxy service-nodeports { tcp . 30080 : goto ${middle.chain} }\n`;

function load(vip: string, chain: string) {
  const yaml = benchScenarioYaml({ title: 'set index', description: 'generated', rulesKey: 'nftables', rules, vip, choice: { key: `node1/ip kube-proxy/${chain}`, value: 1 }, flow: 'f' });
  const r = loadScenario(yaml, 'kp-nft.yaml', { maxBytes: Infinity });
  if (!r.ok) throw new Error(r.errors[0].message);
  return r.scenario;
}
const scenario = load(services[SERVICES - 1].ip, services[SERVICES - 1].chain);
const table: NftTable = scenario.world.netns.node1.nftables!.tables[0];

const v = (type: NftType, x: number | string | undefined): NftValue =>
  x === undefined ? { type, v: undefined, why: msg('nftables.valueUnreadable') } : { type, v: typeof x === 'string' && type === 'ipv4_addr' ? ipv4ToNumber(x) : x };
const triple = (ip: string, proto: number | undefined, port: number | undefined) => [v('ipv4_addr', ip), v('inet_proto', proto), v('inet_service', port)];

describe('set index on a generated kube-proxy nftables node', () => {
  it('the node has what the cases need', () => {
    expect(services).toHaveLength(SERVICES);
    expect(table.sets['service-ips'].elements).toHaveLength(SERVICES);
    expect(table.sets['service-nodeports'].elements).toHaveLength(1);
  });

  const cases: [string, NftValue[]][] = [
    ['the first Service', triple(services[0].ip, 6, 80)],
    ['the middle Service', triple(middle.ip, 6, 80)],
    ['the last Service', triple(services[SERVICES - 1].ip, 6, 80)],
    ['an unallocated ClusterIP', triple('10.96.255.254', 6, 80)],
    ['a Service address on another port', triple(middle.ip, 6, 81)],
    ['a Service address over UDP', triple(middle.ip, 17, 80)],
    ['a Service with the port unread', triple(middle.ip, 6, undefined)],
    ['an unallocated address with the port unread', triple('10.96.255.254', 6, undefined)],
  ];
  it.each(cases)('service-ips: %s finds what the walk finds', (_, key) => {
    const [indexed, walked] = bothWays(key, table.sets['service-ips'].elements);
    expect(indexed).toBe(walked);
  });

  it('every Service is found as its own element in service-ips and cluster-ips', () => {
    for (const s of services) {
      for (const [set, key] of [
        ['service-ips', triple(s.ip, 6, 80)],
        ['cluster-ips', [v('ipv4_addr', s.ip)]],
      ] as const) {
        const [indexed, walked] = bothWays(key, table.sets[set].elements);
        expect(indexed).toBe(walked);
        expect(typeof indexed).toBe('object');
      }
    }
  });

  it('the NodePort: nodeport-ips and service-nodeports as the walk finds them', () => {
    for (const [set, key] of [
      ['nodeport-ips', [v('ipv4_addr', NODE_IP)]],
      ['nodeport-ips', [v('ipv4_addr', '10.244.0.2')]],
      ['service-nodeports', [v('inet_proto', 6), v('inet_service', 30080)]],
      ['service-nodeports', [v('inet_proto', 6), v('inet_service', 30081)]],
      ['service-nodeports', [v('inet_proto', 6), v('inet_service', undefined)]],
    ] as const) {
      const [indexed, walked] = bothWays(key, table.sets[set].elements);
      expect(indexed, `${set} ${key.map((k) => k.v).join(' . ')}`).toBe(walked);
    }
    expect((findElement([v('inet_proto', 6), v('inet_service', 30080)], table.sets['service-nodeports'].elements)?.data as { verdict: { chain: string } }).verdict.chain).toBe(middle.chain);
  });

  it('a key of the wrong length is refused the same way', () => {
    const [indexed, walked] = bothWays([v('ipv4_addr', middle.ip)], table.sets['service-ips'].elements);
    expect(indexed).toMatch(/^error: .*3 key field/);
    expect(indexed).toBe(walked);
  });

  it('the base chains are the chains with a hook, out of thousands', () => {
    expect(Object.keys(table.chains).length).toBeGreaterThan(SERVICES * 4);
    expect(tableBaseChains(table)).toEqual(Object.values(table.chains).filter((c) => c.base));
    expect(tableBaseChains(table).map((c) => c.name)).toEqual(['filter-forward', 'filter-output', 'nat-output', 'nat-postrouting', 'nat-prerouting']);
  });
});

describe('traces with the index and with the walk', () => {
  const last = services[SERVICES - 1];
  /** `element`: what the `services` chain's lookups match (none: the chain returns). */
  const destinations: [string, { ip: string; chain: string; dport?: number; element?: string }][] = [
    ['the first Service', { ...services[0], element: `${services[0].ip} . tcp . 80 : goto ${services[0].chain}` }],
    ['the middle Service', { ...middle, element: `${middle.ip} . tcp . 80 : goto ${middle.chain}` }],
    ['the last Service', { ...last, element: `${last.ip} . tcp . 80 : goto ${last.chain}` }],
    ['an unallocated ClusterIP', { ip: '10.96.255.254', chain: middle.chain }],
    ['the NodePort on the node', { ip: NODE_IP, chain: middle.chain, dport: 30080, element: `tcp . 30080 : goto ${middle.chain}` }],
  ];

  it.each(destinations)('%s: the same Trace', (_, d) => {
    const s = load(d.ip, d.chain);
    const input = { ...flowInput(s.flows[0]), ...(d.dport ? { dport: d.dport } : {}) };
    linear.on = false;
    const indexed = simulate(s.world, input);
    linear.on = true;
    const walked = simulate(load(d.ip, d.chain).world, input);
    linear.on = false;
    expect(JSON.stringify(indexed)).toBe(JSON.stringify(walked));
    const services = indexed.steps.filter((st) => st.chain === 'services');
    expect(services.map((st) => [st.verdict, st.nft?.element])).toEqual([d.element ? [`GOTO:${d.chain}`, d.element] : ['RETURN', undefined]]);
  });
});

describe('index details', () => {
  it('an exact element after an overlapping range: the first in list order wins, as in a walk', () => {
    const list = [el([rng(30000, 32767)], { kind: 'drop' }), el(['30080'], { kind: 'accept' }), el(['30080'], { kind: 'return' })];
    expect(findElement([v('inet_service', 30080)], list)).toBe(list[0]);
    expect(findElement([v('inet_service', 30080)], list.slice(1))).toBe(list[1]);
    for (const p of [29999, 30000, 30080, 32767, 32768]) {
      const [indexed, walked] = bothWays([v('inet_service', p)], list);
      expect(indexed).toBe(walked);
    }
  });
  it('interface names holding `|` do not collide across fields', () => {
    const list = [el(['"a|sb"', '"c"']), el(['"a"', '"b|sc"'])];
    const key = [v('ifname', 'a'), v('ifname', 'b|sc')];
    expect(findElement(key, list)).toBe(list[1]);
    expect(findElement([v('ifname', 'a|sb'), v('ifname', 'c')], list)).toBe(list[0]);
  });
  it('elements added during the walk are found after the loaded ones', () => {
    const loaded = [el(['10.0.0.1'])];
    const added = [el(['10.0.0.2']), el(['10.0.0.1'])];
    expect(findElement([v('ipv4_addr', '10.0.0.1')], loaded, added)).toBe(loaded[0]);
    expect(findElement([v('ipv4_addr', '10.0.0.2')], loaded, added)).toBe(added[0]);
    expect(findElement([v('ipv4_addr', '10.0.0.3')], loaded, added)).toBeUndefined();
    expect(() => findElement([v('ipv4_addr', undefined)], [], added)).toThrow(NftCannotEvaluate);
    expect(thrown(() => findElement([v('ipv4_addr', undefined)], [], added))).toMatch(/the value cannot be read/);
  });
});
