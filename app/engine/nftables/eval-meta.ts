/**
 * What the kernel knows about a packet beside its headers: `meta` keys (nft_meta.c), conntrack
 * keys (nft_ct.c) and route lookups (nft_fib.c, nft_fib_ipv4.c), read from the evaluation context.
 */
import { msg } from '../message';
import { NftBreak, type NftContext } from './eval-context';
import { constNumber, ipv4ToNumber, num, unknown, type NftType, type NftValue } from './eval-value';
import type { NftExpr } from './types';

const PROTO_NUM: Readonly<Record<string, number>> = { icmp: 1, ipip: 4, tcp: 6, udp: 17, sctp: 132 };
const IN_HOOKS = new Set(['prerouting', 'input', 'forward', 'ingress']);
const OUT_HOOKS = new Set(['forward', 'output', 'postrouting', 'egress']);
const CT_STATE_BIT: Readonly<Record<NftContext['ctstate'], number>> = { INVALID: 1, ESTABLISHED: 2, RELATED: 4, NEW: 8, UNTRACKED: 64 };
/** ct status bits the context carries: seen-reply (from ESTABLISHED), confirmed, snat, dnat. */
const CT_STATUS_KNOWN = 0x02 | 0x08 | 0x10 | 0x20;

function metaType(key: string): NftType {
  const types: Record<string, NftType> = { l4proto: 'inet_proto', protocol: 'ether_type', nfproto: 'nf_proto', mark: 'mark', iifname: 'ifname', oifname: 'ifname', iif: 'ifname', oif: 'ifname' };
  return types[key] ?? 'integer';
}

function ctType(key: string): NftType {
  const k = key.replace(/^ip /, '');
  const types: Record<string, NftType> = {
    state: 'ct_state',
    status: 'ct_status',
    mark: 'mark',
    saddr: 'ipv4_addr',
    daddr: 'ipv4_addr',
    'proto-src': 'inet_service',
    'proto-dst': 'inet_service',
    protocol: 'inet_proto',
    l3proto: 'nf_proto',
  };
  return types[k] ?? 'integer';
}

/** `meta KEY` (nft_meta.c nft_meta_get_eval): devices only at hooks that have them (else ""). */
export function metaValue(key: string, ctx: NftContext): NftValue {
  const type = metaType(key);
  const inDev = IN_HOOKS.has(ctx.hook) ? (ctx.inIface ?? '') : '';
  const outDev = OUT_HOOKS.has(ctx.hook) ? (ctx.outIface ?? '') : '';
  switch (key) {
    case 'l4proto':
      return num(type, PROTO_NUM[ctx.pkt.proto]);
    case 'protocol':
      return num(type, 0x0800);
    case 'nfproto':
      return num(type, 2);
    case 'mark':
      return num(type, ctx.mark);
    case 'iifname':
    case 'iif':
      return { type, v: inDev };
    case 'oifname':
    case 'oif':
      return { type, v: outDev };
    default:
      return unknown(type, msg('nftables.expressionNotModelled', { expr: `meta ${key}` }));
  }
}

/** `ct [DIR] KEY` (nft_ct.c nft_ct_get_eval): every key but state needs a conntrack entry. */
export function ctValue(key: string, dir: 'original' | 'reply' | undefined, ctx: NftContext): NftValue {
  const k = key.replace(/^ip /, '');
  const type = ctType(key);
  if (k === 'state') return num(type, CT_STATE_BIT[ctx.ctstate]);
  // nft_ct_get_eval: every other key needs a conntrack entry, else the rule breaks.
  if (ctx.ctstate === 'INVALID' || ctx.ctstate === 'UNTRACKED') throw new NftBreak();
  if (k === 'status') {
    const s = ctx.ctStatus;
    const bits = (ctx.ctstate === 'ESTABLISHED' ? 0x02 : 0) | (s.confirmed ? 0x08 : 0) | (s.snat ? 0x10 : 0) | (s.dnat ? 0x20 : 0);
    return { type, v: bits, known: CT_STATUS_KNOWN };
  }
  if (k === 'mark') return num(type, ctx.ctMark);
  if (dir === 'original' && ctx.ctOriginal) {
    const o = ctx.ctOriginal;
    if (k === 'saddr') return num(type, ipv4ToNumber(o.src));
    if (k === 'daddr') return num(type, ipv4ToNumber(o.dst));
    if (k === 'proto-src' && o.sport !== undefined) return num(type, o.sport);
    if (k === 'proto-dst' && o.dport !== undefined) return num(type, o.dport);
  }
  return unknown(type, msg('nftables.expressionNotModelled', { expr: `ct ${dir ? `${dir} ` : ''}${key}` }));
}

/** `fib FLAGS RESULT` (nft_fib_ipv4.c nft_fib4_eval_type / nft_fib4_eval). */
export function fibValue(e: Extract<NftExpr, { kind: 'fib' }>, ctx: NftContext): NftValue {
  if (e.flags.includes('mark')) return unknown(e.result === 'type' ? 'fib_addrtype' : 'ifname', msg('nftables.fibMarkNotModelled'));
  const addr = e.flags.includes('saddr') ? ctx.pkt.src : ctx.pkt.dst;
  const inDev = IN_HOOKS.has(ctx.hook) ? ctx.inIface : undefined;
  const outDev = OUT_HOOKS.has(ctx.hook) ? ctx.outIface : undefined;
  if (e.result === 'type') {
    // nft_fib4_eval_type: inet_dev_addr_type(net, dev, addr), dev only with the iif/oif flag.
    const dev = e.flags.includes('iif') ? inDev : e.flags.includes('oif') ? outDev : undefined;
    return num('fib_addrtype', constNumber(ctx.addrType(addr, dev).toLowerCase(), 'fib_addrtype'));
  }
  // nft_fib4_eval: a packet looped back at prerouting answers its input device.
  if (ctx.hook === 'prerouting' && inDev === 'lo') return { type: 'ifname', v: 'lo' };
  // A route lookup for the address; no route, or a local route ("should not see RTN_LOCAL"), is 0: missing.
  if (ctx.addrType(addr) === 'LOCAL') return { type: 'ifname', v: '' };
  const found = ctx.fibOif(addr, e.flags.includes('iif') ? inDev : undefined);
  // With iif/oif the result is that device only when the route's nexthop uses it (fib_info_nh_uses_dev).
  const want = e.flags.includes('oif') ? outDev : e.flags.includes('iif') ? inDev : undefined;
  if (e.flags.includes('oif') || e.flags.includes('iif')) return { type: 'ifname', v: found !== undefined && found === want ? found : '' };
  return { type: 'ifname', v: found ?? '' };
}
