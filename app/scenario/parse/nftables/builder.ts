/**
 * Collects tables, chains, sets, rules and elements as the commands of a ruleset declare them, in
 * any order (a rule may name a chain declared further down; `add rule` appends in text order, as
 * `nft -f` does within one transaction), and freezes them into an NftRuleset. `flush` and
 * `delete` act on what was declared before them. Kernel side: net/netfilter/nf_tables_api.c.
 */
import type { NftBaseChain, NftElement, NftFamily, NftRule, NftRuleset, NftSet, NftStmt, NftTable, NftChain } from '../../../engine/nftables/types';
import type { SourceRef } from '../../../engine/source';

/** A problem at a position of the text (1-based line and column). */
export interface TextError {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** Where a draft was written (text position, for errors found when freezing). */
export interface At {
  readonly line: number;
  readonly col: number;
  readonly source?: SourceRef;
}

interface TableDraft {
  family: NftFamily;
  name: string;
  comment?: string;
  at: At;
  chains: Map<string, { name: string; base?: NftBaseChain; comment?: string; at: At }>;
  sets: Map<string, Omit<NftSet, 'elements' | 'source'> & { at: At }>;
}

/** A rule before it is attached to its chain. */
export interface RuleDraft {
  readonly handle?: number;
  readonly text: string;
  readonly stmts: readonly NftStmt[];
  readonly comment?: string;
  readonly at: At;
}

const key = (...parts: string[]) => parts.join('\u0000');

/** The mutable ruleset being built. */
export class RulesetBuilder {
  private tables = new Map<string, TableDraft>();
  private rules = new Map<string, { family: NftFamily; table: string; chain: string; list: RuleDraft[] }>();
  private elements = new Map<string, { family: NftFamily; table: string; set: string; list: { el: NftElement; at: At }[] }>();
  readonly errors: TextError[] = [];

  /** `add table` (merges into an existing table; `create` refuses one). */
  addTable(family: NftFamily, name: string, at: At, opts: { comment?: string; create?: boolean } = {}): void {
    const k = key(family, name);
    const t = this.tables.get(k);
    if (t) {
      if (opts.create) this.err(at, `table ${family} ${name} already exists (create refuses an existing table; add accepts it)`);
      if (opts.comment !== undefined) t.comment = opts.comment;
      return;
    }
    this.tables.set(k, { family, name, at, chains: new Map(), sets: new Map(), ...(opts.comment !== undefined ? { comment: opts.comment } : {}) });
  }

  /** `add chain`; the table must have been declared before (as `nft -f` requires). */
  addChain(family: NftFamily, table: string, name: string, at: At, opts: { base?: NftBaseChain; comment?: string; create?: boolean } = {}): void {
    const t = this.table(family, table, at, `chain ${name}`);
    if (!t) return;
    const c = t.chains.get(name);
    if (c) {
      if (opts.create) this.err(at, `chain ${name} already exists in table ${family} ${table}`);
      if (opts.base) {
        if (c.base && (c.base.hook !== opts.base.hook || c.base.type !== opts.base.type || c.base.priority !== opts.base.priority))
          this.err(at, `chain ${name} is already a base chain (type ${c.base.type} hook ${c.base.hook} priority ${c.base.priorityText}); nft cannot change its type, hook or priority`);
        else if (!c.base) this.err(at, `chain ${name} already exists as a regular chain; nft cannot make it a base chain`);
        else c.base = { ...c.base, policy: opts.base.policy };
      }
      if (opts.comment !== undefined) c.comment = opts.comment;
      return;
    }
    t.chains.set(name, { name, at, ...(opts.base ? { base: opts.base } : {}), ...(opts.comment !== undefined ? { comment: opts.comment } : {}) });
  }

  /** `add set` / `add map`. */
  addSet(family: NftFamily, table: string, set: Omit<NftSet, 'elements' | 'source'>, at: At, create = false): void {
    const t = this.table(family, table, at, `${set.kind} ${set.name}`);
    if (!t) return;
    const old = t.sets.get(set.name);
    if (old) {
      if (create || old.kind !== set.kind || old.keyType.join(' . ') !== set.keyType.join(' . ') || old.dataType !== set.dataType)
        this.err(at, `${old.kind} ${set.name} already exists in table ${family} ${table}${create ? '' : ' with another type'}`);
      return;
    }
    t.sets.set(set.name, { ...set, at });
  }

  /** `add rule` (or a rule line of a chain block); `insert` puts it first. */
  addRule(family: NftFamily, table: string, chain: string, rule: RuleDraft, insert = false): void {
    const k = key(family, table, chain);
    let r = this.rules.get(k);
    if (!r) this.rules.set(k, (r = { family, table, chain, list: [] }));
    if (insert) r.list.unshift(rule);
    else r.list.push(rule);
  }

  /** `add element` (or a set block's `elements = { … }`). */
  addElements(family: NftFamily, table: string, set: string, els: readonly NftElement[], at: At): void {
    const k = key(family, table, set);
    let e = this.elements.get(k);
    if (!e) this.elements.set(k, (e = { family, table, set, list: [] }));
    for (const el of els) e.list.push({ el, at: el.source ? { ...at, source: el.source } : at });
  }

