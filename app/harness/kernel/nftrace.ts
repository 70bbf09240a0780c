/**
 * Reads the kernel's nftables trace as `nftrace.py` prints it (one JSON object per netlink event
 * of NFNLGRP_NFTRACE, net/netfilter/nf_tables_trace.c nft_trace_notify) into {@link XtEvent}s, the
 * same events `xtables-monitor --trace` gives, plus the ones it hides.
 *
 * Measured on Linux 6.18 (nftables 1.0.6, iptables-nft 1.8.9), a chain that ends without a
 * verdict emits an event of type NFT_TRACETYPE_RULE with no rule handle and verdict NFT_CONTINUE
 * (nf_tables_core.c nft_do_chain → nft_trace_verdict after the rule loop): for an empty user chain
 * entered by `-j`, for a user chain where nothing matched, after a last rule that matched without
 * a verdict (MARK), for a chain entered by `-g` (then the base chain's policy follows directly),
 * and for every base chain before its policy. An explicit `-j RETURN` is a rule event (verdict
 * NFT_RETURN) and no end event follows it. Neither `xtables-monitor --trace` nor `nft monitor
 * trace` prints the handle-less events. Here the end of a user chain becomes a `return` event;
 * the end of a built-in chain is dropped (its policy event follows and says the same).
 *
 * The rule text comes from the rule handle: {@link handleMap} pairs `nft -a list ruleset` with
 * `iptables-save` rule by rule (iptables-nft keeps one nft rule per iptables rule, in order).
 *
 * The scenario's own nft tables (any family; the event's nfgenmsg family is the table's) are named
 * `<family> <table>` (`inet t`, `ip kube-proxy`) and their rules `#<position in chain>` (from the
 * handle, see nft-ruleset.ts), the names the engine's nft steps are compared under; their base
 * chains are known from `nft -j list ruleset`, so the end of a regular chain is a return and the
 * end of a base chain is dropped (its policy event follows), as for iptables (measured on 6.18:
 * nft base chains emit the same handle-less end event before their policy).
 */
import { nftFamilyName, nftTableKey, type NftKernelMap } from './nft-ruleset';
import { normMac, type XtEvent, type XtPacket } from './xtmonitor';

/** One JSON line of nftrace.py. */
interface RawEvent {
  id?: string;
  type?: string;
  table?: string;
  chain?: string;
  handle?: number;
  verdict?: number;
  target?: string;
  policy?: number;
  iif?: string;
  oif?: string;
  mark?: number;
  ll?: string;
  net?: string;
  th?: string;
  lost?: string;
  /** nfgenmsg family: the traced table's (1 inet, 2 ip, 10 ip6). */
  family?: number;
}

/** Built-in chain names: an iptables user chain cannot take them. */
const BUILTIN_CHAINS = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

/** nf_tables verdict codes (include/uapi/linux/netfilter/nf_tables.h, NF_* in netfilter.h). */
export function nftVerdict(code: number | undefined, target?: string): string {
  switch (code) {
    case 0:
      return 'DROP';
    case 1:
      return 'ACCEPT';
    case 2:
      return 'STOLEN';
    case 3:
      return 'QUEUE';
    case -1:
      return 'CONTINUE';
    case -2:
      return 'BREAK';
    case -3:
      return `JUMP:${target ?? ''}`;
    case -4:
      return `GOTO:${target ?? ''}`;
    case -5:
      return 'RETURN';
    default:
      return String(code);
  }
}

