/** The harness's nft build steps (pure): pinning numgen, the tables a text declares, the load script, the engine steps' names. */
import { describe, expect, it } from 'vitest';
import type { Trace, TraceStep } from '../../engine/trace';
import type { Netns } from '../../engine/world';
import { nftComparable } from './nft-compare';
import { NFT_HEREDOC, planNft } from './nft-plan';
import { pinNatPorts, pinNumgen, pinNumgenJson } from './nft-pin';
import { declaredTables, parseNftJson } from './nft-ruleset';

const BLOCK = `table ip kube-proxy {
	chain service-A {
		ip daddr 10.96.0.1 numgen random mod 2 vmap { 0 : goto ep-1, 1 : goto ep-2 }
	}
	chain service-B {
		numgen random mod 3 offset 1 vmap { 1 : goto ep-3, 2 : goto ep-4, 3 : goto ep-5 }
	}
}
table inet other {
	chain service-A {
		numgen random mod 2 vmap { 0 : accept, 1 : drop }
	}
}
`;

const TX = `add table ip kube-proxy
add chain ip kube-proxy service-A
add rule ip kube-proxy service-A numgen random mod 2 vmap { 0 : goto ep-1 , 1 : goto ep-2 }
add rule ip kube-proxy service-B numgen random mod 2 vmap { 0 : goto ep-3 , 1 : goto ep-4 }
`;

describe('pinNumgen', () => {
  it('fixes the draw of one chain in the block form (mod 1, offset = value), other chains and tables untouched', () => {
    const out = pinNumgen(BLOCK, 'ip', 'kube-proxy', 'service-A', 2).split('\n');
    expect(out[2]).toContain('numgen random mod 1 offset 1 vmap');
    expect(out[5]).toContain('numgen random mod 3 offset 1');
    expect(out[10]).toContain('numgen random mod 2 vmap');
    expect(pinNumgen(BLOCK, 'ip', 'kube-proxy', 'service-B', 3).split('\n')[5]).toContain('numgen random mod 1 offset 3 vmap');
  });

  it('in the transaction form, by the `add rule FAMILY TABLE CHAIN` prefix', () => {
    const out = pinNumgen(TX, 'ip', 'kube-proxy', 'service-B', 1).split('\n');
    expect(out[2]).toContain('mod 2');
    expect(out[3]).toContain('numgen random mod 1 offset 0 vmap');
  });

  it("in JSON, the numgen objects of the chain's rules", () => {
    const json = JSON.stringify({ nftables: [{ rule: { family: 'ip', table: 't', chain: 'c', expr: [{ vmap: { key: { numgen: { mode: 'random', mod: 2, offset: 0 } } } }] } }] });
    expect(pinNumgenJson(json, 'ip', 't', 'c', 2)).toContain('"numgen":{"mode":"random","mod":1,"offset":1}');
    expect(pinNumgenJson(json, 'ip', 't', 'other', 2)).toBe(json);
  });
});

describe('pinNatPorts', () => {
  it('drops fully-random / random / persistent from NAT statements only', () => {
    expect(pinNatPorts('add rule ip kube-proxy masquerading masquerade fully-random\n', false)).toBe('add rule ip kube-proxy masquerading masquerade\n');
    expect(pinNatPorts('\t\tip saddr 10.0.0.0/8 snat to 1.2.3.4 random,persistent comment "x"\n', false)).toBe('\t\tip saddr 10.0.0.0/8 snat to 1.2.3.4 comment "x"\n');
    expect(pinNatPorts('numgen random mod 2 vmap { 0 : goto a, 1 : goto b }', false)).toBe('numgen random mod 2 vmap { 0 : goto a, 1 : goto b }');
    expect(pinNatPorts('{"nftables":[{"rule":{"expr":[{"masquerade":{"flags":["fully-random"]}}]}}]}', true)).toBe('{"nftables":[{"rule":{"expr":[{"masquerade":{}}]}}]}');
  });
});

