/**
 * Metadata match extensions: `-m addrtype`, `-m mark`, `-m conntrack`/`-m state`, `-m comment`,
 * `-m physdev`. Follows iptables-extensions(8) and the kernel's checkentry functions
 * (`xt_addrtype.c`, `xt_physdev.c`).
 */
import type { AddrType, CtState, HookName, Match } from '../../../engine/netfilter/types';
import { type Builder, RuleError, once, optionTable } from './common';
import type { Token } from './tokenize';
import { must, parseIfaceName, parseValueMask } from './values';

// ---------------------------------------------------------------- addrtype

const ADDR_TYPES: readonly AddrType[] = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT'];

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

/** The options of addrtype: their spellings and which take `!` (one table for every rule). */
const ADDRTYPE_OPTIONS = optionTable(
  {
    '--src-type': '--src-type',
    '--dst-type': '--dst-type',
    '--limit-iface-in': '--limit-iface-in',
    '--limit-iface-out': '--limit-iface-out',
  },
  ['--src-type', '--dst-type'],
);

/** `-m addrtype --src-type/--dst-type` (comma lists, `!`) with `--limit-iface-in/out`. */
export const addrtype: Builder = (modTok) => {
  const seen = new Set<string>();
  let srcType: { types: AddrType[]; invert: boolean } | undefined;
  let dstType: { types: AddrType[]; invert: boolean } | undefined;
  let limitIn: Token | undefined;
  let limitOut: Token | undefined;
  return {
    name: 'addrtype',
    ...ADDRTYPE_OPTIONS,
    parse(opt, optTok, invert, args) {
      once(seen, opt, optTok);
      if (opt === '--src-type') srcType = { types: parseAddrTypes(args.value(optTok)), invert };
      else if (opt === '--dst-type') dstType = { types: parseAddrTypes(args.value(optTok)), invert };
      else if (opt === '--limit-iface-in') limitIn = optTok;
      else limitOut = optTok;
    },
    finish(_facts, constraints) {
      if (!srcType && !dstType) throw new RuleError(modTok.col, '-m addrtype needs --src-type or --dst-type');
      if (limitIn && limitOut) throw new RuleError(limitOut.col, '--limit-iface-in and --limit-iface-out cannot both be given');
      // xt_addrtype checkentry: the limiting interface must exist at every hook reaching the rule.
      if (limitIn) constraints.push({ hooks: ['PREROUTING', 'INPUT', 'FORWARD'], col: limitIn.col, what: '--limit-iface-in' });
      if (limitOut) constraints.push({ hooks: ['OUTPUT', 'FORWARD', 'POSTROUTING'], col: limitOut.col, what: '--limit-iface-out' });
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

/** The options of mark: their spellings and which take `!` (one table for every rule). */
const MARK_OPTIONS = optionTable({ '--mark': '--mark' }, ['--mark']);

/** `-m mark --mark value[/mask]`. */
export const mark: Builder = (modTok) => {
  let match: Match | undefined;
  return {
    name: 'mark',
    ...MARK_OPTIONS,
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
    if (!(allowed as readonly string[]).includes(u)) throw new RuleError(tok.col, `unknown state "${s}" (allowed: ${allowed.join(', ')})`);
    return u as CtState;
  });
}

/** `-m conntrack --ctstate` (incl. SNAT/DNAT) or `-m state --state`. */
export function stateMatch(name: 'conntrack' | 'state'): Builder {
  const opt = name === 'conntrack' ? '--ctstate' : '--state';
  const allowed = name === 'conntrack' ? CT_STATES : CT_STATES.slice(0, 5);
  const options = optionTable({ [opt]: opt }, [opt]);
  return (modTok) => {
    let match: Match | undefined;
    return {
      name,
      ...options,
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

// ---------------------------------------------------------------- comment

/** The options of comment: their spellings and which take `!` (one table for every rule). */
const COMMENT_OPTIONS = optionTable({ '--comment': '--comment' }, []);

/** `-m comment --comment text` (≤ 255 characters). */
export const comment: Builder = (modTok) => {
  let text: string | undefined;
  return {
    name: 'comment',
    ...COMMENT_OPTIONS,
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

/** The options of physdev: their spellings and which take `!` (one table for every rule). */
const PHYSDEV_OPTIONS = optionTable(
  { '--physdev-in': '--physdev-in', '--physdev-out': '--physdev-out', '--physdev-is-bridged': '--physdev-is-bridged', '--physdev-is-in': '--physdev-is-in', '--physdev-is-out': '--physdev-is-out' },
  ['--physdev-in', '--physdev-out', '--physdev-is-bridged', '--physdev-is-in', '--physdev-is-out'],
);

/** `-m physdev --physdev-in/--physdev-out/--physdev-is-bridged/--physdev-is-in/--physdev-is-out`. */
export const physdev: Builder = (modTok) => {
  const seen = new Set<string>();
  const out: Match[] = [];
  let outTok: Token | undefined;
  let bridged: { invert: boolean } | undefined;
  return {
    name: 'physdev',
    ...PHYSDEV_OPTIONS,
    parse(opt, optTok, invert, args) {
      once(seen, opt, optTok);
      if (opt === '--physdev-is-bridged') {
        bridged = { invert };
        out.push({ kind: 'physdev-is-bridged', invert });
        return;
      }
      if (opt === '--physdev-is-in' || opt === '--physdev-is-out') {
        out.push({ kind: opt === '--physdev-is-in' ? 'physdev-is-in' : 'physdev-is-out', invert });
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
      if (out.length === 0) throw new RuleError(modTok.col, '-m physdev needs --physdev-in, --physdev-out, --physdev-is-in, --physdev-is-out or --physdev-is-bridged');
      // xt_physdev checkentry: --physdev-out is unknown at OUTPUT unless the rule requires bridging.
      if (outTok && (!bridged || bridged.invert)) {
        const hooks: HookName[] = ['PREROUTING', 'INPUT', 'FORWARD', 'POSTROUTING'];
        constraints.push({ hooks, col: outTok.col, what: '--physdev-out (without --physdev-is-bridged)' });
      }
      return out;
    },
  };
};
