/**
 * Test helpers: hand-built nft models (tables, chains, rules as statements, sets) and an
 * evaluation context for one packet, so the evaluator can be tested without the parser. Only for tests.
 */
import { walkNftChain } from '../eval';
import type { NftContext, NftDecision } from '../eval-context';
import type { NftBaseChain, NftChain, NftElement, NftExpr, NftOp, NftRule, NftSet, NftStmt, NftTable, NftVerdict } from '../types';

export const val = (text: string | number): NftExpr => ({ kind: 'value', text: String(text) });
export const pfx = (addr: string, len: number): NftExpr => ({ kind: 'prefix', addr, len });
export const rng = (from: string | number, to: string | number): NftExpr => ({ kind: 'range', from: val(from), to: val(to) });
export const payload = (proto: string, field: string): NftExpr => ({ kind: 'payload', proto, field });
export const meta = (key: string): NftExpr => ({ kind: 'meta', key });
export const ctx_ = (key: string, dir?: 'original' | 'reply'): NftExpr => ({ kind: 'ct', key, dir });
export const cat = (...parts: NftExpr[]): NftExpr => ({ kind: 'concat', parts });
export const ref = (name: string): NftExpr => ({ kind: 'set-ref', name });
export const list = (...items: (string | number)[]): NftExpr => ({ kind: 'list', items: items.map(val) });

/** `left [op] right` */
export const match = (left: NftExpr, right: NftExpr, op: NftOp = 'implicit'): NftStmt => ({ kind: 'match', left, op, right });
export const accept: NftStmt = { kind: 'verdict', verdict: { kind: 'accept' } };
export const drop: NftStmt = { kind: 'verdict', verdict: { kind: 'drop' } };
export const ret: NftStmt = { kind: 'verdict', verdict: { kind: 'return' } };
export const jump = (chain: string): NftStmt => ({ kind: 'verdict', verdict: { kind: 'jump', chain } });
export const goto = (chain: string): NftStmt => ({ kind: 'verdict', verdict: { kind: 'goto', chain } });
export const counter: NftStmt = { kind: 'counter' };

/** An element `k1 . k2 [: data]`; a key field written `a/len` or `a-b` is a prefix or range. */
export function el(key: (string | number | NftExpr)[], data?: NftVerdict | NftExpr): NftElement {
  const parts = key.map((k) => (typeof k === 'object' ? k : field(String(k))));
  const isVerdict = (x: NftVerdict | NftExpr): x is NftVerdict => ['accept', 'drop', 'continue', 'return', 'queue', 'jump', 'goto'].includes(x.kind);
  const d = data === undefined ? undefined : isVerdict(data) ? { verdict: data } : { expr: data };
  const text = key.map((k) => (typeof k === 'object' ? JSON.stringify(k) : String(k))).join(' . ');
  let dt = '';
  if (data !== undefined) dt = isVerdict(data) ? ` : ${data.kind}${'chain' in data ? ` ${data.chain}` : ''}` : ` : ${data.kind === 'value' ? data.text : '…'}`;
  return { key: parts, data: d, text: `${text}${dt}` };
}

function field(k: string): NftExpr {
  const p = /^([0-9.]+)\/([0-9]+)$/.exec(k);
  if (p) return pfx(p[1], Number(p[2]));
  const r = /^([0-9.]+)-([0-9.]+)$/.exec(k);
  if (r) return rng(r[1], r[2]);
  return val(k);
}

export const anon = (...elements: NftElement[]): NftExpr => ({ kind: 'anon-set', elements });
export const vmap = (key: NftExpr, map: NftExpr): NftStmt => ({ kind: 'vmap', key, map });

/** A chain spec: its rules as statement lists, and for a base chain its hook, type, priority, policy. */
export interface ChainSpec {
  readonly base?: Partial<NftBaseChain>;
  readonly rules: readonly (readonly NftStmt[])[];
}

/** Builds `table ip t` from chain specs and sets. */
export function table(chains: Record<string, ChainSpec>, sets: Record<string, Partial<NftSet> & { elements: NftElement[] }> = {}, name = 't'): NftTable {
  const out: Record<string, NftChain> = {};
  for (const [cn, spec] of Object.entries(chains)) {
    const rules: NftRule[] = spec.rules.map((stmts, i) => ({
      family: 'ip',
      table: name,
      chain: cn,
      index: i + 1,
      handle: 100 + i,
      text: `rule ${i + 1} of ${cn}`,
      stmts,
      source: { file: 'test.nft', line: i + 1, column: 1 },
    }));
    const base: NftBaseChain | undefined = spec.base ? { type: 'filter', hook: 'input', priority: 0, priorityText: '0', policy: 'accept', ...spec.base } : undefined;
    out[cn] = { family: 'ip', table: name, name: cn, base, rules };
  }
  const s: Record<string, NftSet> = {};
  for (const [sn, spec] of Object.entries(sets)) s[sn] = { name: sn, kind: 'set', keyType: [], flags: [], ...spec };
  return { family: 'ip', name, chains: out, sets: s };
}

/** A context for a TCP packet 10.0.0.1:40000 → 10.0.0.2:80 arriving on eth0 at input; override anything. */
export function context(over: Partial<Omit<NftContext, 'pkt'>> & { pkt?: Partial<NftContext['pkt']>; local?: string[]; routes?: Record<string, string> } = {}): NftContext {
  const local = over.local ?? ['10.0.0.2'];
  const { pkt, local: _l, routes, ...rest } = over;
  void _l;
  return {
    hook: 'input',
    inIface: 'eth0',
    mark: 0,
    ctstate: 'NEW',
    ctStatus: { dnat: false, snat: false, confirmed: false },
    ctMark: 0,
    addrType: (a) => (local.includes(a) ? 'LOCAL' : 'UNICAST'),
    fibOif: (a) => routes?.[a],
    numgen: () => 0,
    choiceKey: (c) => `ns/${c.family} ${c.table}/${c.name}`,
    ...rest,
    pkt: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp', sport: 40000, dport: 80, ...pkt },
  };
}

/** Walks `base` of `t`; returns the result and the decisions as `chain VERDICT #rule` (policy/return marked). */
export function walk(t: NftTable, base: string, c: NftContext = context(), budget = { remaining: 1_000_000 }) {
  const decisions: NftDecision[] = [];
  const result = walkNftChain(t, t.chains[base], c, { decision: (d) => void decisions.push(d) }, budget);
  const lines = decisions.map((d) => `${d.chain} ${d.verdict}${d.rule ? ` #${d.rule.index}` : d.policy ? ' (policy)' : ''}`);
  return { result, decisions, lines };
}
