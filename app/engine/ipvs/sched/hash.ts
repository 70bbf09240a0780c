/**
 * The hashing schedulers: sh, source hashing (net/netfilter/ipvs/ip_vs_sh.c) and dh, destination
 * hashing (ip_vs_dh.c). Each keeps a 256-bucket table (IP_VS_SH_TAB_BITS / IP_VS_DH_TAB_BITS = 8)
 * filled from the kernel's destination list by ip_vs_sh_reassign / ip_vs_dh_reassign, and hashes
 * the address with the kernel's hash_32 (include/linux/hash.h: `val * GOLDEN_RATIO_32 >> (32 - bits)`).
 */
import { msg, type Message } from '../../message';
import type { IpvsDest } from '../types';
import { type SchedOption, type SchedResult, type SchedState, destName, quiesced } from './types';

const TAB_BITS = 8;
const TAB_SIZE = 1 << TAB_BITS;
/** GOLDEN_RATIO_32 (include/linux/hash.h). */
const GOLDEN_RATIO_32 = 0x61c88647;

/** hash_32(val, bits) of the generic __hash_32 (what x86 uses). */
export function hash32(val: number, bits: number): number {
  return (Math.imul(val >>> 0, GOLDEN_RATIO_32) >>> 0) >>> (32 - bits);
}

/** An IPv4 address as the host-order u32 `ntohl(addr)`. */
export function addrU32(addr: string): number {
  return addr.split('.').reduce((acc, o) => ((acc << 8) | Number(o)) >>> 0, 0);
}

/** ip_vs_sh_hashkey: `(offset + hash_32(ntohs(port) + ntohl(addr), 8)) & 0xff`. */
export function shHashKey(addr: string, port: number, offset = 0): number {
  return (offset + hash32((port + addrU32(addr)) >>> 0, TAB_BITS)) & (TAB_SIZE - 1);
}

/** ip_vs_dh_hashkey: `hash_32(ntohl(addr), 8)`. */
export function dhHashKey(addr: string): number {
  return hash32(addrU32(addr), TAB_BITS);
}

/**
 * ip_vs_sh_reassign: walking the list cyclically, each dest fills `weight` consecutive buckets
 * (at least one: `++d_count >= weight` moves on). Entries are list positions; -1 = empty table.
 */
export function shBuckets(dests: readonly IpvsDest[]): number[] {
  const out: number[] = [];
  let p = 0;
  let count = 0;
  for (let i = 0; i < TAB_SIZE; i++) {
    if (dests.length === 0) {
      out.push(-1);
      continue;
    }
    out.push(p);
    if (++count >= dests[p].weight) {
      p = (p + 1) % dests.length;
      count = 0;
    }
  }
  return out;
}

/** ip_vs_dh_reassign: one bucket per dest, round the list. */
export function dhBuckets(dests: readonly IpvsDest[]): number[] {
  return Array.from({ length: TAB_SIZE }, (_, i) => (dests.length === 0 ? -1 : i % dests.length));
}

function options(dests: readonly IpvsDest[], hit: number, buckets: readonly number[], bucket: number, why: Message): SchedOption[] {
  return dests.map((d, i) => {
    const held = buckets.filter((b) => b === i).length;
    let reason: Message;
    if (i === hit) reason = why;
    else if (buckets[bucket] === i) reason = msg('ipvs.bucketQuiesced', { bucket });
    else reason = msg('ipvs.bucketsHeld', { held, total: TAB_SIZE, bucket });
    return { dest: d, position: i, chosen: i === hit, reason };
  });
}

/**
 * sh: hashes the source address (plus the source port with `-b sh-port`); an unavailable server
 * (weight 0) gives "no destination" unless `-b sh-fallback` walks on from the bucket
 * (ip_vs_sh_get_fallback, rehashing with offsets).
 */
export function shSchedule(dests: readonly IpvsDest[], state: SchedState, src: string, sport: number, flags: readonly string[]): SchedResult {
  const port = flags.includes('sh-port') ? sport : 0;
  const buckets = shBuckets(dests);
  const ihash = shHashKey(src, port, 0);
  let hit = buckets[ihash];
  let used = ihash;
  if (hit >= 0 && quiesced(dests[hit])) {
    hit = -1;
    if (flags.includes('sh-fallback')) {
      for (let off = 0; off < TAB_SIZE; off++) {
        const h = shHashKey(src, port, (off + ihash) % TAB_SIZE);
        if (buckets[h] < 0) break;
        if (!quiesced(dests[buckets[h]])) {
          hit = buckets[h];
          used = h;
          break;
        }
      }
    }
  }
  const key = port ? msg('ipvs.shKeyWithPort', { addr: src, port }) : src;
  const why = used !== ihash ? msg('ipvs.hashBucketFallback', { key, bucket: ihash, fallback: used }) : msg('ipvs.hashBucket', { key, bucket: ihash });
  return {
    ...(hit >= 0 ? { dest: dests[hit] } : {}),
    options: options(dests, hit, buckets, ihash, why),
    state,
    summary: hit >= 0 ? msg('ipvs.shSummary', { key, bucket: used, server: destName(dests[hit]) }) : msg('ipvs.shSummaryNone', { bucket: ihash }),
  };
}

/** dh: hashes the destination address; the bucket's server or none (weight 0, empty). */
export function dhSchedule(dests: readonly IpvsDest[], state: SchedState, dst: string): SchedResult {
  const buckets = dhBuckets(dests);
  const bucket = dhHashKey(dst);
  let hit = buckets[bucket];
  if (hit >= 0 && quiesced(dests[hit])) hit = -1;
  return {
    ...(hit >= 0 ? { dest: dests[hit] } : {}),
    options: options(dests, hit, buckets, bucket, msg('ipvs.hashBucket', { key: dst, bucket })),
    state,
    summary: hit >= 0 ? msg('ipvs.dhSummary', { key: dst, bucket, server: destName(dests[hit]) }) : msg('ipvs.dhSummaryNone', { bucket }),
  };
}
