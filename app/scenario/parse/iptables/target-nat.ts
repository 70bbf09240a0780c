/**
 * The NAT targets with an address or port: DNAT, SNAT (`--to-destination`/`--to-source
 * [ip][:port[-port]]`) and MASQUERADE (`--to-ports`, `--random`, `--random-fully`), with the
 * kernel's limits (nat table only, a port needs `-p tcp/udp/sctp`, the hooks each may be used
 * from). Follows iptables-extensions(8) DNAT, SNAT, MASQUERADE and `docs/linux-packet-path.md` §2.
 */
import type { PortRange, TableName, Target } from '../../../engine/netfilter/types';
import { type RuleFacts, type TargetBuilder, RuleError, once, optionTable, requireProto } from './common';
import type { Token } from './tokenize';
import { parseDecimal, parseIPv4 } from './values';

/** Throws unless the rule is in `table` (the kernel's `xt_target.table`; `DROP` in nat is iptables' own refusal). */
export function requireTable(table: TableName, want: TableName, what: string, col: number): void {
  if (table !== want) throw new RuleError(col, `${what} is only valid in the ${want} table, not ${table}`);
}

const ONE_PORT = /^[0-9]{1,5}$/;

/** `port[-port]` of a NAT option. @throws RuleError at `tok` */
function parsePorts(tok: Token, text: string): PortRange {
  // One port of up to five digits (an endpoint's, most of a node's dump) without captures.
  if (ONE_PORT.test(text)) {
    const port = Number(text);
    if (port <= 65535) return { from: port, to: port };
  }
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(text);
  if (!m) throw new RuleError(tok.col, `"${text}" is not a port or port range (port[-port])`);
  const a = parseDecimal(m[1], 0, 65535);
  const b = m[2] === undefined ? a : parseDecimal(m[2], 0, 65535);
  if (!a.ok || !b.ok) throw new RuleError(tok.col, `port out of range in "${text}" (0–65535)`);
  if (a.value > b.value) throw new RuleError(tok.col, `invalid port range "${text}" (min > max)`);
  return { from: a.value, to: b.value };
}

/** A parsed `--to-destination`/`--to-source` value (`tok`). */
interface NatTo {
  readonly toAddr: string | undefined;
  readonly toPorts: PortRange | undefined;
  readonly tok: Token;
}

/** `--to-destination`/`--to-source`: `[ip][:port[-port]]` (address ranges are not modelled). */
function parseNatTo(tok: Token): NatTo {
  const t = tok.text;
  const colon = t.indexOf(':');
  const ipPart = colon < 0 ? t : t.slice(0, colon);
  const portPart = colon < 0 ? undefined : t.slice(colon + 1);
  if (ipPart === '' && portPart === undefined) throw new RuleError(tok.col, 'empty NAT destination');
  let toAddr: string | undefined;
  if (ipPart !== '') {
    if (ipPart.includes('-')) throw new RuleError(tok.col, `address ranges ("${ipPart}") are not supported; give one address`);
    const ip = parseIPv4(ipPart);
    if (!ip.ok) throw new RuleError(tok.col, ip.message);
    toAddr = ip.value;
  }
  const toPorts = portPart === undefined ? undefined : parsePorts(tok, portPart);
  return { toAddr, toPorts, tok };
}

/** The DNAT/SNAT target of a parsed `--to-destination`/`--to-source` value (`to.tok`), after the kernel's check that a port needs `-p tcp/udp/sctp`. @throws RuleError */
function natResult(kind: 'DNAT' | 'SNAT', to: NatTo, facts: RuleFacts): Target {
  const { toAddr, toPorts } = to;
  if (toPorts) requireProto(facts, ['tcp', 'udp', 'sctp'], `${kind} with a port`, to.tok.col);
  // Written out rather than spread: a node's dump has one of these per endpoint.
  if (toAddr) return toPorts ? { kind, toAddr, toPorts } : { kind, toAddr };
  return toPorts ? { kind, toPorts } : { kind };
}

/**
 * The `-j DNAT --to-destination VALUE` target of a rule whose only target option is that one, read
 * from `value` exactly as the DNAT extension reads it (for rule-shape.ts, which re-reads the values
 * of rules shaped alike). Hook limits are the caller's. @throws RuleError as the extension would.
 */
export function dnatTo(value: Token, facts: RuleFacts): Target {
  return natResult('DNAT', parseNatTo(value), facts);
}

export function natTarget(kind: 'DNAT' | 'SNAT'): TargetBuilder {
  const optName = kind === 'DNAT' ? '--to-destination' : '--to-source';
  const options = optionTable({ [optName]: optName }, []);
  return (tok, table) => {
    requireTable(table, 'nat', kind, tok.col);
    let to: NatTo | undefined;
    return {
      name: kind,
      ...options,
      parse(_n, opt, _inv, args) {
        if (to) throw new RuleError(opt.col, `${optName} may only be given once`);
        const v = args.value(opt);
        to = parseNatTo(v);
      },
      finish(facts, constraints) {
        if (!to) throw new RuleError(tok.col, `${kind} needs ${optName}`);
        const hooks = kind === 'DNAT' ? (['PREROUTING', 'OUTPUT'] as const) : (['POSTROUTING', 'INPUT'] as const);
        constraints.push({ hooks, col: tok.col, what: kind });
        return natResult(kind, to, facts);
      },
    };
  };
}

/** The options of masquerade: their spellings and which take `!` (one table for every rule). */
const MASQUERADE_OPTIONS = optionTable({ '--to-ports': '--to-ports', '--random': '--random', '--random-fully': '--random-fully' }, []);

export const masquerade: TargetBuilder = (tok, table) => {
  requireTable(table, 'nat', 'MASQUERADE', tok.col);
  const seen = new Set<string>();
  let toPorts: { v: PortRange; tok: Token } | undefined;
  let random = false;
  let randomFully = false;
  return {
    name: 'MASQUERADE',
    ...MASQUERADE_OPTIONS,
    parse(name, opt, _inv, args) {
      once(seen, name, opt);
      if (name === '--to-ports') {
        const v = args.value(opt);
        toPorts = { v: parsePorts(v, v.text), tok: v };
      } else if (name === '--random') random = true;
      else randomFully = true;
    },
    finish(facts, constraints) {
      if (toPorts) requireProto(facts, ['tcp', 'udp', 'sctp'], 'MASQUERADE --to-ports', toPorts.tok.col);
      constraints.push({ hooks: ['POSTROUTING'], col: tok.col, what: 'MASQUERADE' });
      return { kind: 'MASQUERADE', ...(toPorts ? { toPorts: toPorts.v } : {}), random, ...(randomFully ? { randomFully } : {}) };
    },
  };
};
