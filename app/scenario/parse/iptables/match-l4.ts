/**
 * Layer-4 match extensions: `-m tcp`/`-m udp`/`-m sctp` ports (and TCP flags), `-m icmp`, and
 * `-m multiport`. Follows iptables-extensions(8) (tcp, udp, sctp, icmp, multiport) and the kernel's
 * protocol checks (`xt_tcpudp.c`, `xt_multiport.c`).
 */
import type { Match, PortRange } from '../../../engine/netfilter/types';
import { type Builder, RuleError, once, optionTable, requireProto } from './common';
import type { Token } from './tokenize';
import { must, parseDecimal, parsePortRange } from './values';

// ---------------------------------------------------------------- tcp / udp / sctp

/** TCP flag bits as libxt_tcp names them; ALL is the six classic flags. */
const TCP_FLAGS: Readonly<Record<string, number>> = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ALL: 0x3f,
  NONE: 0,
};

function parseTcpFlags(tok: Token): number {
  let bits = 0;
  for (const name of tok.text.split(',')) {
    const b = TCP_FLAGS[name.toUpperCase()];
    if (b === undefined) throw new RuleError(tok.col, `unknown TCP flag "${name}" (known: ${Object.keys(TCP_FLAGS).join(', ')})`);
    bits |= b;
  }
  return bits;
}

/** `-m tcp`/`-m udp`/`-m sctp`: `--sport`, `--dport` (ranges, `!`), and for tcp `--tcp-flags`/`--syn`. */
export function portMatch(name: 'tcp' | 'udp' | 'sctp'): Builder {
  const aliases: Record<string, string> = {
    '--sport': '--sport',
    '--source-port': '--sport',
    '--dport': '--dport',
    '--destination-port': '--dport',
  };
  if (name === 'tcp') Object.assign(aliases, { '--tcp-flags': '--tcp-flags', '--syn': '--syn' });
  const options = optionTable(aliases, ['--sport', '--dport', '--tcp-flags', '--syn']);
  return (modTok) => {
    const seen = new Set<string>();
    let sport: Match | undefined;
    let dport: Match | undefined;
    let flags: Match | undefined;
    return {
      name,
      ...options,
      parse(opt, optTok, invert, args) {
        if (opt === '--sport' || opt === '--dport') {
          once(seen, opt, optTok);
          const v = args.value(optTok);
          const ports = [must(parsePortRange(v.text), v)];
          if (opt === '--sport') sport = { kind: 'sport', ports, invert };
          else dport = { kind: 'dport', ports, invert };
        } else if (opt === '--tcp-flags') {
          if (seen.has('--syn') || seen.has('--tcp-flags')) throw new RuleError(optTok.col, '--tcp-flags/--syn may only be given once');
          seen.add(opt);
          const maskTok = args.value(optTok);
          const mask = parseTcpFlags(maskTok);
          const compTok = args.value(maskTok);
          const comp = parseTcpFlags(compTok);
          flags = { kind: 'tcp-flags', mask, comp, invert };
        } else {
          if (seen.has('--syn') || seen.has('--tcp-flags')) throw new RuleError(optTok.col, '--tcp-flags/--syn may only be given once');
          seen.add(opt);
          // libxt_tcp: --syn is --tcp-flags SYN,RST,ACK,FIN SYN.
          flags = { kind: 'tcp-flags', mask: 0x17, comp: 0x02, invert };
        }
      },
      finish(facts) {
        requireProto(facts, [name], `-m ${name}`, modTok.col);
        const out = [sport, dport, flags].filter((m): m is Match => m !== undefined);
        return out.length > 0 ? out : [{ kind: 'module', name }];
      },
    };
  };
}

// ---------------------------------------------------------------- icmp