describe('the tables a ruleset declares and the kernel holds', () => {
  it('reads the block, transaction and JSON forms (a table without family is ip)', () => {
    expect(declaredTables(undefined, BLOCK)).toEqual(['ip kube-proxy', 'inet other']);
    expect(declaredTables(undefined, TX)).toEqual(['ip kube-proxy']);
    expect(declaredTables(undefined, 'table filter {\n}\n')).toEqual(['ip filter']);
    expect(declaredTables(undefined, '{"nftables": [{"table": {"family": "inet", "name": "fw"}}]}')).toEqual(['inet fw']);
  });

  it('numbers rules by position in their chain from `nft -a -j list ruleset`, for owned tables only', () => {
    const json = JSON.stringify({
      nftables: [
        { chain: { family: 'inet', table: 't', name: 'fwd', hook: 'forward', prio: 0 } },
        { chain: { family: 'inet', table: 't', name: 'user' } },
        { rule: { family: 'inet', table: 't', chain: 'fwd', handle: 7 } },
        { rule: { family: 'inet', table: 't', chain: 'user', handle: 9 } },
        { rule: { family: 'inet', table: 't', chain: 'fwd', handle: 12 } },
        { rule: { family: 'ip', table: 'filter', chain: 'FORWARD', handle: 4 } },
      ],
    });
    const m = parseNftJson(json, new Set(['inet t']));
    expect(m.rules.get('inet t 12')).toEqual({ chain: 'fwd', index: 2 });
    expect(m.rules.get('inet t 9')).toEqual({ chain: 'user', index: 1 });
    expect(m.rules.has('ip filter 4')).toBe(false);
    expect([...m.base]).toEqual(['inet t fwd']);
    expect(parseNftJson('nft: command not found', new Set()).rules.size).toBe(0);
  });
});

describe('planNft', () => {
  const ns = (nftables?: Netns['nftables']) => ({ name: 'r', nftables }) as unknown as Netns;

  it('loads the text as written with nft -f (JSON with -j), pinned', () => {
    const p = planNft(ns(), { nftables: TX }, { 'r/ip kube-proxy/service-A': 2 });
    expect(p.owned).toEqual(['ip kube-proxy']);
    expect(p.script[0]).toMatch(new RegExp(`^nft -f - <<'${NFT_HEREDOC}'\\n`));
    expect(p.script[0]).toContain('add rule ip kube-proxy service-A numgen random mod 1 offset 1');
    expect(planNft(ns(), { 'nftables-json': '{"nftables": []}' }).script[0]).toMatch(/^nft -j -f - <</);
    const kp = 'add rule ip kube-proxy service-QVXWRX6B-default/ghost/tcp/ numgen random mod 2 vmap { 0 : goto a , 1 : goto b }\n';
    expect(planNft(ns(), { nftables: kp }, { 'r/ip kube-proxy/service-QVXWRX6B-default/ghost/tcp/': 2 }).script[0]).toContain('numgen random mod 1 offset 1 vmap');
    expect(planNft(ns(), {}).script).toEqual([]);
  });

  it('refuses chains it cannot trace: at or below the TRACE rule (−300) in prerouting/output, ingress hooks, other families', () => {
    const chain = (hook: string, priority: number) => ({ name: 'c', rules: [], base: { type: 'filter', hook, priority, priorityText: String(priority), policy: 'accept' } });
    const model = {
      tables: [
        { family: 'inet', name: 't', chains: { a: chain('prerouting', -300), b: chain('forward', -400), c: chain('ingress', 0) }, sets: {} },
        { family: 'bridge', name: 'b', chains: {}, sets: {} },
      ],
    } as unknown as Netns['nftables'];
    const u = planNft(ns(model), { nftables: 'table inet t {\n}\n' }).unsupported.join('\n');
    expect(u).toMatch(/priority -300/);
    expect(u).not.toMatch(/priority -400/);
    expect(u).toMatch(/ingress/);
    expect(u).toMatch(/bridge b/);
  });
});

describe('nftComparable', () => {
  it("names the engine's nft steps as the kernel rows are named; iptables steps unchanged", () => {
    const steps = [
      { index: 0, stage: 'rule', chain: 'forward', verdict: 'ACCEPT', nft: { family: 'inet', table: 't', priority: -10 }, rule: { text: 'accept', index: 1 } },
      { index: 1, stage: 'rule', table: 'filter', chain: 'FORWARD', verdict: 'DROP', rule: { text: '-A FORWARD -j DROP', index: 1 } },
      { index: 2, stage: 'policy', chain: 'forward', verdict: 'ACCEPT', nft: { family: 'inet', table: 't', priority: -10 } },
    ] as unknown as TraceStep[];
    const out = nftComparable({ steps } as unknown as Trace).steps;
    expect(out.map((s) => `${s.table}:${s.chain} ${s.verdict} ${s.rule?.text ?? ''}`)).toEqual(['inet t:forward ACCEPT #1', 'filter:FORWARD DROP -A FORWARD -j DROP', 'inet t:forward ACCEPT ']);
  });
});
