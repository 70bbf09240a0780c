/**
 * Parser for `ipset save` text (what `ipset restore` reads, ipset(8)): `create NAME TYPE [options]`
 * and `add NAME ELEMENT [timeout N] [packets N bytes N] [comment "…"] [nomatch]` lines, into the
 * engine's IpsetSet model with positioned errors. Element syntax per dimension follows ipset(8)
 * ("SET TYPES") and the save output of ipset 7.17 (measured: `10.96.0.1,tcp:443`,
 * `1.2.3.4,tcp:80,10.0.0.0/8`, `icmp:echo-request`, bitmap:port `31266`).
 */
import type { IpsetDim, IpsetElement, IpsetPart, IpsetSet } from '../../engine/ipvs/types';
import { msg } from '../../engine/message';
import type { SourceRef } from '../../engine/source';
import type { BlockLocator, ScenarioError } from '../errors';
import { PROTO_NUMBERS } from './iptables/common';
import { type Token, tokenize } from './iptables/tokenize';
import { parseCidr, parseIPv4, parseDecimal } from './iptables/values';

/** ICMP type names ipset knows (ipset lib/icmp.c), as `type << 8 | code`. */
const ICMP_NAMES: Readonly<Record<string, number>> = {
  'echo-reply': 0x0000,
  'network-unreachable': 0x0300,
  'host-unreachable': 0x0301,
  'protocol-unreachable': 0x0302,
  'port-unreachable': 0x0303,
  'fragmentation-needed': 0x0304,
  'source-route-failed': 0x0305,
  'network-prohibited': 0x030a,
  'host-prohibited': 0x030b,
  'communication-prohibited': 0x030d,
  'source-quench': 0x0400,
  'echo-request': 0x0800,
  'ttl-zero-during-transit': 0x0b00,
  'ttl-zero-during-reassembly': 0x0b01,
  'parameter-problem': 0x0c00,
  'timestamp-request': 0x0d00,
  'timestamp-reply': 0x0e00,
};
/** Create options that take a value (ipset(8) CREATE OPTIONS); the others are flags. */
const VALUED = new Set(['family', 'hashsize', 'maxelem', 'bucketsize', 'initval', 'timeout', 'range', 'netmask', 'markmask', 'size']);
const FLAGS = new Set(['counters', 'comment', 'skbinfo', 'forceadd']);

class LineError extends Error {
  constructor(
    readonly col: number,
    message: string,
  ) {
    super(message);
  }
}

/** Dimensions of a type the engine can test, or undefined (ip_set_hash_*.c / ip_set_bitmap_port.c). */
function dimsOf(type: string): IpsetDim[] | undefined {
  if (type === 'bitmap:port') return ['port'];
  if (type === 'bitmap:ip') return ['ip'];
  const m = /^hash:(.+)$/.exec(type);
  if (!m) return undefined;
  const dims = m[1].split(',');
  return dims.every((d) => d === 'ip' || d === 'net' || d === 'port') ? (dims as IpsetDim[]) : undefined;
}

const KNOWN_TYPES = /^(hash:(ip|net|mac|ip,port|ip,port,ip|ip,port,net|ip,mark|net,port|net,iface|net,net|net,port,net|ip,mac)|bitmap:(ip|ip,mac|port)|list:set)$/;

/** `[proto:]port` of a port dimension (default protocol tcp). */
function parsePortPart(text: string, col: number): IpsetPart {
  const i = text.indexOf(':');
  const protoName = i < 0 ? 'tcp' : text.slice(0, i).toLowerCase();
  const portText = i < 0 ? text : text.slice(i + 1);
  const proto = Object.prototype.hasOwnProperty.call(PROTO_NUMBERS, protoName) ? PROTO_NUMBERS[protoName] : undefined;
  if (proto === undefined || proto === 0) throw new LineError(col, `unknown protocol "${protoName}" in "${text}" (tcp, udp, sctp, udplite, icmp, …)`);
  if (proto === 1) {
    const named = Object.prototype.hasOwnProperty.call(ICMP_NAMES, portText) ? ICMP_NAMES[portText] : undefined;
    const tc = /^(\d+)\/(\d+)$/.exec(portText);
    if (named !== undefined) return { kind: 'port', proto, port: named };
    if (tc && +tc[1] < 256 && +tc[2] < 256) return { kind: 'port', proto, port: (+tc[1] << 8) | +tc[2] };
    throw new LineError(col, `"${portText}" is not an ICMP type name or TYPE/CODE`);
  }
  if (portText.includes('-')) throw new LineError(col, `"${text}": ipset save prints one element per port; write each port on its own add line`);
  const p = parseDecimal(portText, 0, 65535);
  if (!p.ok) throw new LineError(col, `"${portText}" is not a port number (0–65535)`);
  return { kind: 'port', proto, port: p.value };
}

/** One element of a set with dimensions `dims` (the comma-separated word after the set name). */
function parseElement(set: IpsetSet, tok: Token): IpsetPart[] {
  const words = tok.text.split(',');
  if (words.length !== set.dims.length) throw new LineError(tok.col, `"${tok.text}" does not fit ${set.type}: expected ${set.dims.length} comma-separated part(s) (${set.dims.join(',')})`);
  let col = tok.col;
  return words.map((w, i) => {
    const here = col;
    col += w.length + 1;
    const dim = set.dims[i];
    if (set.type === 'bitmap:port') {
      const r = /^(\d+)(?:-(\d+))?$/.exec(w);
      if (!r || +r[1] > 65535 || (r[2] !== undefined && (+r[2] > 65535 || +r[2] < +r[1]))) throw new LineError(here, `"${w}" is not a port or port range`);
      return { kind: 'port-range', from: +r[1], to: r[2] !== undefined ? +r[2] : +r[1] };
    }
    if (dim === 'port') return parsePortPart(w, here);
    if (dim === 'net') {
      const c = parseCidr(w);
      if (!c.ok) throw new LineError(here, c.message);
      return { kind: 'net', cidr: c.value };
    }
    const a = parseIPv4(w);
    if (!a.ok) throw new LineError(here, w.includes('/') || w.includes('-') ? `"${w}": ipset save prints one address per element` : a.message);
    return { kind: 'ip', addr: a.value };
  });
}

