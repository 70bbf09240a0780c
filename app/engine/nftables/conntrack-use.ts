/**
 * Whether an nftables ruleset makes the kernel register conntrack in its netns: `nf_ct_netns_get`
 * is called by the `ct` expression and statements (nft_ct.c `nft_ct_get_init`/`nft_ct_set_init`)
 * and the nat, masquerade and redirect statements (nft_nat.c, nft_masq.c, nft_redir.c). A `type
 * nat` chain alone does not (measured by the kernel harness on 6.18: a nat chain holding only a
 * `counter` leaves conntrack off, so the NAT core never walks it).
 */
import type { NftExpr, NftRuleset, NftStmt } from './types';

function exprUsesCt(e: NftExpr | undefined): boolean {
  if (!e) return false;
  switch (e.kind) {
    case 'ct':
      return true;
    case 'concat':
      return e.parts.some(exprUsesCt);
    case 'binop':
      return exprUsesCt(e.left) || exprUsesCt(e.right);
    case 'map-lookup':
      return exprUsesCt(e.key);
    case 'range':
      return exprUsesCt(e.from) || exprUsesCt(e.to);
    case 'list':
      return e.items.some(exprUsesCt);
    default:
      return false;
  }
}

function stmtUsesCt(s: NftStmt): boolean {
  switch (s.kind) {
    case 'match':
      return exprUsesCt(s.left) || exprUsesCt(s.right);
    case 'vmap':
      return exprUsesCt(s.key);
    case 'nat':
      return true;
    case 'mark-set':
      return s.target === 'ct' || exprUsesCt(s.value);
    case 'set-update':
      return exprUsesCt(s.key);
    default:
      return false;
  }
}

/** True when some rule or chain of `rs` needs conntrack (see the module comment). */
export function nftNeedsConntrack(rs: NftRuleset): boolean {
  return rs.tables.some((t) => (t.family === 'ip' || t.family === 'inet') && Object.values(t.chains).some((c) => c.rules.some((r) => r.stmts.some(stmtUsesCt))));
}
