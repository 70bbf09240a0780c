/**
 * Match extensions (`-m NAME`) the simulator can evaluate, each parsing its options into `Match`
 * entries with the checks iptables and the kernel apply. Follows iptables-extensions(8): tcp, udp,
 * sctp (ports only), icmp, multiport, addrtype, mark, conntrack, state, statistic, comment, physdev,
 * recent.
 */
import type { AddrType, CtState, HookName, Match, PortRange } from '../../../engine/netfilter/types';
import {
  type ArgCursor,
  type HookConstraint,
  type MatchInstance,
  type RuleFacts,
  RuleError,
  once,
  optionTable,
  requireProto,
} from './common';
import type { Token } from './tokenize';
import { parseDecimal, parseIfaceName, parsePortRange, parseValueMask, type Parsed } from './values';

/** Unwraps a parsed value or throws a RuleError at `tok`. */
function must<T>(p: Parsed<T>, tok: Token): T {
  if (!p.ok) throw new RuleError(tok.col, p.message);
  return p.value;
}

type Builder = (modTok: Token) => MatchInstance;

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
    if (b === undefined)
      throw new RuleError(tok.col, `unknown TCP flag "${name}" (known: ${Object.keys(TCP_FLAGS).join(', ')})`);
    bits |= b;
  }
  return bits;
}