const hexBytes = (h: string): number[] => Array.from({ length: h.length >> 1 }, (_, i) => parseInt(h.slice(i * 2, i * 2 + 2), 16));
const ip4 = (b: readonly number[], at: number) => b.slice(at, at + 4).join('.');
const u16 = (b: readonly number[], at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const TCP_FLAGS: readonly [number, string][] = [
  [0x01, 'FIN'],
  [0x02, 'SYN'],
  [0x04, 'RST'],
  [0x08, 'PSH'],
  [0x10, 'ACK'],
  [0x20, 'URG'],
];

/**
 * The packet of a trace event from its raw headers (`net`: the IPv4 header, `th`: up to 20 bytes
 * from the transport header, `ll`: the Ethernet header), null without an IPv4 header.
 */
export function decodePacket(e: { iif?: string; oif?: string; mark?: number; ll?: string; net?: string; th?: string }): XtPacket | null {
  if (!e.net) return null;
  const n = hexBytes(e.net);
  if (n.length < 20 || n[0] >> 4 !== 4) return null;
  const t = e.th ? hexBytes(e.th) : [];
  const proto = n[9];
  const ll = e.ll ? hexBytes(e.ll) : [];
  const mac = (at: number) =>
    normMac(
      ll
        .slice(at, at + 6)
        .map((x) => x.toString(16))
        .join(':'),
    );
  const base = {
    in: e.iif,
    out: e.oif,
    macDst: ll.length >= 14 ? mac(0) : undefined,
    macSrc: ll.length >= 14 ? mac(6) : undefined,
    src: ip4(n, 12),
    dst: ip4(n, 16),
    len: u16(n, 2),
    ttl: n[8],
    id: u16(n, 4),
    df: (n[6] & 0x40) !== 0,
    mark: e.mark || undefined,
    proto,
  };
  if ((proto === 6 || proto === 17) && t.length >= 4) {
    const flags = proto === 6 && t.length >= 14 ? TCP_FLAGS.filter(([bit]) => t[13] & bit).map(([, name]) => name) : [];
    return { ...base, sport: u16(t, 0), dport: u16(t, 2), tcpFlags: flags };
  }
  if (proto === 1 && t.length >= 2) {
    const type = t[0];
    const isError = type === 3 || type === 11 || type === 12 || type === 4;
    return {
      ...base,
      tcpFlags: [],
      icmpType: type,
      icmpCode: t[1],
      icmpId: type === 0 || type === 8 ? u16(t, 4) : undefined,
      quoted: isError && t.length >= 20 ? { id: u16(t, 12), proto: t[17] } : undefined,
    };
  }
  return { ...base, tcpFlags: [] };
}

/**
 * Maps `<table> <handle>` to the rule's `-t <table> -A …` text: the rules of `nft -a list ruleset`
 * (iptables-nft tables: family `ip`, not one of the scenario's own nft tables `nftOwned`, as
 * `<family> <table>`) paired in chain order with the `-A` lines of `iptables-save`.
 */
export function handleMap(nftList: string, iptablesSave: string, nftOwned: ReadonlySet<string> = new Set()): Map<string, string> {
  const save = new Map<string, string[]>();
  let cur = '';
  for (const raw of iptablesSave.split('\n')) {
    const line = raw.trim();
    const t = /^\*(\S+)/.exec(line);
    if (t) cur = t[1];
    else if (line.startsWith('-A ')) {
      const k = `${cur} ${line.split(/\s+/)[1]}`;
      if (!save.has(k)) save.set(k, []);
      save.get(k)!.push(line);
    }
  }
  const out = new Map<string, string>();
  let table = '';
  let chain = '';
  let i = 0;
  for (const raw of nftList.split('\n')) {
    const line = raw.trim();
    const tm = /^table (\S+) (\S+) \{/.exec(line);
    if (tm) {
      table = tm[1] === 'ip' && !nftOwned.has(nftTableKey(tm[1], tm[2])) ? tm[2] : '';
      continue;
    }
    const cm = /^chain (\S+) \{/.exec(line);
    if (cm) {
      chain = cm[1];
      i = 0;
      continue;
    }
    const hm = /# handle (\d+)\s*$/.exec(line);
    if (!hm || !table || !chain) continue;
    const text = save.get(`${table} ${chain}`)?.[i++];
    if (text) out.set(`${table} ${hm[1]}`, `-t ${table} ${text}`);
  }
  return out;
}

/** The events of one netns, and whether the listener reported lost events (socket overflow). */
export interface NfTrace {
  readonly events: XtEvent[];
  readonly lost: boolean;
}

/**
 * Parses nftrace.py's output (lines with arrival times, or plain text) into events in kernel
 * order, each with the packet of the latest event of its trace id that carried headers.
 * @param rules `<table> <handle>` → rule text (see {@link handleMap}).
 * @param nft the scenario's own nft tables, their rule positions and base chains (nft-ruleset.ts).
 */
export function parseNfTrace(input: string | readonly { readonly t: number; readonly line: string }[], rules: ReadonlyMap<string, string>, nft?: NftKernelMap): NfTrace {
  const lines = typeof input === 'string' ? input.split('\n').map((line) => ({ t: undefined as number | undefined, line })) : input;
  const last = new Map<string, XtPacket | null>();
  const events: XtEvent[] = [];
  let lost = false;
  for (const { t, line } of lines) {
    if (!line.startsWith('{')) continue;
    let e: RawEvent;
    try {
      e = JSON.parse(line) as RawEvent;
    } catch {
      continue;
    }
    if (e.lost) {
      lost = true;
      continue;
    }
    if (!e.id || !e.table || !e.chain) continue;
    if (e.net) last.set(e.id, decodePacket(e));
    const packet = last.get(e.id) ?? null;
    const time = t !== undefined ? { t } : {};
    const table = nftTableKey(nftFamilyName(e.family), e.table);
    if (nft?.owned.has(table)) {
      const ev = nftEvent(e, { traceId: e.id, table, chain: e.chain, packet, ...time }, nft);
      if (ev) events.push(ev);
      continue;
    }
    const common = { traceId: e.id, table: e.table, chain: e.chain, packet, ...time };
    if (e.type === 'policy') events.push({ ...common, kind: 'policy', verdict: nftVerdict(e.policy), rule: null });
    else if (e.type === 'rule' && e.handle !== undefined) {
      const rule = rules.get(`${e.table} ${e.handle}`) ?? `-t ${e.table} -A ${e.chain} (handle ${e.handle})`;
      events.push({ ...common, kind: 'rule', verdict: nftVerdict(e.verdict, e.target), rule });
    } else if (e.type === 'rule' || e.type === 'return') {
      // The end of a chain: a user chain returns; a built-in chain's policy event follows.
      if (!BUILTIN_CHAINS.has(e.chain)) events.push({ ...common, kind: 'return', verdict: 'RETURN', rule: null });
    }
  }
  return { events, lost };
}

/**
 * One trace event of a scenario nft table: a policy, a rule (named `#<position>` in its chain), or
 * the end of a chain without verdict (a return for a regular chain; nothing for a base chain,
 * whose policy event follows).
 */
function nftEvent(e: RawEvent, common: Omit<XtEvent, 'kind' | 'verdict' | 'rule'>, nft: NftKernelMap): XtEvent | null {
  if (e.type === 'policy') return { ...common, kind: 'policy', verdict: nftVerdict(e.policy), rule: null };
  if (e.type === 'rule' && e.handle !== undefined) {
    const r = nft.rules.get(`${common.table} ${e.handle}`);
    return { ...common, kind: 'rule', verdict: nftVerdict(e.verdict, e.target), rule: r ? `#${r.index}` : `(handle ${e.handle})` };
  }
  if ((e.type === 'rule' || e.type === 'return') && !nft.base.has(`${common.table} ${common.chain}`)) return { ...common, kind: 'return', verdict: 'RETURN', rule: null };
  return null;
}
