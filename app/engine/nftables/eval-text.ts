/**
 * nft syntax for model expressions and statements (nft(8) EXPRESSIONS / STATEMENTS), used to name
 * the statement a packet stopped at ("cannot evaluate `ip ttl 64`") and to label alternatives.
 * Not a canonical printer: the rule's own text stays what the chain view shows.
 */
import type { NftExpr, NftStmt, NftVerdict } from './types';

/** An nft verdict as written (`accept`, `jump svc`, `goto ep`). */
export function verdictText(v: NftVerdict): string {
  return v.kind === 'jump' || v.kind === 'goto' ? `${v.kind} ${v.chain}` : v.kind;
}

/** An expression in nft syntax. */
export function exprText(e: NftExpr): string {
  switch (e.kind) {
    case 'payload':
      return `${e.proto} ${e.field}`;
    case 'meta':
      return `meta ${e.key}`;
    case 'ct':
      return `ct ${e.dir ? `${e.dir} ` : ''}${e.key}`;
    case 'fib':
      return `fib ${e.flags.join(' . ')} ${e.result}`;
    case 'numgen':
      return `numgen ${e.mode} mod ${e.mod}${e.offset ? ` offset ${e.offset}` : ''}`;
    case 'concat':
      return e.parts.map(exprText).join(' . ');
    case 'value':
      return e.text;
    case 'prefix':
      return `${e.addr}/${e.len}`;
    case 'range':
      return `${exprText(e.from)}-${exprText(e.to)}`;
    case 'list':
      return e.items.map(exprText).join(',');
    case 'set-ref':
      return `@${e.name}`;
    case 'anon-set':
      return `{ ${e.elements.map((x) => x.text).join(', ')} }`;
    case 'binop': {
      const ops = { and: '&', or: '|', xor: '^', lshift: '<<', rshift: '>>' } as const;
      return `${exprText(e.left)} ${ops[e.op]} ${exprText(e.right)}`;
    }
    case 'map-lookup':
      return `${exprText(e.key)} map ${exprText(e.map)}`;
  }
}

/** A statement in nft syntax. */
export function stmtText(s: NftStmt): string {
  switch (s.kind) {
    case 'match':
      return `${exprText(s.left)}${s.op === 'implicit' ? '' : ` ${s.op}`} ${exprText(s.right)}`;
    case 'verdict':
      return verdictText(s.verdict);
    case 'vmap':
      return `${exprText(s.key)} vmap ${exprText(s.map)}`;
    case 'nat': {
      const to = s.addr || s.port ? ` to ${s.addr ? exprText(s.addr) : ''}${s.port ? `:${exprText(s.port)}` : ''}` : '';
      return `${s.type}${s.family ? ` ${s.family}` : ''}${to}${s.flags.length ? ` ${s.flags.join(',')}` : ''}`;
    }
    case 'mark-set':
      return `${s.target} mark set ${exprText(s.value)}`;
    case 'reject':
      return `reject${s.with ? ` with ${s.with.family} ${s.with.type}` : ''}`;
    case 'counter':
      return 'counter';
    case 'log':
      return `log${s.prefix !== undefined ? ` prefix "${s.prefix}"` : ''}`;
    case 'notrack':
      return 'notrack';
    case 'set-update':
      return `${s.op} @${s.set} { ${exprText(s.key)} }`;
    case 'unsupported':
      return s.text;
  }
}
