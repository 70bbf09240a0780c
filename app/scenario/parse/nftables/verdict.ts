/** nft verdicts (nft(8) VERDICT STATEMENT): accept, drop, queue, continue, return, jump CHAIN, goto CHAIN. */
import type { NftVerdict } from '../../../engine/nftables/types';
import type { Cursor } from './cursor';

const SIMPLE = new Set(['accept', 'drop', 'continue', 'return', 'queue']);

/** True when the next word is a verdict keyword. */
export function startsVerdict(c: Cursor): boolean {
  const t = c.peek();
  return t?.kind === 'word' && (SIMPLE.has(t.text) || t.text === 'jump' || t.text === 'goto');
}

/** Parses a verdict (startsVerdict must hold); `jump`/`goto` take a chain name. */
export function parseVerdict(c: Cursor): NftVerdict {
  const t = c.next('a verdict');
  if (t.text === 'jump' || t.text === 'goto') {
    const chain = c.name(`the name of the chain to ${t.text} to`);
    return { kind: t.text, chain: chain.text };
  }
  return { kind: t.text as 'accept' | 'drop' | 'continue' | 'return' | 'queue' };
}

/** A verdict as nft prints it. */
export function verdictText(v: NftVerdict): string {
  return v.kind === 'jump' || v.kind === 'goto' ? `${v.kind} ${v.chain}` : v.kind;
}
