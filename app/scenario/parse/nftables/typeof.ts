/** The data type of a `typeof` expression (nft(8) SETS: `typeof ip daddr` is `ipv4_addr`, …). */
import type { NftExpr } from '../../../engine/nftables/types';
import { exprText } from './print';

const TYPES: Readonly<Record<string, string>> = {
  'ip saddr': 'ipv4_addr',
  'ip daddr': 'ipv4_addr',
  'ip6 saddr': 'ipv6_addr',
  'ip6 daddr': 'ipv6_addr',
  'ip protocol': 'inet_proto',
  'ip6 nexthdr': 'inet_proto',
  'meta l4proto': 'inet_proto',
  'meta nfproto': 'nf_proto',
  'meta mark': 'mark',
  'ct mark': 'mark',
  'meta iifname': 'ifname',
  'meta oifname': 'ifname',
  'meta iif': 'iface_index',
  'meta oif': 'iface_index',
  'ct state': 'ct_state',
  'ct status': 'ct_status',
  'icmp type': 'icmp_type',
  'icmpv6 type': 'icmpv6_type',
};

/** The type name nft gives the values of `e`; the expression's text when it is not one of the modelled ones. */
export function typeofType(e: NftExpr): string {
  if (e.kind === 'payload' && ['sport', 'dport'].includes(e.field)) return 'inet_service';
  const k = e.kind === 'payload' ? `${e.proto} ${e.field}` : e.kind === 'meta' ? `meta ${e.key}` : e.kind === 'ct' && !e.dir ? `ct ${e.key}` : '';
  return Object.hasOwn(TYPES, k) ? TYPES[k] : exprText(e);
}
