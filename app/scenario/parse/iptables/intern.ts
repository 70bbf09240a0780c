/**
 * One shared object for equal matches and targets of a dump. A node's kube-proxy rules repeat the
 * same few parts tens of thousands of times (`-p tcp`, `-m tcp`, `--dport 80`, `-j KUBE-MARK-MASQ`,
 * `-m statistic --mode random --probability 0.333…`); the engine treats rule parts as immutable
 * values (never as identities), so equal parts can be one object. That keeps the World small, and
 * the load fast: what the garbage collector copies while a dump is parsed is what stays alive.
 */
import type { Match, Target } from '../../../engine/netfilter/types';

/** Match kinds that are mostly unique per rule (comments, host addresses) or carry a rule's own state: kept as they are. */
const OWN_MATCH = new Set<Match['kind']>(['comment', 'unsupported', 'recent', 'set']);
/** Target kinds mostly unique per rule (an endpoint's address): kept as they are. */
const OWN_TARGET = new Set<Target['kind']>(['DNAT', 'SNAT', 'unsupported', 'LOG']);

/** Shares equal matches and targets within one parse (one `iptables-save` text). */
export class Interner {
  private readonly parts = new Map<string, Match | Target>();
  private readonly jumps = new Map<string, Target>();
  private readonly gotos = new Map<string, Target>();
  private readonly names = new Map<string, string>();

  /**
   * One string object per chain name: the name of a `:CHAIN` line, of `-A CHAIN` and of `-j CHAIN`
   * are then the same string, so the table's checks look them up by an identical key, and tens of
   * thousands of rules do not each keep a slice of their line alive.
   */
  chain(name: string): string {
    const seen = this.names.get(name);
    if (seen !== undefined) return seen;
    this.names.set(name, name);
    return name;
  }

  /** `m`, or the equal match seen before. Host addresses (`/32`) and comments are not shared. */
  match(m: Match): Match {
    if (OWN_MATCH.has(m.kind)) return m;
    if ((m.kind === 'src' || m.kind === 'dst') && m.cidr.len === 32) return m;
    return this.shared(m);
  }

  /** `t`, or the equal target seen before (jumps by chain name; NAT and unknown targets are not shared). */
  target(t: Target): Target {
    if (t.kind === 'jump') {
      const map = t.goto ? this.gotos : this.jumps;
      const seen = map.get(t.chain);
      if (seen) return seen;
      map.set(t.chain, t);
      return t;
    }
    return OWN_TARGET.has(t.kind) ? t : this.shared(t);
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