/** Parses `create NAME TYPE options…`. */
function parseCreate(tokens: readonly Token[], text: string, source: SourceRef): IpsetSet {
  const [cmd, nameTok, typeTok] = tokens;
  if (!nameTok) throw new LineError(cmd.col, `${cmd.text} needs a set name and a type`);
  if (nameTok.text.length > 31) throw new LineError(nameTok.col, `set name "${nameTok.text}" is longer than 31 characters`);
  if (!typeTok) throw new LineError(nameTok.col, `set ${nameTok.text} needs a type such as hash:ip,port`);
  const type = typeTok.text;
  if (!KNOWN_TYPES.test(type)) throw new LineError(typeTok.col, `unknown set type "${type}"`);
  const options: Record<string, string> = {};
  for (let i = 3; i < tokens.length; i++) {
    const t = tokens[i];
    if (FLAGS.has(t.text)) options[t.text] = '';
    else if (VALUED.has(t.text)) {
      const v = tokens[++i];
      if (!v) throw new LineError(t.col, `${t.text} needs a value`);
      options[t.text] = v.text;
    } else throw new LineError(t.col, `unknown create option "${t.text}"`);
  }
  const family = options.family ?? 'inet';
  if (family !== 'inet' && family !== 'inet6') throw new LineError(typeTok.col, `family must be inet or inet6, not "${family}"`);
  const dims = dimsOf(type);
  const unsupported = !dims ? msg('unevaluable.ipsetType', { type }) : family === 'inet6' ? msg('unevaluable.ipsetIpv6') : undefined;
  return { name: nameTok.text, type, dims: dims ?? [], family, options, elements: [], ...(unsupported ? { unsupported } : {}), text, source };
}

/** Parses `add NAME ELEMENT [extensions]` into `set`'s element. */
function parseAdd(set: IpsetSet, tokens: readonly Token[], text: string, source: SourceRef): IpsetElement {
  const elTok = tokens[2];
  if (!elTok) throw new LineError(tokens[1].col, `add ${set.name} needs an element`);
  const parts = set.unsupported ? [] : parseElement(set, elTok);
  let nomatch = false;
  let comment: string | undefined;
  for (let i = 3; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === 'nomatch') {
      if (!set.dims.includes('net')) throw new LineError(t.col, `nomatch is only valid for set types with a net part, not ${set.type}`);
      nomatch = true;
    } else if (t.text === 'comment') {
      if (!('comment' in set.options)) throw new LineError(t.col, `set ${set.name} was created without the comment option`);
      const v = tokens[++i];
      if (!v) throw new LineError(t.col, 'comment needs a value');
      comment = v.text;
    } else if (['timeout', 'packets', 'bytes', 'skbmark', 'skbprio', 'skbqueue'].includes(t.text)) {
      if (!tokens[++i]) throw new LineError(t.col, `${t.text} needs a value`);
    } else throw new LineError(t.col, `unknown element option "${t.text}"`);
  }
  return { parts, nomatch, ...(comment !== undefined ? { comment } : {}), text, source };
}

/**
 * Parses `ipset save` text.
 * @param loc maps block lines/columns to file positions.
 * @returns the sets by name (in the order created) and one positioned error per problem; a line
 *   in error is left out, never half-applied. Never throws.
 */
export function parseIpsetSave(text: string, loc: BlockLocator): { sets: Map<string, IpsetSet>; errors: ScenarioError[] } {
  const sets = new Map<string, IpsetSet>();
  const draft = new Map<string, { set: IpsetSet; elements: IpsetElement[] }>();
  const errors: ScenarioError[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, idx) => {
    const lineNo = idx + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const at = (col: number) => loc.at(lineNo, col);
    try {
      const tk = tokenize(raw);
      if (!tk.ok) throw new LineError(tk.col, tk.message);
      const tokens = tk.tokens;
      const cmd = tokens[0];
      const source: SourceRef = { file: loc.file, ...at(cmd.col) };
      if (cmd.text === 'create' || cmd.text === '-N' || cmd.text === 'n') {
        const set = parseCreate(tokens, trimmed, source);
        if (draft.has(set.name)) throw new LineError(tokens[1].col, `set ${set.name} is created twice`);
        draft.set(set.name, { set, elements: [] });
      } else if (cmd.text === 'add' || cmd.text === '-A' || cmd.text === 'a') {
        const nameTok = tokens[1];
        if (!nameTok) throw new LineError(cmd.col, 'add needs a set name and an element');
        const d = draft.get(nameTok.text);
        if (!d) throw new LineError(nameTok.col, `set ${nameTok.text} does not exist (create it before adding to it)`);
        d.elements.push(parseAdd(d.set, tokens, trimmed, source));
      } else {
        throw new LineError(cmd.col, `unrecognised line "${cmd.text}": expected create NAME TYPE … or add NAME ELEMENT`);
      }
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      const p = at(e.col);
      errors.push({ file: loc.file, line: p.line, column: p.column, path: loc.path, message: e.message });
    }
  });
  for (const [name, d] of draft) sets.set(name, { ...d.set, elements: d.elements });
  return { sets, errors };
}
