/**
 * Decides whether a packet matches an iptables rule. Follows iptables(8) (`ip_packet_match`:
 * addresses, interfaces, protocol), iptables-extensions(8) and the kernel's xt_* match functions,
 * and `docs/linux-packet-path.md` §2: a rule's matches are ANDed in order and stop at the first
 * that fails, so stateful matches (statistic, recent) only run when every earlier match held.
 */
import ipaddr from 'ipaddr.js';
import { fromUint32, toUint32 } from '../addr/ipv4';
import { ipSetTest } from '../ipvs/ipset-test';
import type { IpsetSet } from '../ipvs/types';
import type { Message } from '../message';
import type { AddrType, Cidr, CtState, HookName, Match, PortRange, Rule } from './types';

/** The `-m recent` variant of Match. */
export type RecentMatch = Extract<Match, { kind: 'recent' }>;

/** The packet headers a rule is tested against. */
export interface MatchPacket {
  readonly src: string;
  readonly dst: string;
  readonly proto: 'tcp' | 'udp' | 'icmp' | 'ipip' | 'sctp';
  readonly sport?: number;
  readonly dport?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** TCP flags set, as letters: F S R P A U (e.g. `'S'`, `'SA'`); absent = none. */
  readonly tcpFlags?: string;
}

/** Everything a match may look at, for one packet at one hook of one netns. */
export interface MatchContext {
  readonly hook: HookName;
  /** The L3/L4 header being filtered (for a tunnelled packet, the outer one). */
  readonly pkt: MatchPacket;
  /** Ingress device (PREROUTING, INPUT, FORWARD); ignored at other hooks, where the kernel has none. */
  readonly inIface?: string;
  /** Egress device (FORWARD, OUTPUT, POSTROUTING); ignored at other hooks. */
  readonly outIface?: string;
  /** Bridge port the frame entered by (br_netfilter), also when it is then routed. */
  readonly physIn?: string;
  /** Bridge port the frame leaves by, when it is being bridged. */
  readonly physOut?: string;
  /** True when the packet is being bridged port to port (the kernel knows a physical out-port). */
  readonly bridged: boolean;
  /** skb mark (unsigned 32-bit). */
  readonly mark: number;
  /** Conntrack state of the packet: NEW, ESTABLISHED, RELATED, INVALID or UNTRACKED. */
  readonly ctstate: CtState;
  /** Whether the packet's conntrack entry has a source / destination NAT binding (ctstate SNAT/DNAT). */
  readonly ctNat: { readonly snat: boolean; readonly dnat: boolean };
  /**
   * The address type of `addr` in this netns (LOCAL when configured on any interface here, etc.).
   * When `iface` is given (limit-iface), only that interface's addresses count.
   */
  addrType(addr: string, iface?: string): AddrType;
  /** Decides a `statistic --mode random` match for this rule (the engine resolves pinned choices). */
  random(rule: Rule, probability: number): boolean;
  /** Returns and increments the per-rule packet counter for `--mode nth` (0 for the first packet). */
  nth(rule: Rule): number;
  /**
   * Runs an xt_recent operation on list `m.name` for `addr` (already chosen by `m.side`) and
   * returns the match result including `m.invert` (xt_recent's `--update` refreshes only when that
   * result is true). The engine owns the lists and the clock; `RecentLists.check` implements it.
   * When absent, the netns behaves as if its lists were empty and forgot every `--set`: `--set`
   * matches, `--rcheck/--update/--remove` find nothing (the kernel's answer for a first packet).
   */
  recent?(m: RecentMatch, addr: string): boolean;
  /**
   * The netns's ipset named `name` (`ipset save` state) for `-m set`. A rule naming a set that
   * does not exist never loads (iptables-restore: "Set NAME doesn't exist."; checkSetReferences),
   * and the kernel refuses to destroy a set a rule uses, so a missing set is not reachable here:
   * when absent or missing, the packet counts as not in the set.
   */
  ipset?(name: string): IpsetSet | undefined;
}

/** xt_recent's per-list entry limit (`ip_list_tot`) and the stamps kept per entry. */
const RECENT_MAX_ENTRIES = 100;
const RECENT_MAX_STAMPS = 255;

/**
 * The `-m recent` lists of one netns, following the kernel's `recent_mt` (net/netfilter/xt_recent.c):
 * per list an LRU of addresses with their last-seen times (seconds from `now`).
 */
export class RecentLists {
  private readonly lists = new Map<string, Map<string, number[]>>();

  /** @param now the simulation clock in seconds. */
  constructor(private readonly now: () => number) {}

