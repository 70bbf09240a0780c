/**
 * A parsed rule as `iptables-save` prints it back after `iptables-restore` (iptables 1.8, nf_tables
 * backend; measured on kernel 6.18 against every rule of the bundled scenarios and the peer suites,
 * `canonical.test.ts`): the generic options first in the fixed order `-s -d -i -o -p` (host
 * addresses with `/32`, `! ` before a negated one, `-p all` left out, a protocol number by name),
 * then each match module as written with its implicit `-m tcp`/`-m udp`/`-m icmp` made explicit and
 * its options in the extension's own save order (libxt_*.c `*_save`), then the target with its
 * defaults spelled out (`--reject-with icmp-port-unreachable`, MARK as `--set-xmark`).
 */
import type { AddrType, CtState, Match, PortRange, Rule, Target } from './types';

/** Protocol names iptables prints (`xtables_chain_protos`, then /etc/protocols for gre). */
const PROTO_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 47: 'gre', 50: 'esp', 51: 'ah', 132: 'sctp', 136: 'udplite' };

/** Bit order of the state names (libxt_conntrack / libxt_state print them in this order). */
const CT_ORDER: readonly CtState[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];
/** RTN_* order, in which libxt_addrtype prints a type list. */
const ADDR_ORDER: readonly AddrType[] = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT'];
/** TCP flag names from the lowest bit up, as libxt_tcp's print_tcpf walks them. */
const TCP_FLAGS: readonly [string, number][] = [
  ['FIN', 0x01],
  ['SYN', 0x02],
  ['RST', 0x04],
  ['PSH', 0x08],
  ['ACK', 0x10],
  ['URG', 0x20],
];

/**
 * Options whose meaning the parsed rule holds completely. A rule written with any other option
 * (`--log-level`, DNAT's `--random`, recent's `--rttl`, …) has no canonical form here.
 */
const KNOWN = new Set([
  '-A',
  '-s',
  '--source',
  '--src',
  '-d',
  '--destination',
  '--dst',
  '-i',
  '--in-interface',
  '-o',
  '--out-interface',
  '-p',
  '--protocol',
  '-m',
  '--match',
  '-j',
  '--jump',
  '-g',
  '--goto',
  '--sport',
  '--source-port',
  '--dport',
  '--destination-port',
  '--tcp-flags',
  '--syn',
  '--sports',
  '--source-ports',
  '--dports',
  '--destination-ports',
  '--ports',
  '--icmp-type',
  '--src-type',
  '--dst-type',
  '--limit-iface-in',
  '--limit-iface-out',
  '--mark',
  '--ctstate',
  '--state',
  '--comment',
  '--physdev-in',
  '--physdev-out',
  '--physdev-is-bridged',
  '--physdev-is-in',
  '--physdev-is-out',
  '--mode',
  '--probability',
  '--every',
  '--packet',
  '--name',
  '--set',
  '--rcheck',
  '--update',
  '--remove',
  '--seconds',
  '--hitcount',
  '--reap',
  '--rsource',
  '--rdest',
  '--reject-with',
  '--to-destination',
  '--to-source',
  '--to-ports',
  '--random',
  '--random-fully',
  '--set-xmark',
  '--set-mark',
  '--and-mark',
  '--or-mark',
  '--xor-mark',
  '--log-prefix',
  '--match-set',
  '--return-nomatch',
  '--update-counters',
]);
const MULTIPORT_OPTS = new Set(['--sports', '--source-ports', '--dports', '--destination-ports', '--ports']);
const STATE_OPTS = new Set(['--state', '--ctstate']);
const PORT_OPTS = new Set(['--sport', '--source-port', '--dport', '--destination-port', ...MULTIPORT_OPTS]);

/** The words of a rule line: whitespace-separated, `"…"` quoted with `\` escapes (iptables-restore's rules). */
function words(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]));
}

