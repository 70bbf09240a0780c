/**
 * Targets (`-j NAME`) the simulator can execute, with their options and the table/hook limits the
 * kernel enforces. Follows iptables(8) (ACCEPT, DROP, RETURN) and iptables-extensions(8) TARGET
 * EXTENSIONS (REJECT, MARK, DNAT, SNAT, MASQUERADE, LOG); MARK is normalised as in
 * `docs/linux-packet-path.md` §2.7 (`libxt_MARK.man`).
 */
import type { TableName } from '../../../engine/netfilter/types';
import { type TargetBuilder, type TargetInstance, RuleError, once, optionTable, requireProto } from './common';
import type { Token } from './tokenize';
import { msg } from '../../../engine/message';
import { parseUint, parseValueMask } from './values';
import { masquerade, natTarget, requireTable } from './target-nat';

/** Targets with their own extension that the simulator does not model (named in errors). */
const KNOWN_UNSUPPORTED = new Set([
  'AUDIT',
  'CHECKSUM',
  'CLASSIFY',
  'CLUSTERIP',
  'CONNMARK',
  'CONNSECMARK',
  'DSCP',
  'ECN',
  'HMARK',
  'IDLETIMER',
  'LED',
  'NETMAP',
  'NFLOG',
  'NFQUEUE',
  'QUEUE',
  'RATEEST',
  'REDIRECT',
  'SECMARK',
  'SET',
  'SYNPROXY',
  'TCPMSS',
  'TCPOPTSTRIP',
  'TEE',
  'TOS',
  'TPROXY',
  'TRACE',
  'TTL',
  'ULOG',
]);

/** Target names the simulator executes. */
export const SUPPORTED_TARGETS: readonly string[] = ['ACCEPT', 'DROP', 'RETURN', 'REJECT', 'MARK', 'DNAT', 'SNAT', 'MASQUERADE', 'LOG', 'NOTRACK', 'CT'];

/** The length of the longest target name. */
const LONGEST_TARGET_NAME = Math.max(...SUPPORTED_TARGETS.map((t) => t.length), ...[...KNOWN_UNSUPPORTED].map((t) => t.length));

/** True when `name` is a target extension name rather than a chain (supported or not). */
export function isTargetName(name: string): boolean {
  // Most words asked about are chain names longer than any target's (KUBE-SEP-…): no lookup.
  return name.length <= LONGEST_TARGET_NAME && (SUPPORTED_TARGETS.includes(name) || KNOWN_UNSUPPORTED.has(name));
}

/** True when `name` is a real target extension the simulator cannot execute. */
export function isUnsupportedTarget(name: string): boolean {
  return KNOWN_UNSUPPORTED.has(name);
}

/** libipt_REJECT's `--reject-with` names and aliases → canonical name. */
const REJECT_WITH: Readonly<Record<string, string>> = {
  'icmp-net-unreachable': 'icmp-net-unreachable',
  'net-unreach': 'icmp-net-unreachable',
  'icmp-host-unreachable': 'icmp-host-unreachable',
  'host-unreach': 'icmp-host-unreachable',
  'icmp-port-unreachable': 'icmp-port-unreachable',
  'port-unreach': 'icmp-port-unreachable',
  'icmp-proto-unreachable': 'icmp-proto-unreachable',
  'proto-unreach': 'icmp-proto-unreachable',
  'icmp-net-prohibited': 'icmp-net-prohibited',
  'net-prohib': 'icmp-net-prohibited',
  'icmp-host-prohibited': 'icmp-host-prohibited',
  'host-prohib': 'icmp-host-prohibited',
  'icmp-admin-prohibited': 'icmp-admin-prohibited',
  'admin-prohib': 'icmp-admin-prohibited',
  'tcp-reset': 'tcp-reset',
  'tcp-rst': 'tcp-reset',
};

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug', 'panic', 'err', 'warn'];

/** The options of simple: their spellings and which take `!` (one table for every rule). */
const SIMPLE_OPTIONS = optionTable({}, []);

const simple =
  (kind: 'ACCEPT' | 'DROP' | 'RETURN'): TargetBuilder =>
  (tok, table) => {
    if (kind === 'DROP' && table === 'nat') throw new RuleError(tok.col, 'the nat table is not intended for filtering; iptables refuses -j DROP there');
    return { name: kind, ...SIMPLE_OPTIONS, parse() {}, finish: () => ({ kind }) };
  };

/** The options of reject: their spellings and which take `!` (one table for every rule). */
const REJECT_OPTIONS = optionTable({ '--reject-with': '--reject-with' }, []);

const reject: TargetBuilder = (tok, table) => {
  requireTable(table, 'filter', 'REJECT', tok.col);
  let withName = 'icmp-port-unreachable';
  let withTok: Token | undefined;
  return {
    name: 'REJECT',
    ...REJECT_OPTIONS,
    parse(_n, opt, _inv, args) {
      if (withTok) throw new RuleError(opt.col, '--reject-with may only be given once');
      const v = args.value(opt);
      const c = REJECT_WITH[v.text.toLowerCase()];
      if (!c) throw new RuleError(v.col, `unknown --reject-with type "${v.text}" (known: ${[...new Set(Object.values(REJECT_WITH))].join(', ')})`);
      withName = c;
      withTok = v;
    },
    finish(facts, constraints) {
      if (withName === 'tcp-reset') requireProto(facts, ['tcp'], '--reject-with tcp-reset', withTok!.col);
      constraints.push({ hooks: ['INPUT', 'FORWARD', 'OUTPUT'], col: tok.col, what: 'REJECT' });
      return { kind: 'REJECT', with: withName };
    },
  };
};