  /** Applies match `m` for `addr` and returns the match result, `!` included (see MatchContext.recent). */
  check(m: RecentMatch, addr: string): boolean {
    const now = this.now();
    let list = this.lists.get(m.name);
    if (!list) this.lists.set(m.name, (list = new Map()));
    let ret = m.invert;
    const stamps = list.get(addr);
    if (!stamps) {
      if (m.mode !== 'set') return ret;
      if (list.size >= RECENT_MAX_ENTRIES) list.delete(list.keys().next().value!);
      list.set(addr, [now]);
      return !ret;
    }
    if (m.mode === 'set') ret = !ret;
    else if (m.mode === 'remove') {
      list.delete(addr);
      return !ret;
    } else if (m.seconds !== undefined || m.hitcount !== undefined) {
      const since = m.seconds !== undefined ? now - m.seconds : -Infinity;
      let hits = 0;
      for (const t of stamps) {
        if (t < since) continue;
        if (m.hitcount === undefined || ++hits >= m.hitcount) {
          ret = !ret;
          break;
        }
      }
      // --reap: the least recently seen other entry goes when it is older than the window.
      if (m.reap) {
        for (const [a, st] of list) {
          if (a !== addr && st[st.length - 1] < since) list.delete(a);
          break;
        }
      }
    } else ret = !ret;
    if (m.mode === 'set' || (m.mode === 'update' && ret)) {
      stamps.push(now);
      if (stamps.length > RECENT_MAX_STAMPS) stamps.shift();
      list.delete(addr);
      list.set(addr, stamps);
    }
    return ret;
  }

  /** The addresses on list `name` with their last-seen times, least recently seen first. */
  entries(name: string): ReadonlyMap<string, readonly number[]> {
    return this.lists.get(name) ?? new Map();
  }
}

const PROTO_NUM: Readonly<Record<MatchPacket['proto'], number>> = { icmp: 1, ipip: 4, tcp: 6, udp: 17, sctp: 132 };
const FLAG_BITS: Readonly<Record<string, number>> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20, E: 0x40, C: 0x80 };
const HAS_IN: readonly HookName[] = ['PREROUTING', 'INPUT', 'FORWARD'];
const HAS_OUT: readonly HookName[] = ['FORWARD', 'OUTPUT', 'POSTROUTING'];

const netCache = new Map<string, ipaddr.IPv4>();

/** True when IPv4 `addr` lies in `cidr` (ipaddr.js prefix match). */
export function inCidr(addr: string, cidr: Cidr): boolean {
  return parsed(addr).match(parsed(cidr.addr), cidr.len);
}

/** An address parsed once (rule addresses and the packet's, which stay the same during a walk). */
function parsed(a: string): ipaddr.IPv4 {
  let v = netCache.get(a);
  if (!v) {
    v = ipaddr.IPv4.parse(a);
    if (netCache.size > 1 << 17) netCache.clear();
    netCache.set(a, v);
  }
  return v;
}

/**
 * Compares a device name with an iptables interface pattern the way the kernel's
 * `ifname_compare_aligned` does: exact, or a prefix when the pattern ends in `+` (`+` alone
 * matches every name, even the empty one of a missing device).
 */