function portMatch(name: 'tcp' | 'udp' | 'sctp'): Builder {
  return (modTok) => {
    const aliases: Record<string, string> = {
      '--sport': '--sport',
      '--source-port': '--sport',
      '--dport': '--dport',
      '--destination-port': '--dport',
    };
    if (name === 'tcp') Object.assign(aliases, { '--tcp-flags': '--tcp-flags', '--syn': '--syn' });
    const seen = new Set<string>();
    let sport: Match | undefined;
    let dport: Match | undefined;
    let flags: Match | undefined;
    return {
      name,
      ...optionTable(aliases, ['--sport', '--dport', '--tcp-flags', '--syn']),
      parse(opt, optTok, invert, args) {
        if (opt === '--sport' || opt === '--dport') {
          once(seen, opt, optTok);
          const v = args.value(optTok);
          const ports = [must(parsePortRange(v.text), v)];
          if (opt === '--sport') sport = { kind: 'sport', ports, invert };
          else dport = { kind: 'dport', ports, invert };
        } else if (opt === '--tcp-flags') {
          if (seen.has('--syn') || seen.has('--tcp-flags'))
            throw new RuleError(optTok.col, '--tcp-flags/--syn may only be given once');
          seen.add(opt);
          const maskTok = args.value(optTok);
          const mask = parseTcpFlags(maskTok);
          const compTok = args.value(maskTok);
          const comp = parseTcpFlags(compTok);
          flags = { kind: 'tcp-flags', mask, comp, invert };
        } else {
          if (seen.has('--syn') || seen.has('--tcp-flags'))
            throw new RuleError(optTok.col, '--tcp-flags/--syn may only be given once');
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

const icmp: Builder = (modTok) => {
  let match: Match | undefined;
  const seen = new Set<string>();
  return {
    name: 'icmp',
    ...optionTable({ '--icmp-type': '--icmp-type' }, ['--icmp-type']),
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

const multiport: Builder = (modTok) => {
  let match: Match | undefined;
  let optTok0: Token | undefined;
  return {
    name: 'multiport',
    ...optionTable(
      {
        '--sports': '--sports',
        '--source-ports': '--sports',
        '--dports': '--dports',
        '--destination-ports': '--dports',
        '--ports': '--ports',
      },
      ['--sports', '--dports', '--ports'],
    ),
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

// ---------------------------------------------------------------- addrtype

const ADDR_TYPES: readonly AddrType[] = [
  'UNSPEC',
  'UNICAST',
  'LOCAL',
  'BROADCAST',
  'ANYCAST',
  'MULTICAST',
  'BLACKHOLE',
  'UNREACHABLE',
  'PROHIBIT',
];

function parseAddrTypes(tok: Token): AddrType[] {
  return tok.text.split(',').map((t) => {
    const u = t.toUpperCase();
    if (!(ADDR_TYPES as readonly string[]).includes(u)) {
      const known = ['THROW', 'NAT', 'XRESOLVE'].includes(u) ? ' (a real type the simulator does not model)' : '';
      throw new RuleError(tok.col, `unsupported address type "${t}"${known} (supported: ${ADDR_TYPES.join(', ')})`);
    }
    return u as AddrType;
  });
}

const addrtype: Builder = (modTok) => {
  const seen = new Set<string>();
  let srcType: { types: AddrType[]; invert: boolean } | undefined;
  let dstType: { types: AddrType[]; invert: boolean } | undefined;
  let limitIn: Token | undefined;
  let limitOut: Token | undefined;
  return {
    name: 'addrtype',
    ...optionTable(
      {
        '--src-type': '--src-type',
        '--dst-type': '--dst-type',
        '--limit-iface-in': '--limit-iface-in',
        '--limit-iface-out': '--limit-iface-out',
      },
      ['--src-type', '--dst-type'],
    ),
    parse(opt, optTok, invert, args) {
      once(seen, opt, optTok);
      if (opt === '--src-type') srcType = { types: parseAddrTypes(args.value(optTok)), invert };
      else if (opt === '--dst-type') dstType = { types: parseAddrTypes(args.value(optTok)), invert };
      else if (opt === '--limit-iface-in') limitIn = optTok;
      else limitOut = optTok;
    },
    finish(_facts, constraints) {
      if (!srcType && !dstType) throw new RuleError(modTok.col, '-m addrtype needs --src-type or --dst-type');
      if (limitIn && limitOut)
        throw new RuleError(limitOut.col, '--limit-iface-in and --limit-iface-out cannot both be given');
      // xt_addrtype checkentry: the limiting interface must exist at every hook reaching the rule.
      if (limitIn) constraints.push({ hooks: ['PREROUTING', 'INPUT', 'FORWARD'], col: limitIn.col, what: '--limit-iface-in' });
      if (limitOut)
        constraints.push({ hooks: ['OUTPUT', 'FORWARD', 'POSTROUTING'], col: limitOut.col, what: '--limit-iface-out' });
      return [
        {
          kind: 'addrtype',
          ...(srcType ? { srcType } : {}),
          ...(dstType ? { dstType } : {}),
          limitIfaceIn: !!limitIn,
          limitIfaceOut: !!limitOut,
        },
      ];
    },
  };
};

// ---------------------------------------------------------------- mark

const mark: Builder = (modTok) => {
  let match: Match | undefined;
  return {
    name: 'mark',
    ...optionTable({ '--mark': '--mark' }, ['--mark']),
    parse(_opt, optTok, invert, args) {
      if (match) throw new RuleError(optTok.col, '--mark may only be given once');
      const v = args.value(optTok);
      const { value, mask } = must(parseValueMask(v.text), v);
      match = { kind: 'mark', value, mask, invert };
    },
    finish() {
      if (!match) throw new RuleError(modTok.col, '-m mark needs --mark value[/mask]');
      return [match];
    },
  };
};

// ---------------------------------------------------------------- conntrack / state

const CT_STATES: readonly CtState[] = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED', 'SNAT', 'DNAT'];

function parseStates(tok: Token, allowed: readonly CtState[]): CtState[] {
  return tok.text.split(',').map((s) => {
    const u = s.toUpperCase();
    if (!(allowed as readonly string[]).includes(u))
      throw new RuleError(tok.col, `unknown state "${s}" (allowed: ${allowed.join(', ')})`);
    return u as CtState;
  });
}

function stateMatch(name: 'conntrack' | 'state'): Builder {
  const opt = name === 'conntrack' ? '--ctstate' : '--state';
  const allowed = name === 'conntrack' ? CT_STATES : CT_STATES.slice(0, 5);
  return (modTok) => {
    let match: Match | undefined;
    return {
      name,
      ...optionTable({ [opt]: opt }, [opt]),
      parse(_o, optTok, invert, args) {
        if (match) throw new RuleError(optTok.col, `${opt} may only be given once`);
        match = { kind: 'ctstate', states: parseStates(args.value(optTok), allowed), invert };
      },
      finish() {
        if (!match) throw new RuleError(modTok.col, `-m ${name} needs ${opt} (the only ${name} option the simulator models)`);
        return [match];
      },
    };
  };
}

// ---------------------------------------------------------------- statistic

const statistic: Builder = (modTok) => {
  const seen = new Set<string>();
  let mode: { tok: Token; v: 'random' | 'nth' } | undefined;
  let prob: { v: number; invert: boolean; tok: Token } | undefined;
  let every: { v: number; invert: boolean; tok: Token } | undefined;
  let packet: { v: number; tok: Token } | undefined;
  return {
    name: 'statistic',
    ...optionTable(
      { '--mode': '--mode', '--probability': '--probability', '--every': '--every', '--packet': '--packet' },
      ['--probability', '--every'],
    ),
    parse(opt, optTok, invert, args) {
      once(seen, opt, optTok);
      const v = args.value(optTok);
      if (opt === '--mode') {
        if (v.text !== 'random' && v.text !== 'nth')
          throw new RuleError(v.col, `unknown statistic mode "${v.text}" (random or nth)`);
        mode = { tok: v, v: v.text };
      } else if (opt === '--probability') {
        const p = /^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v.text) ? Number(v.text) : NaN;
        if (!(p >= 0 && p <= 1)) throw new RuleError(v.col, `--probability must be a number between 0 and 1, not "${v.text}"`);
        prob = { v: p, invert, tok: optTok };
      } else if (opt === '--every') {
        every = { v: must(parseDecimal(v.text, 1, 0xffffffff), v), invert, tok: optTok };
      } else {
        packet = { v: must(parseDecimal(v.text, 0, 0xffffffff), v), tok: v };
      }
    },
    finish() {
      // libxt_statistic statistic_check.
      if (!mode) throw new RuleError(modTok.col, '-m statistic needs --mode random|nth');
      if (mode.v === 'random') {
        if (every || packet) throw new RuleError((every ?? packet)!.tok.col, '--every/--packet can only be used in nth mode');
        if (!prob) throw new RuleError(mode.tok.col, '--mode random needs --probability');
        return [{ kind: 'statistic-random', probability: prob.v, invert: prob.invert }];
      }
      if (prob) throw new RuleError(prob.tok.col, '--probability can only be used in random mode');
      if (!every) throw new RuleError(mode.tok.col, '--mode nth needs --every');
      const k = packet?.v ?? 0;
      if (k > every.v - 1) throw new RuleError(packet!.tok.col, `--packet must be between 0 and ${every.v - 1} (--every ${every.v})`);
      return [{ kind: 'statistic-nth', every: every.v, packet: k, invert: every.invert }];
    },
  };
};

// ---------------------------------------------------------------- comment

const comment: Builder = (modTok) => {
  let text: string | undefined;
  return {
    name: 'comment',
    ...optionTable({ '--comment': '--comment' }, []),
    parse(_opt, optTok, _invert, args) {
      if (text !== undefined) throw new RuleError(optTok.col, '--comment may only be given once');
      const v = args.value(optTok);
      let t = v.text;
      // Leniency: kube-proxy's own test dumps print some comments unquoted ("--comment kubernetes
      // service portals"); their test parser reads the following plain words as part of it.
      // iptables-restore would refuse them; words never take part in matching.
      if (!v.quoted) {
        for (let next = args.peek(); next && !next.quoted && !next.text.startsWith('-') && next.text !== '!'; next = args.peek()) {
          t += ` ${args.take().text}`;
        }
      }
      if (t.length > 255) throw new RuleError(v.col, 'comment is longer than 255 characters');
      text = t;
    },
    finish() {
      if (text === undefined) throw new RuleError(modTok.col, '-m comment needs --comment');
      return [{ kind: 'comment', text }];
    },
  };
};

// ---------------------------------------------------------------- physdev

const physdev: Builder = (modTok) => {
  const seen = new Set<string>();
  const out: Match[] = [];
  let outTok: Token | undefined;
  let bridged: { invert: boolean } | undefined;
  return {
    name: 'physdev',
    ...optionTable(
      { '--physdev-in': '--physdev-in', '--physdev-out': '--physdev-out', '--physdev-is-bridged': '--physdev-is-bridged' },
      ['--physdev-in', '--physdev-out', '--physdev-is-bridged'],
    ),
    parse(opt, optTok, invert, args) {
      once(seen, opt, optTok);
      if (opt === '--physdev-is-bridged') {
        bridged = { invert };
        out.push({ kind: 'physdev-is-bridged', invert });
        return;
      }
      const v = args.value(optTok);
      const name = must(parseIfaceName(v.text), v);
      if (opt === '--physdev-in') out.push({ kind: 'physdev-in', name, invert });
      else {
        outTok = optTok;
        out.push({ kind: 'physdev-out', name, invert });
      }
    },
    finish(_facts, constraints) {
      if (out.length === 0) throw new RuleError(modTok.col, '-m physdev needs --physdev-in, --physdev-out or --physdev-is-bridged');
      // xt_physdev checkentry: --physdev-out is unknown at OUTPUT unless the rule requires bridging.
      if (outTok && (!bridged || bridged.invert)) {
        const hooks: HookName[] = ['PREROUTING', 'INPUT', 'FORWARD', 'POSTROUTING'];
        constraints.push({ hooks, col: outTok.col, what: '--physdev-out (without --physdev-is-bridged)' });
      }
      return out;
    },
  };
};

// ---------------------------------------------------------------- recent

const recent: Builder = (modTok) => {
  const seen = new Set<string>();
  let name = 'DEFAULT';
  let mode: { v: 'set' | 'rcheck' | 'update' | 'remove'; invert: boolean; tok: Token } | undefined;
  let side: 'src' | 'dst' = 'src';
  let seconds: { v: number; tok: Token } | undefined;
  let hitcount: { v: number; tok: Token } | undefined;
  let reap: Token | undefined;
  return {
    name: 'recent',
    ...optionTable(
      {
        '--name': '--name',
        '--set': '--set',
        '--rcheck': '--rcheck',
        '--update': '--update',
        '--remove': '--remove',
        '--seconds': '--seconds',
        '--hitcount': '--hitcount',
        '--reap': '--reap',
        '--rsource': '--rsource',
        '--rdest': '--rdest',
      },
      ['--set', '--rcheck', '--update', '--remove'],
    ),
    parse(opt, optTok, invert, args) {
      once(seen, opt, optTok);
      switch (opt) {
        case '--name': {
          const v = args.value(optTok);
          if (v.text.length === 0 || v.text.length > 200 || /[\s/]/.test(v.text))
            throw new RuleError(v.col, `"${v.text}" is not a valid recent list name (1–200 characters, no blanks or /)`);
          name = v.text;
          return;
        }
        case '--set':
        case '--rcheck':
        case '--update':
        case '--remove':
          if (mode) throw new RuleError(optTok.col, 'only one of --set, --rcheck, --update, --remove may be given');
          mode = { v: opt.slice(2) as 'set' | 'rcheck' | 'update' | 'remove', invert, tok: optTok };
          return;
        case '--seconds': {
          const v = args.value(optTok);
          seconds = { v: must(parseDecimal(v.text, 1, 0xffffffff), v), tok: optTok };
          return;
        }
        case '--hitcount': {
          const v = args.value(optTok);
          // xt_recent refuses a hitcount above XT_RECENT_MAX_NSTAMPS - 1 (255).
          hitcount = { v: must(parseDecimal(v.text, 1, 255), v), tok: optTok };
          return;
        }
        case '--reap':
          reap = optTok;
          return;
        case '--rsource':
        case '--rdest':
          if (seen.has('--rsource') && seen.has('--rdest')) throw new RuleError(optTok.col, '--rsource and --rdest exclude each other');
          side = opt === '--rdest' ? 'dst' : 'src';
          return;
      }
    },
    finish() {
      // libxt_recent recent_check and xt_recent recent_mt_check.
      if (!mode) throw new RuleError(modTok.col, '-m recent needs one of --set, --rcheck, --update, --remove');
      if ((mode.v === 'set' || mode.v === 'remove') && (seconds || hitcount || reap)) {
        const t = (seconds ?? hitcount)?.tok ?? reap!;
        throw new RuleError(t.col, '--seconds, --hitcount and --reap only work with --rcheck or --update');
      }
      if (reap && !seconds) throw new RuleError(reap.col, '--reap needs --seconds');
      return [
        {
          kind: 'recent',
          name,
          mode: mode.v,
          side,
          ...(seconds ? { seconds: seconds.v } : {}),
          ...(hitcount ? { hitcount: hitcount.v } : {}),
          reap: !!reap,
          invert: mode.invert,
        },
      ];
    },
  };
};

// ---------------------------------------------------------------- registry

const BUILDERS: Readonly<Record<string, Builder>> = {
  tcp: portMatch('tcp'),
  udp: portMatch('udp'),
  sctp: portMatch('sctp'),
  icmp,
  multiport,
  addrtype,
  mark,
  conntrack: stateMatch('conntrack'),
  state: stateMatch('state'),
  statistic,
  comment,
  physdev,
  recent,
};

/** Names accepted after `-m`. */
export const SUPPORTED_MATCHES: readonly string[] = Object.keys(BUILDERS);

/**
 * Loads match extension `name` (the word after `-m`, or a protocol loaded implicitly by `-p`).
 * @returns a fresh instance, or undefined when the simulator does not support it.
 */
export function loadMatch(name: string, modTok: Token): MatchInstance | undefined {
  const b = Object.prototype.hasOwnProperty.call(BUILDERS, name) ? BUILDERS[name] : undefined;
  return b ? b(modTok) : undefined;
}

/** Re-exported so the rule parser can type its cursor argument. */
export type { ArgCursor, HookConstraint, RuleFacts };