const MARK_NAMES = ['--set-xmark', '--set-mark', '--and-mark', '--or-mark', '--xor-mark'];
const MARK_OPTIONS = optionTable(Object.fromEntries(MARK_NAMES.map((n) => [n, n])), []);

const markTarget: TargetBuilder = (tok) => {
  let result: { value: number; mask: number; form: string } | undefined;
  return {
    name: 'MARK',
    ...MARK_OPTIONS,
    parse(name, opt, _inv, args) {
      if (result) throw new RuleError(opt.col, 'MARK takes only one of --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark');
      const v = args.value(opt);
      const form = `${opt.text} ${v.text}`;
      if (name === '--set-xmark' || name === '--set-mark') {
        const p = parseValueMask(v.text);
        if (!p.ok) throw new RuleError(v.col, p.message);
        const { value, mask } = p.value;
        // libxt_MARK: --set-mark v/m is (mark & ~m) | v, i.e. xmark v/(m|v).
        result = name === '--set-xmark' ? { value, mask, form } : { value, mask: (mask | value) >>> 0, form };
        return;
      }
      const b = parseUint(v.text, 0xffffffff);
      if (!b.ok) throw new RuleError(v.col, b.message);
      const bits = b.value;
      if (name === '--and-mark') result = { value: 0, mask: ~bits >>> 0, form };
      else if (name === '--or-mark') result = { value: bits, mask: bits, form };
      else result = { value: bits, mask: 0, form };
    },
    finish() {
      if (!result) throw new RuleError(tok.col, `MARK needs one of ${MARK_NAMES.join(', ')}`);
      return { kind: 'MARK', ...result };
    },
  };
};

const LOG_FLAGS = ['--log-tcp-sequence', '--log-tcp-options', '--log-ip-options', '--log-uid', '--log-macdecode'];
const LOG_OPTIONS = optionTable(Object.fromEntries(['--log-prefix', '--log-level', ...LOG_FLAGS].map((n) => [n, n])), []);

const log: TargetBuilder = () => {
  const seen = new Set<string>();
  let prefix: string | undefined;
  return {
    name: 'LOG',
    ...LOG_OPTIONS,
    parse(name, opt, _inv, args) {
      once(seen, name, opt);
      if (name === '--log-prefix') {
        const v = args.value(opt);
        if (v.text.length > 29) throw new RuleError(v.col, 'log prefix is longer than 29 characters');
        prefix = v.text;
      } else if (name === '--log-level') {
        const v = args.value(opt);
        if (!/^[0-7]$/.test(v.text) && !LOG_LEVELS.includes(v.text.toLowerCase())) throw new RuleError(v.col, `unknown log level "${v.text}" (0–7 or ${LOG_LEVELS.slice(0, 8).join(', ')})`);
      }
      // The remaining flags only change what the log line shows.
    },
    finish: () => (prefix !== undefined ? { kind: 'LOG', prefix } : { kind: 'LOG' }),
  };
};

/** `-j NOTRACK` (xt_CT.c, raw table only): no options. */
const notrack: TargetBuilder = (tok, table) => {
  requireTable(table, 'raw', 'NOTRACK', tok.col);
  return { name: 'NOTRACK', ...SIMPLE_OPTIONS, parse() {}, finish: () => ({ kind: 'NOTRACK', form: 'NOTRACK' }) };
};

/** CT's options (iptables-extensions(8) CT); all but `--notrack` take one value. */
const CT_OPTIONS = optionTable(Object.fromEntries(['--notrack', '--helper', '--ctevents', '--expectevents', '--zone', '--zone-orig', '--zone-reply', '--timeout'].map((n) => [n, n])), []);

/**
 * `-j CT` (xt_CT.c, raw table only). With `--notrack` it is NOTRACK (the kernel ignores its other
 * options); otherwise a helper, zone, timeout or event
 * mask attaches a conntrack template the engine does not model, so such a rule is loaded as a
 * target the engine cannot evaluate.
 */
const ct: TargetBuilder = (tok, table) => {
  requireTable(table, 'raw', 'CT', tok.col);
  const seen = new Set<string>();
  const words = ['-j CT'];
  return {
    name: 'CT',
    ...CT_OPTIONS,
    parse(name, opt, _inv, args) {
      once(seen, name, opt);
      words.push(opt.text);
      if (name !== '--notrack') words.push(args.value(opt).text);
    },
    finish: () =>
      // xt_ct_tg_check: with XT_CT_NOTRACK set, no template is made and the other options are ignored.
      seen.has('--notrack') ? { kind: 'NOTRACK', form: 'CT --notrack' } : { kind: 'unsupported', text: words.join(' '), reason: msg('unevaluable.iptTarget', { name: 'CT' }) },
  };
};

const BUILDERS: Readonly<Record<string, TargetBuilder>> = {
  NOTRACK: notrack,
  CT: ct,
  ACCEPT: simple('ACCEPT'),
  DROP: simple('DROP'),
  RETURN: simple('RETURN'),
  REJECT: reject,
  MARK: markTarget,
  DNAT: natTarget('DNAT'),
  SNAT: natTarget('SNAT'),
  MASQUERADE: masquerade,
  LOG: log,
};

/**
 * Loads supported target `name` for a rule in `table`.
 * @returns the instance, or undefined when `name` is not a supported target (a chain, or unsupported).
 * @throws RuleError when the target is not valid in `table`.
 */
export function loadTarget(name: string, tok: Token, table: TableName): TargetInstance | undefined {
  const b = Object.prototype.hasOwnProperty.call(BUILDERS, name) ? BUILDERS[name] : undefined;
  return b ? b(tok, table) : undefined;
}