/** A string as `xtables_save_string` prints it: bare when only `[A-Za-z0-9_-]`, else quoted with `" \ '` escaped. */
function saveString(s: string): string {
  return /^[A-Za-z0-9_-]+$/.test(s) ? s : `"${s.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

const neg = (invert: boolean) => (invert ? '! ' : '');
const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
const ports = (r: readonly PortRange[]) => r.map((p) => (p.from === p.to ? `${p.from}` : `${p.from}:${p.to}`)).join(',');
const tcpFlags = (bits: number) =>
  TCP_FLAGS.filter(([, b]) => bits & b)
    .map(([n]) => n)
    .join(',') || 'NONE';
const sorted = <T>(order: readonly T[], xs: readonly T[]) => order.filter((x) => xs.includes(x));

/** `-m icmp --icmp-type`: the type alone for every code, `type/code` for one, `any` for 255 (libipt_icmp). */
function icmpType(m: Extract<Match, { kind: 'icmp-type' }>): string {
  const v = m.type === 255 ? 'any' : m.code === undefined ? `${m.type}` : `${m.type}/${m.code}`;
  return `${neg(m.invert)}--icmp-type ${v}`;
}

/** The option words of the rule text in order: the next one of a set, looked at or consumed. */
interface OptionCursor {
  peek(set: ReadonlySet<string>): string | undefined;
  take(set: ReadonlySet<string>): string | undefined;
}

/** One rendered module: its `-m NAME` and options, and which matches it consumed. */
interface Rendered {
  readonly text: string;
  readonly used: number;
}

/**
 * The module starting at `ms[i]`. `opts` yields the rule's option words in order, so a port or
 * state match can be told to come from `-m multiport` or `-m tcp`, `-m state` or `-m conntrack`.
 * @returns undefined when the parsed rule cannot say how iptables-save prints it.
 */
function renderModule(ms: readonly Match[], i: number, proto: string | undefined, opts: OptionCursor): Rendered | undefined {
  const m = ms[i];
  switch (m.kind) {
    case 'sport':
    case 'dport':
    case 'port':
    case 'tcp-flags': {
      if (m.kind !== 'tcp-flags' && MULTIPORT_OPTS.has(opts.peek(PORT_OPTS) ?? '')) {
        const name = m.kind === 'port' ? '--ports' : m.kind === 'sport' ? '--sports' : '--dports';
        opts.take(PORT_OPTS);
        return { text: `-m multiport ${neg(m.invert)}${name} ${ports(m.ports)}`, used: 1 };
      }
      if (m.kind === 'port' || !proto || !['tcp', 'udp', 'sctp'].includes(proto)) return undefined;
      // libxt_tcp/udp save order: --sport, --dport, --tcp-flags; one module holds at most one of each.
      const parts: string[] = [];
      let j = i;
      for (const kind of ['sport', 'dport', 'tcp-flags'] as const) {
        const x = ms[j];
        if (x?.kind !== kind) continue;
        if (x.kind === 'tcp-flags') parts.push(`${neg(x.invert)}--tcp-flags ${tcpFlags(x.mask)} ${tcpFlags(x.comp)}`);
        else {
          if (MULTIPORT_OPTS.has(opts.peek(PORT_OPTS) ?? '')) break;
          opts.take(PORT_OPTS);
          parts.push(`${neg(x.invert)}--${x.kind} ${ports(x.ports)}`);
        }
        j++;
      }
      return { text: `-m ${proto} ${parts.join(' ')}`, used: j - i };
    }
    case 'module':
      return { text: `-m ${m.name}`, used: 1 };
    case 'icmp-type':
      return { text: `-m icmp ${icmpType(m)}`, used: 1 };
    case 'addrtype': {
      const parts: string[] = [];
      if (m.srcType) parts.push(`${neg(m.srcType.invert)}--src-type ${sorted(ADDR_ORDER, m.srcType.types).join(',')}`);
      if (m.dstType) parts.push(`${neg(m.dstType.invert)}--dst-type ${sorted(ADDR_ORDER, m.dstType.types).join(',')}`);
      if (m.limitIfaceIn) parts.push('--limit-iface-in');
      if (m.limitIfaceOut) parts.push('--limit-iface-out');
      return { text: `-m addrtype ${parts.join(' ')}`, used: 1 };
    }
    case 'mark':
      return { text: `-m mark ${neg(m.invert)}--mark ${hex(m.value)}${m.mask >>> 0 === 0xffffffff ? '' : `/${hex(m.mask)}`}`, used: 1 };
    case 'ctstate': {
      const opt = opts.take(STATE_OPTS);
      if (!opt) return undefined;
      const mod = opt === '--state' ? 'state' : 'conntrack';
      return { text: `-m ${mod} ${neg(m.invert)}${opt} ${sorted(CT_ORDER, m.states).join(',')}`, used: 1 };
    }
    case 'comment':
      return { text: `-m comment --comment ${saveString(m.text)}`, used: 1 };
    case 'physdev-in':
    case 'physdev-out':
    case 'physdev-is-bridged':
    case 'physdev-is-in':
    case 'physdev-is-out': {
      // One -m physdev: libxt_physdev saves --physdev-is-in, --physdev-in, --physdev-is-out,
      // --physdev-out, --physdev-is-bridged (measured with iptables-save 1.8.9).
      let j = i;
      const group: Match[] = [];
      while (j < ms.length && ms[j].kind.startsWith('physdev') && !group.some((g) => g.kind === ms[j].kind)) group.push(ms[j++]);
      const parts = (['physdev-is-in', 'physdev-in', 'physdev-is-out', 'physdev-out', 'physdev-is-bridged'] as const).flatMap((k) => {
        const g = group.find((x) => x.kind === k);
        if (!g || !('invert' in g)) return [];
        return ['physdev-in', 'physdev-out'].includes(g.kind) ? [`${neg(g.invert)}--${g.kind} ${(g as { name: string }).name}`] : [`${neg(g.invert)}--${g.kind}`];
      });
      return { text: `-m physdev ${parts.join(' ')}`, used: j - i };
    }
    case 'statistic-random':
      // libxt_statistic: the probability is stored as round(p * 2^31) and printed with %.11f.
      return { text: `-m statistic --mode random ${neg(m.invert)}--probability ${(Math.round(m.probability * 0x80000000) / 0x80000000).toFixed(11)}`, used: 1 };
    case 'statistic-nth':
      return { text: `-m statistic --mode nth ${neg(m.invert)}--every ${m.every}${m.packet ? ` --packet ${m.packet}` : ''}`, used: 1 };
    case 'set':
      // libxt_set set_save_v4 (measured): `! --match-set NAME dirs`, `--return-nomatch`; the default --update-counters is left out.
      return { text: `-m set ${neg(m.invert)}--match-set ${m.name} ${m.dirs.join(',')}${m.returnNomatch ? ' --return-nomatch' : ''}`, used: 1 };
    case 'recent': {
      // libxt_recent save order: mode, --seconds, --reap, --hitcount, --name, --mask, side.
      const parts = [`${neg(m.invert)}--${m.mode}`];
      if (m.seconds !== undefined) parts.push(`--seconds ${m.seconds}`);
      if (m.reap) parts.push('--reap');
      if (m.hitcount !== undefined) parts.push(`--hitcount ${m.hitcount}`);
      parts.push(`--name ${m.name}`, `--mask ${m.mask ?? '255.255.255.255'}`, m.side === 'src' ? '--rsource' : '--rdest');
      return { text: `-m recent ${parts.join(' ')}`, used: 1 };
    }
    case 'src':
    case 'dst':
    case 'in':
    case 'out':
    case 'proto':
    case 'unsupported':
      return undefined;
    default: {
      const never: never = m;
      return never;
    }
  }
}

function renderTarget(t: Target): string | undefined {
  switch (t.kind) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return `-j ${t.kind}`;
    case 'REJECT':
      return `-j REJECT --reject-with ${t.with}`;
    case 'jump':
      return `${t.goto ? '-g' : '-j'} ${t.chain}`;
    case 'MARK':
      return `-j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'DNAT':
    case 'SNAT': {
      const p = t.toPorts ? `:${t.toPorts.from === t.toPorts.to ? t.toPorts.from : `${t.toPorts.from}-${t.toPorts.to}`}` : '';
      return `-j ${t.kind} ${t.kind === 'DNAT' ? '--to-destination' : '--to-source'} ${t.toAddr ?? ''}${p}`;
    }
    case 'MASQUERADE': {
      const p = t.toPorts ? ` --to-ports ${t.toPorts.from === t.toPorts.to ? t.toPorts.from : `${t.toPorts.from}-${t.toPorts.to}`}` : '';
      return `-j MASQUERADE${p}${t.random ? ' --random' : ''}${t.randomFully ? ' --random-fully' : ''}`;
    }
    case 'NOTRACK':
      return t.form === 'NOTRACK' ? '-j NOTRACK' : '-j CT --notrack';
    case 'LOG':
      return t.prefix === undefined ? '-j LOG' : `-j LOG --log-prefix ${saveString(t.prefix)}`;
    case 'none':
      return '';
    case 'unsupported':
      return undefined;
    default: {
      const never: never = t;
      return never;
    }
  }
}

