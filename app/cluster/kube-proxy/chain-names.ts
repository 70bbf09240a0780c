/**
 * kube-proxy's chain names: a hash of the service port (and endpoint) so names stay within the
 * kernel's limits and stable across restarts. `b32(x)` is the RFC 4648 base32 text of the SHA-256
 * of `x`'s UTF-8 bytes (pkg/proxy/iptables/proxier.go `portProtoHash`, pkg/proxy/nftables/
 * proxier.go `hashAndTruncate`; vectors in ../shared/peer-suites/kube-proxy-gen).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { base32 } from '@scure/base';

const b32 = (s: string): string => base32.encode(sha256(new TextEncoder().encode(s)));

/** The 16-character hash of a service port (`ns/name:port`) and its lowercase protocol. */
export const servicePortHash = (svcPortName: string, protocol: string): string => b32(svcPortName + protocol).slice(0, 16);

/** iptables chains of one service port: cluster policy, local policy, external, firewall. */
export function serviceChains(svcPortName: string, protocol: string): { svc: string; svl: string; ext: string; fw: string } {
  const h = servicePortHash(svcPortName, protocol);
  return { svc: `KUBE-SVC-${h}`, svl: `KUBE-SVL-${h}`, ext: `KUBE-EXT-${h}`, fw: `KUBE-FW-${h}` };
}

/** iptables chain of one endpoint (`ip:port`) of a service port. */
export const endpointChain = (svcPortName: string, protocol: string, endpoint: string): string => `KUBE-SEP-${b32(svcPortName + protocol + endpoint).slice(0, 16)}`;

/** nftables names are at most 256 characters; kube-proxy keeps 16 for its prefixes. */
const NFT_BASE_MAX = 240;

/** nftables `hashAndTruncate`: 8 hash characters, `-`, the text (cut to 237 characters plus `...`). */
export function nftNameBase(s: string): string {
  const name = `${b32(s).slice(0, 8)}-${s}`;
  return name.length > NFT_BASE_MAX ? `${name.slice(0, NFT_BASE_MAX - 3)}...` : name;
}

/** nftables base name of a service port: `namespace/name/protocol/portName` (port name raw, may be empty). */
export const nftServiceBase = (namespace: string, name: string, protocol: string, portName: string): string => nftNameBase(`${namespace}/${name}/${protocol}/${portName}`);

/** nftables base name of an endpoint: the service port's text, `__`, the IP (IPv6 `:` as `.`), `/port`. */
export const nftEndpointBase = (namespace: string, name: string, protocol: string, portName: string, ip: string, port: number): string =>
  nftNameBase(`${namespace}/${name}/${protocol}/${portName}__${ip.replace(/^\[|\]$/g, '').replace(/:/g, '.')}/${port}`);
