/**
 * Real iptables extensions the engine cannot evaluate (iptables-extensions(8) MATCH and TARGET
 * EXTENSIONS that the simulator does not model): a rule using one is loaded, never refused and
 * never silently matched. Its options (up to the next `-m`/`-j`) are kept as written; the engine
 * stops a packet that reaches the extension with "cannot evaluate" naming the rule.
 */
import { msg } from '../../../engine/message';
import type { Match, Target } from '../../../engine/netfilter/types';
import type { ArgCursor, MatchInstance, TargetInstance } from './common';
import type { Token } from './tokenize';

/** Match extensions of iptables-extensions(8) (IPv4). */
const KNOWN_MATCHES = new Set([
  'addrtype',
  'ah',
  'bpf',
  'cgroup',
  'cluster',
  'comment',
  'connbytes',
  'connlabel',
  'connlimit',
  'connmark',
  'conntrack',
  'cpu',
  'dccp',
  'devgroup',
  'dscp',
  'ecn',
  'esp',
  'hashlimit',
  'helper',
  'icmp',
  'iprange',
  'ipvs',
  'length',
  'limit',
  'mac',
  'mark',
  'multiport',
  'nfacct',
  'osf',
  'owner',
  'physdev',
  'pkttype',
  'policy',
  'quota',
  'rateest',
  'realm',
  'recent',
  'rpfilter',
  'sctp',
  'set',
  'socket',
  'state',
  'statistic',
  'string',
  'tcp',
  'tcpmss',
  'time',
  'tos',
  'ttl',
  'u32',
  'udp',
]);

/** True when `name` is a real match extension (supported or not). */
export function isKnownMatch(name: string): boolean {
  return KNOWN_MATCHES.has(name);
}

/** Takes the option's values: the words up to the next option (`-x`/`--x`) or `!`. */
function takeValues(args: ArgCursor): string[] {
  const out: string[] = [];
  for (let t = args.peek(); t && (t.quoted || ((!t.text.startsWith('-') || /^-\d/.test(t.text)) && t.text !== '!')); t = args.peek()) {
    const w = args.take();
    out.push(w.quoted ? `"${w.text}"` : w.text);
  }
  return out;
}

/** An opaque match: claims its options until another `-m` follows (`close`). */
export function opaqueMatch(modTok: Token): MatchInstance & { close(): void } {
  const words = [`-m ${modTok.text}`];
  let open = true;
  return {
    name: modTok.text,
    canonical: (opt) => (open && opt.startsWith('-') ? opt : undefined),
    invertible: () => true,
    parse(_name, opt, invert, args) {
      words.push(`${invert ? '! ' : ''}${opt.text}`, ...takeValues(args));
    },
    finish(): Match[] {
      return [{ kind: 'unsupported', text: words.join(' '), reason: msg('unevaluable.iptMatch', { name: modTok.text }) }];
    },
    close() {
      open = false;
    },
  };
}

/** An opaque target: claims every option after it. */
export function opaqueTarget(nameTok: Token): TargetInstance {
  const words = [`-j ${nameTok.text}`];
  return {
    name: nameTok.text,
    canonical: (opt) => (opt.startsWith('-') ? opt : undefined),
    invertible: () => true,
    parse(_name, opt, invert, args) {
      words.push(`${invert ? '! ' : ''}${opt.text}`, ...takeValues(args));
    },
    finish(): Target {
      return { kind: 'unsupported', text: words.join(' '), reason: msg('unevaluable.iptTarget', { name: nameTok.text }) };
    },
  };
}
