/**
 * Pins `numgen random mod N [offset O]` in one nft chain to a single value, so the kernel takes the
 * branch a flow's `choices` names with a single probe (the nft counterpart of netns.ts pinRandom).
 * nft_numgen.c computes `reciprocal_scale(get_random_u32(), modulus) + offset`; with modulus 1 the
 * first term is always 0, so `numgen random mod 1 offset O+K` always yields O+K: value K of the
 * original `mod N` draw. The engine's choice for a chain (sim/nft-chain.ts) is keyed
 * `<netns>/<family> <table>/<chain>` with option K+1.
 */

const FAMILIES = 'ip|ip6|inet|arp|bridge|netdev';
const NUMGEN = /numgen\s+random\s+mod\s+(\d+)(?:\s+offset\s+(\d+))?/g;
const TABLE_OPEN = new RegExp(`^\\s*table\\s+(?:(${FAMILIES})\\s+)?(\\S+)\\s*\\{`);
const CHAIN_OPEN = /^\s*chain\s+(\S+)\s*\{/;
const RULE_CMD = new RegExp(`^\\s*(?:add|insert|create)\\s+rule\\s+(?:(${FAMILIES})\\s+)?(\\S+)\\s+(\\S+)\\s`);

const pinned = (text: string, pick: number) => text.replace(NUMGEN, (_m, _mod: string, off?: string) => `numgen random mod 1 offset ${Number(off ?? 0) + pick - 1}`);

/** Counts `{` minus `}` outside double-quoted strings. */
function braceDelta(line: string): number {
  let d = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '{') d++;
    else if (!quoted && ch === '}') d--;
  }
  return d;
}

/**
 * Rewrites every `numgen random mod N [offset O]` of chain `chain` in table `<family> <table>` of
 * an nft text (block form or `add rule` transaction form, nft(8)) to yield value `pick - 1`.
 */
export function pinNumgen(text: string, family: string, table: string, chain: string, pick: number): string {
  let depth = 0;
  let curTable = '';
  let tableDepth = -1;
  let curChain = '';
  let chainDepth = -1;
  return text
    .split('\n')
    .map((line) => {
      let out = line;
      const cmd = RULE_CMD.exec(line);
      if (cmd) {
        if ((cmd[1] ?? 'ip') === family && cmd[2] === table && cmd[3] === chain) out = pinned(line, pick);
      } else {
        const t = TABLE_OPEN.exec(line);
        const c = CHAIN_OPEN.exec(line);
        if (t) {
          curTable = `${t[1] ?? 'ip'} ${t[2]}`;
          tableDepth = depth;
        } else if (c && curTable) {
          curChain = c[1];
          chainDepth = depth;
        }
        if (curTable === `${family} ${table}` && curChain === chain) out = pinned(line, pick);
      }
      depth += braceDelta(line);
      if (curChain && depth <= chainDepth) curChain = '';
      if (curTable && depth <= tableDepth) curTable = '';
      return out;
    })
    .join('\n');
}

/** The same for `nftables-json:` input (libnftables-json(5)): every `numgen` object of the chain's rules. */
export function pinNumgenJson(json: string, family: string, table: string, chain: string, pick: number): string {
  let doc: { nftables?: Record<string, unknown>[] };
  try {
    doc = JSON.parse(json) as typeof doc;
  } catch {
    return json;
  }
  const fix = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    const ng = o.numgen as { mode?: string; mod?: number; offset?: number } | undefined;
    if (ng && ng.mode === 'random') {
      ng.offset = (ng.offset ?? 0) + pick - 1;
      ng.mod = 1;
    }
    for (const v of Object.values(o)) fix(v);
  };
  for (const item of doc.nftables ?? []) {
    const r = (item.rule ?? (item.add as Record<string, unknown> | undefined)?.rule) as { family?: string; table?: string; chain?: string } | undefined;
    if (r && r.family === family && r.table === table && r.chain === chain) fix(r);
  }
  return JSON.stringify(doc);
}

const NAT_RANDOM = /(\b(?:masquerade|snat|dnat|redirect)\b[^\n;]*?)\s+(?:fully-random|random|persistent)(?:\s*,\s*(?:fully-random|random|persistent))*/g;

/**
 * Drops the port-randomising flags of NAT statements (`masquerade fully-random`, `snat to A random`,
 * `persistent`; nft(8) NAT STATEMENTS): with them nf_nat_core.c get_unique_tuple draws the source
 * port at random (NF_NAT_RANGE_PROTO_RANDOM_FULLY), which no simulation can predict; without them
 * the kernel keeps the original port when the tuple is free, the choice the engine makes. The rule
 * keeps its position and verdict, so the trace compares as before. Block, transaction and JSON forms.
 */
export function pinNatPorts(text: string, json: boolean): string {
  if (!json) return text.replace(NAT_RANDOM, '$1');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return text;
  }
  const fix = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    for (const k of ['masquerade', 'snat', 'dnat', 'redirect']) {
      const st = o[k] as Record<string, unknown> | null | undefined;
      if (st && typeof st === 'object' && 'flags' in st) delete st.flags;
    }
    for (const v of Object.values(o)) fix(v);
  };
  fix(doc);
  return JSON.stringify(doc);
}