/** libipt_icmp's names: [type, minCode, maxCode]; type 255 is `any`. */
const ICMP_NAMES: Readonly<Record<string, readonly [number, number, number]>> = {
  any: [255, 0, 255],
  'echo-reply': [0, 0, 255],
  pong: [0, 0, 255],
  'destination-unreachable': [3, 0, 255],
  'network-unreachable': [3, 0, 0],
  'host-unreachable': [3, 1, 1],
  'protocol-unreachable': [3, 2, 2],
  'port-unreachable': [3, 3, 3],
  'fragmentation-needed': [3, 4, 4],
  'source-route-failed': [3, 5, 5],
  'network-unknown': [3, 6, 6],
  'host-unknown': [3, 7, 7],
  'network-prohibited': [3, 9, 9],
  'host-prohibited': [3, 10, 10],
  'tos-network-unreachable': [3, 11, 11],
  'tos-host-unreachable': [3, 12, 12],
  'communication-prohibited': [3, 13, 13],
  'host-precedence-violation': [3, 14, 14],
  'precedence-cutoff': [3, 15, 15],
  'source-quench': [4, 0, 255],
  redirect: [5, 0, 255],
  'network-redirect': [5, 0, 0],
  'host-redirect': [5, 1, 1],
  'tos-network-redirect': [5, 2, 2],
  'tos-host-redirect': [5, 3, 3],
  'echo-request': [8, 0, 255],
  ping: [8, 0, 255],
  'router-advertisement': [9, 0, 255],
  'router-solicitation': [10, 0, 255],
  'time-exceeded': [11, 0, 255],
  'ttl-exceeded': [11, 0, 255],
  'ttl-zero-during-transit': [11, 0, 0],
  'ttl-zero-during-reassembly': [11, 1, 1],
  'parameter-problem': [12, 0, 255],
  'ip-header-bad': [12, 0, 0],
  'required-option-missing': [12, 1, 1],
  'timestamp-request': [13, 0, 255],
  'timestamp-reply': [14, 0, 255],
  'address-mask-request': [17, 0, 255],
  'address-mask-reply': [18, 0, 255],
};

function parseIcmpType(tok: Token, invert: boolean): Match {
  const named = ICMP_NAMES[tok.text.toLowerCase()];
  if (named) {
    const [type, lo, hi] = named;
    return lo === hi ? { kind: 'icmp-type', type, code: lo, invert } : { kind: 'icmp-type', type, invert };
  }
  const m = /^([0-9]+)(?:\/([0-9]+))?$/.exec(tok.text);
  if (!m) throw new RuleError(tok.col, `unknown ICMP type "${tok.text}" (a name such as echo-request, or type[/code])`);
  const type = must(parseDecimal(m[1], 0, 255), tok);
  if (m[2] === undefined) return { kind: 'icmp-type', type, invert };
  return { kind: 'icmp-type', type, code: must(parseDecimal(m[2], 0, 255), tok), invert };
}

/** The options of icmp: their spellings and which take `!` (one table for every rule). */
const ICMP_OPTIONS = optionTable({ '--icmp-type': '--icmp-type' }, ['--icmp-type']);

/** `-m icmp --icmp-type` (name, type or type/code; `any`). */
export const icmp: Builder = (modTok) => {
  let match: Match | undefined;
  const seen = new Set<string>();
  return {
    name: 'icmp',
    ...ICMP_OPTIONS,
    parse(opt, optTok, invert, args) {
      once(seen, opt, optTok);
      match = parseIcmpType(args.value(optTok), invert);
    },
    finish(facts) {
      requireProto(facts, ['icmp'], '-m icmp', modTok.col);
      return [match ?? { kind: 'module', name: 'icmp' }];
    },
  };
};

// ---------------------------------------------------------------- multiport

/** The options of multiport: their spellings and which take `!` (one table for every rule). */
const MULTIPORT_OPTIONS = optionTable(
  {
    '--sports': '--sports',
    '--source-ports': '--sports',
    '--dports': '--dports',
    '--destination-ports': '--dports',
    '--ports': '--ports',
  },
  ['--sports', '--dports', '--ports'],
);

/** `-m multiport --sports|--dports|--ports` (≤ 15 ports, a range counting as two). */
export const multiport: Builder = (modTok) => {
  let match: Match | undefined;
  let optTok0: Token | undefined;
  return {
    name: 'multiport',
    ...MULTIPORT_OPTIONS,
    parse(opt, optTok, invert, args) {
      if (match) throw new RuleError(optTok.col, 'multiport takes only one of --sports, --dports, --ports');
      optTok0 = optTok;
      const v = args.value(optTok);
      const ports: PortRange[] = [];
      let slots = 0;
      for (const part of v.text.split(',')) {
        const r = must(parsePortRange(part), v);
        ports.push(r);
        slots += r.from === r.to ? 1 : 2;
      }
      // libxt_multiport: at most 15 ports, a range counting as two.
      if (slots > 15) throw new RuleError(v.col, `too many ports in "${v.text}" (multiport allows 15, a range counts as 2)`);
      const kind = opt === '--sports' ? 'sport' : opt === '--dports' ? 'dport' : 'port';
      match = { kind, ports, invert };
    },
    finish(facts) {
      if (!match) throw new RuleError(modTok.col, '-m multiport needs --sports, --dports or --ports');
      requireProto(facts, ['tcp', 'udp', 'udplite', 'sctp'], '-m multiport', optTok0?.col ?? modTok.col);
      return [match];
    },
  };
};
