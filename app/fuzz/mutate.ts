/**
 * Family 1: mutated bundled scenarios. Each case applies 1–4 mutations to one of `scenarios/*.yaml`:
 * byte edits (replace, insert, delete a character, hostile characters included), line edits
 * (delete, duplicate, swap, re-indent), token edits (a token replaced by another token of the file
 * or by a hostile one: huge or negative numbers, YAML specials, prototype names, a 2,000-character
 * word), swapped values of two `key: value` lines, and YAML devices (tags, anchors, aliases,
 * merge keys, numeric keys).
 */
import { PROTO_NAMES } from './names';
import type { Rng } from './rng';

/** Characters worth inserting: YAML indicators, whitespace, line breaks, multibyte text. */
const CHARS = [
  ':',
  '-',
  ' ',
  '\t',
  '{',
  '}',
  '[',
  ']',
  "'",
  '"',
  '&',
  '*',
  '!',
  '|',
  '>',
  '#',
  '%',
  '@',
  '\r',
  '\n',
  '\r\n',
  'é',
  '网',
  '\u{1F600}',
  '\uFFFD',
  '\u0000',
  '0',
  '9',
  'a',
  '/',
  '.',
  ',',
  '?',
  '\\',
  '`',
];

/** Tokens that stress value parsing. */
export const HOSTILE_TOKENS = [
  '0',
  '-1',
  '65536',
  '4294967296',
  '99999999999999999999',
  '1e309',
  '-0',
  '.nan',
  '.inf',
  'NaN',
  '0x10',
  '0o17',
  '1.5',
  "''",
  '""',
  'null',
  '~',
  'true',
  'no',
  '255.255.255.255',
  '0.0.0.0/0',
  '10.0.0.1/33',
  '300.1.1.1',
  '::1',
  'any',
  'default',
  'ff:ff:ff:ff:ff:ff',
  '00:00:00:00:00:00',
  '/',
  'a/b/c',
  '*',
  '!!binary',
  '!custom',
  '!!js/function',
  '[]',
  '{}',
  '[[[[[[[[',
  'x'.repeat(2000),
  '网络',
  ...PROTO_NAMES,
];

const TOKEN = /[A-Za-z0-9_.:/@-]+/g;

function tokens(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

type Mutation = (text: string, r: Rng) => string;

const byteReplace: Mutation = (t, r) => {
  const i = r.int(t.length);
  return t.slice(0, i) + r.pick(CHARS) + t.slice(i + 1);
};
const byteInsert: Mutation = (t, r) => {
  const i = r.int(t.length + 1);
  return t.slice(0, i) + r.pick(CHARS) + t.slice(i);
};
const byteDelete: Mutation = (t, r) => {
  const i = r.int(t.length);
  return t.slice(0, i) + t.slice(i + 1 + (r.chance(0.2) ? r.int(20) : 0));
};

function withLines(t: string, f: (lines: string[]) => void): string {
  const lines = t.split('\n');
  f(lines);
  return lines.join('\n');
}
const lineDelete: Mutation = (t, r) => withLines(t, (l) => l.splice(r.int(l.length), 1 + (r.chance(0.2) ? r.int(5) : 0)));
const lineDuplicate: Mutation = (t, r) =>
  withLines(t, (l) => {
    const i = r.int(l.length);
    const n = r.chance(0.1) ? r.range(2, 200) : 1;
    l.splice(i, 0, ...Array.from({ length: n }, () => l[i]));
  });
const lineSwap: Mutation = (t, r) =>
  withLines(t, (l) => {
    const i = r.int(l.length);
    const j = r.int(l.length);
    [l[i], l[j]] = [l[j], l[i]];
  });
const lineIndent: Mutation = (t, r) =>
  withLines(t, (l) => {
    const i = r.int(l.length);
    l[i] = r.chance(0.5) ? `${' '.repeat(r.range(1, 4))}${l[i]}` : l[i].replace(/^ {1,4}/, '');
  });

const tokenReplace: Mutation = (t, r) => {
  const ts = tokens(t);
  if (!ts.length) return t;
  const a = r.pick(ts);
  const b = r.chance(0.5) ? t.slice(r.pick(ts).start, r.pick(ts).end) : r.pick(HOSTILE_TOKENS);
  return t.slice(0, a.start) + b + t.slice(a.end);
};

const valueSwap: Mutation = (t, r) =>
  withLines(t, (l) => {
    const kv = l.map((x, i) => [i, /^(\s*-?\s*[A-Za-z_.@-]+:)\s+(\S.*)$/.exec(x)] as const).filter(([, m]) => m);
    if (kv.length < 2) return;
    const [i, a] = r.pick(kv);
    const [j, b] = r.pick(kv);
    l[i] = `${a![1]} ${b![2]}`;
    l[j] = `${b![1]} ${a![2]}`;
  });

const yamlDevice: Mutation = (t, r) =>
  withLines(t, (l) => {
    const i = r.int(l.length);
    const m = /^(\s*-?\s*)([A-Za-z_.@-]+):\s*(.*)$/.exec(l[i]);
    const indent = m ? m[1].replace('-', ' ') : '';
    const k = r.int(7);
    if (k === 0 && m) l[i] = `${m[1]}${m[2]}: !custom ${m[3]}`;
    else if (k === 1 && m) l[i] = `${m[1]}${m[2]}: &a ${m[3]}`;
    else if (k === 2 && m) l[i] = `${m[1]}${m[2]}: *a`;
    else if (k === 3) l.splice(i, 0, `${indent}<<: *a`);
    else if (k === 4) l.splice(i, 0, `${indent}${r.range(0, 99)}: x`);
    else if (k === 5 && m) l[i] = `${m[1]}${m[2]}: !!js/function 'function () {}'`;
    else l.splice(i, 0, `${indent}? [a, b]\n${indent}: c`);
  });

const MUTATIONS: readonly Mutation[] = [byteReplace, byteInsert, byteDelete, lineDelete, lineDuplicate, lineSwap, lineIndent, tokenReplace, tokenReplace, valueSwap, yamlDevice];

/** Applies 1–4 random mutations to `text`. */
export function mutate(text: string, r: Rng): string {
  let t = text;
  const n = r.chance(0.6) ? 1 : r.range(2, 4);
  for (let k = 0; k < n; k++) t = r.pick(MUTATIONS)(t, r);
  return t;
}