export function ifaceMatches(name: string, pattern: string): boolean {
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function inRanges(port: number, ranges: readonly PortRange[]): boolean {
  return ranges.some((r) => port >= r.from && port <= r.to);
}

function hasPorts(pkt: MatchPacket): boolean {
  return (pkt.proto === 'tcp' || pkt.proto === 'udp' || pkt.proto === 'sctp') && pkt.sport !== undefined && pkt.dport !== undefined;
}

function tcpFlagBits(flags: string | undefined): number {
  let bits = 0;
  for (const ch of flags ?? '') bits |= FLAG_BITS[ch.toUpperCase()] ?? 0;
  return bits;
}

/** The device the kernel passes for `-i` (or addrtype --limit-iface-in) at this hook; '' when none. */
function inDev(ctx: MatchContext): string {
  return HAS_IN.includes(ctx.hook) ? (ctx.inIface ?? '') : '';
}

function outDev(ctx: MatchContext): string {
  return HAS_OUT.includes(ctx.hook) ? (ctx.outIface ?? '') : '';
}

/** Conntrack state bits as xt_conntrack builds them (SNAT/DNAT only with a conntrack entry). */
function ctStates(ctx: MatchContext): CtState[] {
  const out: CtState[] = [ctx.ctstate];
  if (ctx.ctstate === 'NEW' || ctx.ctstate === 'ESTABLISHED' || ctx.ctstate === 'RELATED') {
    if (ctx.ctNat.snat) out.push('SNAT');
    if (ctx.ctNat.dnat) out.push('DNAT');
  }
  return out;
}

/**
 * Evaluates all of `rule`'s matches in order, stopping at the first that fails (so later stateful
 * matches are not evaluated, as in the kernel).
 * @returns true when every match holds (a rule without matches always matches).
 */
/**
 * Thrown when a rule's evaluation reaches a match the engine cannot evaluate; the walk turns it
 * into the engine stop `cannot-evaluate` naming the rule.
 */
export class CannotEvaluate extends Error {
  constructor(
    readonly text: string,
    /** Why, for the learner. */
    readonly reason: Message,
  ) {
    super(reason.key);
  }
}

export function matchRule(rule: Rule, ctx: MatchContext): boolean {
  for (const m of rule.matches) if (!matchOne(m, rule, ctx)) return false;
  return true;
}

/**
 * Evaluates one match of `rule` against the packet in `ctx`, `!` included.
 * Port, flag and ICMP matches never hold for a packet without those headers.
 * @throws only if `ctx.pkt` carries an address that is not dotted-quad IPv4.
 */
export function matchOne(m: Match, rule: Rule, ctx: MatchContext): boolean {
  const pkt = ctx.pkt;
  switch (m.kind) {
    case 'unsupported':
      throw new CannotEvaluate(m.text, m.reason);
    case 'src':
      return inCidr(pkt.src, m.cidr) !== m.invert;
    case 'dst':
      return inCidr(pkt.dst, m.cidr) !== m.invert;
    case 'in':
      return ifaceMatches(inDev(ctx), m.name) !== m.invert;
    case 'out':
      return ifaceMatches(outDev(ctx), m.name) !== m.invert;
    case 'proto': {
      if (m.proto === 'all') return !m.invert;
      const want = typeof m.proto === 'number' ? m.proto : PROTO_NUM[m.proto];
      return (PROTO_NUM[pkt.proto] === want) !== m.invert;
    }
    case 'sport':
      return hasPorts(pkt) && inRanges(pkt.sport!, m.ports) !== m.invert;
    case 'dport':
      return hasPorts(pkt) && inRanges(pkt.dport!, m.ports) !== m.invert;
    case 'port':
      return hasPorts(pkt) && (inRanges(pkt.sport!, m.ports) || inRanges(pkt.dport!, m.ports)) !== m.invert;
    case 'tcp-flags':
      return pkt.proto === 'tcp' && ((tcpFlagBits(pkt.tcpFlags) & m.mask) === m.comp) !== m.invert;
    case 'icmp-type': {
      if (pkt.proto !== 'icmp' || pkt.icmpType === undefined) return false;
      const code = pkt.icmpCode ?? 0;
      const hit = m.type === 255 || (pkt.icmpType === m.type && (m.code === undefined || code === m.code));
      return hit !== m.invert;
    }
    case 'addrtype': {
      const dev = m.limitIfaceIn ? inDev(ctx) : m.limitIfaceOut ? outDev(ctx) : '';
      const iface = dev === '' ? undefined : dev;
      if (m.srcType && m.srcType.types.includes(ctx.addrType(pkt.src, iface)) === m.srcType.invert) return false;
      if (m.dstType && m.dstType.types.includes(ctx.addrType(pkt.dst, iface)) === m.dstType.invert) return false;
      return true;
    }
    case 'mark':
      return ((ctx.mark & m.mask) >>> 0 === m.value >>> 0) !== m.invert;
    case 'ctstate': {
      const have = ctStates(ctx);
      return m.states.some((s) => have.includes(s)) !== m.invert;
    }
    case 'statistic-random':
      return ctx.random(rule, m.probability) !== m.invert;
    case 'statistic-nth':
      return (ctx.nth(rule) % m.every === m.packet) !== m.invert;
    case 'comment':
    case 'module':
      return true;
    // xt_physdev: without bridge information every non-inverted physdev option fails.
    case 'physdev-in':
      if (!hasBridgeInfo(ctx)) return m.invert;
      return ifaceMatches(ctx.physIn ?? '', m.name) !== m.invert;
    case 'physdev-out':
      if (!hasBridgeInfo(ctx)) return m.invert;
      return ifaceMatches(ctx.physOut ?? '', m.name) !== m.invert;
    case 'physdev-is-bridged':
      if (!hasBridgeInfo(ctx)) return m.invert;
      return ctx.bridged !== m.invert;
    case 'physdev-is-in':
      if (!hasBridgeInfo(ctx)) return m.invert;
      return (ctx.physIn !== undefined) !== m.invert;
    case 'physdev-is-out':
      if (!hasBridgeInfo(ctx)) return m.invert;
      return (ctx.physOut !== undefined) !== m.invert;
    case 'set': {
      const set = ctx.ipset?.(m.name);
      if (!set) return m.invert;
      const p = { ...pkt, proto: PROTO_NUM[pkt.proto] };
      return ipSetTest(set, p, m.dirs, m.returnNomatch) !== m.invert;
    }
    case 'recent':
      if (!ctx.recent) return m.mode === 'set' ? !m.invert : m.invert;
      return ctx.recent(m, recentAddress(m.side === 'src' ? pkt.src : pkt.dst, m.mask));
    default: {
      const _x: never = m;
      throw new Error(`unhandled match ${JSON.stringify(_x)}`);
    }
  }
}

/** The address xt_recent looks up: `addr` masked with `--mask` (recent_mt: `addr & info->mask`). */
function recentAddress(addr: string, mask: string | undefined): string {
  return mask === undefined ? addr : fromUint32((toUint32(addr) & toUint32(mask)) >>> 0);
}

function hasBridgeInfo(ctx: MatchContext): boolean {
  return ctx.bridged || ctx.physIn !== undefined || ctx.physOut !== undefined;
}