  /** `flush ruleset` / `flush table` / `flush chain` / `flush set|map`. */
  flush(what: 'ruleset' | 'table' | 'chain' | 'set', family?: NftFamily, table?: string, name?: string): void {
    if (what === 'ruleset') {
      this.tables.clear();
      this.rules.clear();
      this.elements.clear();
      return;
    }
    for (const m of [this.rules, this.elements] as Map<string, { family: NftFamily; table: string; chain?: string; set?: string }>[]) {
      for (const [k, v] of m) {
        if (v.family !== family || v.table !== table) continue;
        if (what === 'table' || (what === 'chain' && v.chain === name) || (what === 'set' && v.set === name)) m.delete(k);
      }
    }
  }

  /** `delete table|chain|set|map` of what was declared before. */
  delete(what: 'table' | 'chain' | 'set', family: NftFamily, table: string, at: At, name?: string): void {
    const t = this.tables.get(key(family, table));
    if (!t) return this.err(at, `cannot delete: there is no table ${family} ${table}`);
    if (what === 'table') {
      this.flush('table', family, table);
      this.tables.delete(key(family, table));
    } else if (what === 'chain') {
      if (!t.chains.delete(name!)) return this.err(at, `cannot delete: table ${family} ${table} has no chain ${name}`);
      this.flush('chain', family, table, name);
    } else {
      if (!t.sets.delete(name!)) return this.err(at, `cannot delete: table ${family} ${table} has no set or map ${name}`);
      this.flush('set', family, table, name);
    }
  }

  /** True when the table exists (for `flush` of an undeclared object). */
  hasTable(family: NftFamily, table: string): boolean {
    return this.tables.has(key(family, table));
  }

  err(at: At, message: string): void {
    this.errors.push({ line: at.line, col: at.col, message });
  }

  private table(family: NftFamily, name: string, at: At, what: string): TableDraft | undefined {
    const t = this.tables.get(key(family, name));
    if (!t) this.err(at, `${what}: there is no table ${family} ${name}; declare it first (add table ${family} ${name})`);
    return t;
  }

  private rulesOf(family: NftFamily, table: string, chain: string): RuleDraft[] {
    return this.rules.get(key(family, table, chain))?.list ?? [];
  }

  /** The ruleset; rules and elements whose chain or set does not exist become errors. */
  freeze(): NftRuleset {
    const tables: NftTable[] = [];
    for (const t of this.tables.values()) {
      const chains: Record<string, NftChain> = Object.create(null);
      for (const c of t.chains.values()) {
        const rules: NftRule[] = this.rulesOf(t.family, t.name, c.name).map((r, i) => ({
          family: t.family,
          table: t.name,
          chain: c.name,
          index: i + 1,
          ...(r.handle !== undefined ? { handle: r.handle } : {}),
          text: r.text,
          stmts: r.stmts,
          ...(r.comment !== undefined ? { comment: r.comment } : {}),
          ...(r.at.source ? { source: r.at.source } : {}),
        }));
        chains[c.name] = {
          family: t.family,
          table: t.name,
          name: c.name,
          ...(c.base ? { base: c.base } : {}),
          rules,
          ...(c.comment !== undefined ? { comment: c.comment } : {}),
          ...(c.at.source ? { source: c.at.source } : {}),
        };
      }
      const sets: Record<string, NftSet> = Object.create(null);
      for (const s of t.sets.values()) {
        const { at, ...rest } = s;
        const elements = (this.elements.get(key(t.family, t.name, s.name))?.list ?? []).map((e) => e.el);
        sets[s.name] = { ...rest, elements, ...(at.source ? { source: at.source } : {}) };
      }
      tables.push({ family: t.family, name: t.name, chains, sets, ...(t.comment !== undefined ? { comment: t.comment } : {}), ...(t.at.source ? { source: t.at.source } : {}) });
    }
    for (const r of this.rules.values()) {
      const t = this.tables.get(key(r.family, r.table));
      if (t?.chains.has(r.chain)) continue;
      const first = r.list[0];
      if (first)
        this.err(
          first.at,
          t
            ? `table ${r.family} ${r.table} has no chain ${r.chain}; declare it (add chain ${r.family} ${r.table} ${r.chain})`
            : `there is no table ${r.family} ${r.table}; declare it first (add table ${r.family} ${r.table})`,
        );
    }
    for (const e of this.elements.values()) {
      const t = this.tables.get(key(e.family, e.table));
      if (t?.sets.has(e.set)) continue;
      const first = e.list[0];
      if (first)
        this.err(
          first.at,
          t
            ? `table ${e.family} ${e.table} has no set or map ${e.set}; declare it (add set or add map)`
            : `there is no table ${e.family} ${e.table}; declare it first (add table ${e.family} ${e.table})`,
        );
    }
    return { tables };
  }
}
