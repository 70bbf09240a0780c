/**
 * One shared object for equal matches and targets of a dump. A node's kube-proxy rules repeat the
 * same few parts tens of thousands of times (`-p tcp`, `-m tcp`, `--dport 80`, `-j KUBE-MARK-MASQ`,
 * `-m statistic --mode random --probability 0.333…`); the engine treats rule parts as immutable
 * values (never as identities), so equal parts can be one object. That keeps the World small, and
 * the load fast: what the garbage collector copies while a dump is parsed is what stays alive.
 */
import type { Cidr, Match, Target } from '../../../engine/netfilter/types';
import { type Parsed, parseCidr } from './values';

/** Match kinds that are mostly unique per rule (comments, host addresses) or carry a rule's own state: kept as they are. */
const OWN_MATCH = new Set<Match['kind']>(['comment', 'unsupported', 'recent', 'set']);
/** Target kinds mostly unique per rule (an endpoint's address): kept as they are. */
const OWN_TARGET = new Set<Target['kind']>(['DNAT', 'SNAT', 'unsupported', 'LOG']);

/** Whether the Interner shares `m` with equal matches (rule-shape.ts reuses such parts as they are). */
export function isSharedMatch(m: Match): boolean {
  return !OWN_MATCH.has(m.kind) && !((m.kind === 'src' || m.kind === 'dst') && m.cidr.len === 32);
}

/** Whether the Interner shares `t` with equal targets. */
export function isSharedTarget(t: Target): boolean {
  return !OWN_TARGET.has(t.kind);
}

/** How many chain names the Interner remembers as looked up last. */
const RECENT_NAMES = 4;

/** Shares equal matches and targets within one parse (one `iptables-save` text). */
export class Interner {
  private readonly parts = new Map<string, Match | Target>();
  private readonly jumps = new Map<string, Target>();
  private readonly gotos = new Map<string, Target>();
  private readonly names = new Map<string, string>();
  private readonly cidrs = new Map<string, Parsed<Cidr>>();
  /** The names looked up last (a ring). */
  private readonly recent: string[] = [];
  private next = 0;

  /**
   * One string object per chain name: the name of a `:CHAIN` line, of `-A CHAIN` and of `-j CHAIN`
   * are then the same string, so the table's checks look them up by an identical key, and tens of
   * thousands of rules do not each keep a slice of their line alive.
   */
  chain(name: string): string {
    // iptables-save prints a chain's rules together, and kube-proxy's chains call the chains
    // printed next to them: most lookups are of a name looked up just before.
    // The last character first: a cheap miss between names of one length (KUBE-SVC-…, KUBE-SEP-…).
    const recent = this.recent;
    const n = name.length;
    const last = name.charCodeAt(n - 1);
    for (let k = 0; k < recent.length; k++) {
      const r = recent[k];
      if (r.length === n && r.charCodeAt(n - 1) === last && r === name) return r;
    }
    const seen = this.declared(name);
    recent[this.next] = seen;
    this.next = (this.next + 1) % RECENT_NAMES;
    return seen;
  }

  /** `chain(name)` for a name seen for the first time most likely (a `:CHAIN` line): not looked for among the last ones. */
  declared(name: string): string {
    const seen = this.names.get(name);
    if (seen !== undefined) return seen;
    this.names.set(name, name);
    return name;
  }

  /**
   * `parseCidr(text)`, remembered for network prefixes (`! -s 10.244.0.0/16` repeats in every
   * Service's rules; a host address is mostly unique and is parsed each time).
   */
  cidr(text: string): Parsed<Cidr> {
    if (text.endsWith('/32') || !text.includes('/')) return parseCidr(text);
    let c = this.cidrs.get(text);
    if (!c) this.cidrs.set(text, (c = parseCidr(text)));
    return c;
  }

  /** `m`, or the equal match seen before. Host addresses (`/32`) and comments are not shared. */
  match(m: Match): Match {
    return isSharedMatch(m) ? this.shared(m) : m;
  }

  /** The shared `-j CHAIN` (or `-g CHAIN` when `goto`) target. */
  jump(chain: string, goto: boolean): Target {
    const map = goto ? this.gotos : this.jumps;
    let t = map.get(chain);
    if (!t) map.set(chain, (t = { kind: 'jump', chain, goto }));
    return t;
  }

  /** `t`, or the equal target seen before (jumps by chain name; NAT and unknown targets are not shared). */
  target(t: Target): Target {
    if (t.kind === 'jump') return this.jump(t.chain, t.goto);
    return isSharedTarget(t) ? this.shared(t) : t;
  }

  private shared<T extends Match | Target>(part: T): T {
    const key = shortKey(part) ?? JSON.stringify(part);
    const seen = this.parts.get(key);
    if (seen) return seen as T;
    this.parts.set(key, part);
    return part;
  }
}

/**
 * A key for the parts every kube-proxy rule repeats (`-p tcp`, `-m tcp`, `--dport 80`), built
 * without serialising the object; undefined for the others (JSON is their key). The leading
 * character keeps these keys apart from JSON text, which starts with `{`.
 */
function shortKey(part: Match | Target): string | undefined {
  switch (part.kind) {
    case 'proto':
      return `p${part.proto}${part.invert ? '!' : ''}`;
    case 'module':
      return `m${part.name}`;
    case 'dport':
    case 'sport':
      return part.ports.length === 1 ? `${part.kind}${part.ports[0].from}-${part.ports[0].to}${part.invert ? '!' : ''}` : undefined;
    default:
      return undefined;
  }
}