/**
 * The rule as `iptables-save` prints it back (iptables-nft 1.8): see the module comment.
 * @returns undefined when the parsed rule does not hold all it needs to say so exactly (an option
 *   the model does not keep, such as `--log-level`; an unusual protocol number; two `-m tcp`).
 */
export function canonicalRule(rule: Rule): string | undefined {
  // A rule is met on every packet that walks its chain: render it once.
  if (!cache.has(rule)) cache.set(rule, render(rule));
  return cache.get(rule);
}

const cache = new WeakMap<Rule, string | undefined>();

function render(rule: Rule): string | undefined {
  // The engine does not know how iptables-save prints an extension it cannot evaluate.
  if (rule.target.kind === 'unsupported' || rule.matches.some((m) => m.kind === 'unsupported')) return undefined;
  const w = words(rule.text);
  if (w.some((x, i) => x.startsWith('-') && x.length > 1 && !KNOWN.has(x) && w[i - 1] !== '--comment' && w[i - 1] !== '--log-prefix')) return undefined;
  const optWords = w.filter((x, i) => x.startsWith('--') && w[i - 1] !== '--comment' && w[i - 1] !== '--log-prefix');
  // Two -m of one L4 module cannot be told apart.
  for (const mod of ['tcp', 'udp', 'sctp']) if (w.filter((x, i) => x === mod && (w[i - 1] === '-m' || w[i - 1] === '--match')).length > 1) return undefined;
  // One position per kind of option: the port words and the state words are read independently.
  const at = new Map<ReadonlySet<string>, number>();
  const opts: OptionCursor = {
    peek(set) {
      let c = at.get(set) ?? 0;
      while (c < optWords.length && !set.has(optWords[c])) c++;
      at.set(set, c);
      return optWords[c];
    },
    take(set) {
      const o = opts.peek(set);
      at.set(set, (at.get(set) ?? 0) + 1);
      return o;
    },
  };
  const out = [`-A ${rule.chain}`];
  const ms = rule.matches;
  let proto: string | undefined;
  for (const kind of ['src', 'dst', 'in', 'out', 'proto'] as const) {
    const m = ms.find((x) => x.kind === kind);
    if (!m) continue;
    if (m.kind === 'src' || m.kind === 'dst') out.push(`${neg(m.invert)}-${m.kind[0]} ${m.cidr.addr}/${m.cidr.len}`);
    else if (m.kind === 'in' || m.kind === 'out') out.push(`${neg(m.invert)}-${m.kind[0]} ${m.name}`);
    else if (m.kind === 'proto') {
      const name = typeof m.proto === 'number' ? PROTO_NAMES[m.proto] : m.proto;
      if (name === undefined) return undefined;
      if (name !== 'all') out.push(`${neg(m.invert)}-p ${name}`);
      proto = m.invert ? undefined : name;
    }
  }
  const rest = ms.filter((x) => !['src', 'dst', 'in', 'out', 'proto'].includes(x.kind));
  for (let i = 0; i < rest.length;) {
    const r = renderModule(rest, i, proto, opts);
    if (!r) return undefined;
    out.push(r.text);
    i += r.used;
  }
  const target = renderTarget(rule.target);
  if (target === undefined) return undefined;
  if (target) out.push(target);
  return out.join(' ');
}
