/**
 * Stateful match extensions: `-m statistic` (random, nth) and `-m recent`. Follows
 * iptables-extensions(8) (`libxt_statistic.man`, `libxt_recent.man`) and the option checks of
 * libxt_statistic/libxt_recent and the kernel's `recent_mt_check`.
 */
import { type Builder, RuleError, once, optionTable } from './common';
import type { Token } from './tokenize';
import { must, parseDecimal, parseIPv4 } from './values';

// ---------------------------------------------------------------- statistic

/** The options of statistic: their spellings and which take `!` (one table for every rule). */
const STATISTIC_OPTIONS = optionTable({ '--mode': '--mode', '--probability': '--probability', '--every': '--every', '--packet': '--packet' }, ['--probability', '--every']);

/** `-m statistic --mode random --probability p` or `--mode nth --every n [--packet k]`. */
export const statistic: Builder = (modTok) => {
  const seen = new Set<string>();
  let mode: { tok: Token; v: 'random' | 'nth' } | undefined;
  let prob: { v: number; invert: boolean; tok: Token } | undefined;
  let every: { v: number; invert: boolean; tok: Token } | undefined;
  let packet: { v: number; tok: Token } | undefined;
  return {
    name: 'statistic',
    ...STATISTIC_OPTIONS,
    parse(opt, optTok, invert, args) {
      once(seen, opt, optTok);
      const v = args.value(optTok);
      if (opt === '--mode') {
        if (v.text !== 'random' && v.text !== 'nth') throw new RuleError(v.col, `unknown statistic mode "${v.text}" (random or nth)`);
        mode = { tok: v, v: v.text };
      } else if (opt === '--probability') {
        const p = /^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v.text) ? Number(v.text) : NaN;
        if (!(p >= 0 && p <= 1)) throw new RuleError(v.col, `--probability must be a number between 0 and 1, not "${v.text}"`);
        prob = { v: p, invert, tok: optTok };
      } else if (opt === '--every') {
        every = { v: must(parseDecimal(v.text, 1, 0xffffffff), v), invert, tok: optTok };
      } else {
        packet = { v: must(parseDecimal(v.text, 0, 0xffffffff), v), tok: v };
      }
    },
    finish() {
      // libxt_statistic statistic_check.
      if (!mode) throw new RuleError(modTok.col, '-m statistic needs --mode random|nth');
      if (mode.v === 'random') {
        if (every || packet) throw new RuleError((every ?? packet)!.tok.col, '--every/--packet can only be used in nth mode');
        if (!prob) throw new RuleError(mode.tok.col, '--mode random needs --probability');
        return [{ kind: 'statistic-random', probability: prob.v, invert: prob.invert }];
      }
      if (prob) throw new RuleError(prob.tok.col, '--probability can only be used in random mode');
      if (!every) throw new RuleError(mode.tok.col, '--mode nth needs --every');
      const k = packet?.v ?? 0;
      if (k > every.v - 1) throw new RuleError(packet!.tok.col, `--packet must be between 0 and ${every.v - 1} (--every ${every.v})`);
      return [{ kind: 'statistic-nth', every: every.v, packet: k, invert: every.invert }];
    },
  };
};

// ---------------------------------------------------------------- recent

/** The options of recent: their spellings and which take `!` (one table for every rule). */
const RECENT_OPTIONS = optionTable(
  {
    '--name': '--name',
    '--set': '--set',
    '--rcheck': '--rcheck',
    '--update': '--update',
    '--remove': '--remove',
    '--seconds': '--seconds',
    '--hitcount': '--hitcount',
    '--reap': '--reap',
    '--rsource': '--rsource',
    '--rdest': '--rdest',
    '--mask': '--mask',
  },
  ['--set', '--rcheck', '--update', '--remove'],
);

/** `-m recent` with `--name`, one of `--set/--rcheck/--update/--remove`, `--seconds`, `--hitcount`, `--reap`, `--mask`, `--rsource/--rdest`. */
export const recent: Builder = (modTok) => {
  const seen = new Set<string>();
  let name = 'DEFAULT';
  let mode: { v: 'set' | 'rcheck' | 'update' | 'remove'; invert: boolean; tok: Token } | undefined;
  let side: 'src' | 'dst' = 'src';
  let seconds: { v: number; tok: Token } | undefined;
  let hitcount: { v: number; tok: Token } | undefined;
  let reap: Token | undefined;
  let mask: string | undefined;
  return {
    name: 'recent',
    ...RECENT_OPTIONS,
    parse(opt, optTok, invert, args) {
      once(seen, opt, optTok);
      switch (opt) {
        case '--name': {
          const v = args.value(optTok);
          if (v.text.length === 0 || v.text.length > 200 || /[\s/]/.test(v.text)) throw new RuleError(v.col, `"${v.text}" is not a valid recent list name (1–200 characters, no blanks or /)`);
          name = v.text;
          return;
        }
        case '--set':
        case '--rcheck':
        case '--update':
        case '--remove':
          if (mode) throw new RuleError(optTok.col, 'only one of --set, --rcheck, --update, --remove may be given');
          mode = { v: opt.slice(2) as 'set' | 'rcheck' | 'update' | 'remove', invert, tok: optTok };
          return;
        case '--seconds': {
          const v = args.value(optTok);
          seconds = { v: must(parseDecimal(v.text, 1, 0xffffffff), v), tok: optTok };
          return;
        }
        case '--hitcount': {
          const v = args.value(optTok);
          // xt_recent refuses a hitcount above XT_RECENT_MAX_NSTAMPS - 1 (255).
          hitcount = { v: must(parseDecimal(v.text, 1, 255), v), tok: optTok };
          return;
        }
        case '--reap':
          reap = optTok;
          return;
        case '--mask': {
          // xt_recent masks the address before the list lookup; iptables-save always prints it.
          const v = args.value(optTok);
          const m = must(parseIPv4(v.text), v);
          if (m !== '255.255.255.255') mask = m;
          return;
        }
        case '--rsource':
        case '--rdest':
          if (seen.has('--rsource') && seen.has('--rdest')) throw new RuleError(optTok.col, '--rsource and --rdest exclude each other');
          side = opt === '--rdest' ? 'dst' : 'src';
          return;
      }
    },
    finish() {
      // libxt_recent recent_check and xt_recent recent_mt_check.
      if (!mode) throw new RuleError(modTok.col, '-m recent needs one of --set, --rcheck, --update, --remove');
      if ((mode.v === 'set' || mode.v === 'remove') && (seconds || hitcount || reap)) {
        const t = (seconds ?? hitcount)?.tok ?? reap!;
        throw new RuleError(t.col, '--seconds, --hitcount and --reap only work with --rcheck or --update');
      }
      if (reap && !seconds) throw new RuleError(reap.col, '--reap needs --seconds');
      return [
        {
          kind: 'recent',
          name,
          mode: mode.v,
          side,
          ...(seconds ? { seconds: seconds.v } : {}),
          ...(hitcount ? { hitcount: hitcount.v } : {}),
          reap: !!reap,
          ...(mask ? { mask } : {}),
          invert: mode.invert,
        },
      ];
    },
  };
};
