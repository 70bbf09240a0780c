/**
 * Parser for IPVS state as ipvsadm prints it (ipvsadm(8), ipvsadm 1.31), into the engine's
 * IpvsState with positioned errors. Two layouts, mixable line by line:
 * - `ipvsadm -Sn` (what `ipvsadm -R` reads): `-A -t VIP:PORT -s SCHED [-p [T]] [-M MASK]
 *   [--pe NAME] [-b FLAGS] [ops]`, `-a -t VIP:PORT -r RIP[:PORT] -m|-g|-i [-w W]`, `-f MARK` for
 *   fwmark services, `--sctp-service`, long option names, an optional leading `ipvsadm`;
 * - `ipvsadm -Ln` (its print_service_entry): `TCP  VIP:PORT rr [persistent T [mask M]] [pe N]
 *   [ops]` and `  -> RIP:PORT  Masq  W  ACTIVE  INACTIVE`, which carries the connection counts
 *   lc/wlc/sed/nq read; the title lines are skipped.
 */
import type { IpvsDest, IpvsForward, IpvsProtocol, IpvsService, IpvsServiceKey, IpvsState } from '../../engine/ipvs/types';
import { IPVS_OTHER_SCHEDULERS, IPVS_SCHEDULERS } from '../../engine/ipvs/types';
import type { SourceRef } from '../../engine/source';
import type { BlockLocator, ScenarioError } from '../errors';
import { type Token, tokenize } from './tokens';
import { parseDecimal, parseIPv4 } from './iptables/values';

class LineError extends Error {
  constructor(
    readonly col: number,
    message: string,
  ) {
    super(message);
  }
}

interface DraftService {
  svc: Omit<IpvsService, 'dests'>;
  dests: IpvsDest[];
}

const SVC_OPTS: Readonly<Record<string, IpvsProtocol | 'fwmark'>> = {
  '-t': 'tcp',
  '--tcp-service': 'tcp',
  '-u': 'udp',
  '--udp-service': 'udp',
  '--sctp-service': 'sctp',
  '-f': 'fwmark',
  '--fwmark-service': 'fwmark',
};
const FWD: Readonly<Record<string, IpvsForward>> = {
  '-m': 'masq',
  '--masquerading': 'masq',
  '-g': 'droute',
  '--gatewaying': 'droute',
  '-i': 'tunnel',
  '--ipip': 'tunnel',
};
const LIST_FWD: Readonly<Record<string, IpvsForward>> = { Masq: 'masq', Route: 'droute', Tunnel: 'tunnel' };
const SCHED_FLAGS = ['sh-fallback', 'sh-port', 'mh-fallback', 'mh-port', 'flag-1', 'flag-2', 'flag-3'];
const WEIGHT_MAX = 2147483647;

function num(tok: Token | undefined, after: Token, min: number, max: number, what: string): number {
  if (!tok) throw new LineError(after.col, `${after.text} needs ${what}`);
  const v = parseDecimal(tok.text, min, max);
  if (!v.ok) throw new LineError(tok.col, `illegal ${what} "${tok.text}" (${min}–${max})`);
  return v.value;
}

/** `ADDR[:PORT]` (ipvsadm's parse_service); `port` 0 when absent. */
function addrPort(tok: Token | undefined, after: Token, what: string): { addr: string; port: number } {
  if (!tok) throw new LineError(after.col, `${after.text} needs ${what}`);
  if (tok.text.startsWith('[')) throw new LineError(tok.col, `"${tok.text}": IPv6 services are not modelled`);
  const i = tok.text.lastIndexOf(':');
  const a = parseIPv4(i < 0 ? tok.text : tok.text.slice(0, i));
  if (!a.ok) throw new LineError(tok.col, `illegal ${what} "${tok.text}": ${a.message}`);
  if (i < 0) return { addr: a.value, port: 0 };
  const p = parseDecimal(tok.text.slice(i + 1), 0, 65535);
  if (!p.ok) throw new LineError(tok.col + i + 1, `illegal port in "${tok.text}"`);
  return { addr: a.value, port: p.value };
}

/** A dotted netmask or prefix length (`-M`, `mask`) as a prefix length. */
function netmaskLen(tok: Token | undefined, after: Token): number {
  if (!tok) throw new LineError(after.col, `${after.text} needs a netmask`);
  const a = parseIPv4(tok.text);
  if (a.ok) {
    const bits = a.value
      .split('.')
      .map((o) => Number(o).toString(2).padStart(8, '0'))
      .join('');
    if (/^1*0*$/.test(bits)) return bits.indexOf('0') < 0 ? 32 : bits.indexOf('0');
  }
  throw new LineError(tok.col, `illegal virtual server persistent mask "${tok.text}"`);
}

function keyText(k: IpvsServiceKey): string {
  return k.kind === 'fwmark' ? `fwmark ${k.mark}` : `${k.protocol} ${k.addr}:${k.port}`;
}

function sameKey(a: IpvsServiceKey, b: IpvsServiceKey): boolean {
  return keyText(a) === keyText(b);
}

function checkScheduler(tok: Token): string {
  if ((IPVS_SCHEDULERS as readonly string[]).includes(tok.text) || IPVS_OTHER_SCHEDULERS.includes(tok.text)) return tok.text;
  throw new LineError(tok.col, `unknown scheduler "${tok.text}" (${[...IPVS_SCHEDULERS, ...IPVS_OTHER_SCHEDULERS].join(', ')})`);
}

/** One `-A`/`-a` line of `ipvsadm -S` output (words after an optional `ipvsadm`). */
function parseRuleLine(tokens: readonly Token[], text: string, source: SourceRef, services: DraftService[]): void {
  const cmd = tokens[0];
  const isSvc = cmd.text === '-A' || cmd.text === '--add-service';
  if (!isSvc && cmd.text !== '-a' && cmd.text !== '--add-server') throw new LineError(cmd.col, `"${cmd.text}": expected -A (add service) or -a (add real server), as ipvsadm -S prints`);
  let key: IpvsServiceKey | undefined;
  let keyTok: Token = cmd;
  let scheduler = 'rr';
  let persistent: { timeout: number; netmaskLen: number } | undefined;
  let netmask: number | undefined;
  let schedFlags: string[] = [];
  let onePacket = false;
  let pe: string | undefined;
  let real: { addr: string; port: number } | undefined;
  let forward: IpvsForward = 'droute';
  let weight = 1;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    const svcKind = SVC_OPTS[t.text];
    if (svcKind) keyTok = tokens[i + 1] ?? t;
    if (svcKind === 'fwmark') {
      key = { kind: 'fwmark', mark: num(tokens[++i], t, 1, 0xffffffff, 'a firewall mark') };
    } else if (svcKind) {
      const ap = addrPort(tokens[++i], t, 'virtual server address[:port]');
      key = { kind: 'addr', protocol: svcKind, ...ap };
    } else if (isSvc && (t.text === '-s' || t.text === '--scheduler')) {
      const v = tokens[++i];
      if (!v) throw new LineError(t.col, `${t.text} needs a scheduler name`);
      scheduler = checkScheduler(v);
    } else if (isSvc && (t.text === '-p' || t.text === '--persistent')) {
      const v = tokens[i + 1];
      const timeout = v && /^\d+$/.test(v.text) ? num(tokens[++i], t, 1, 0x7fffffff, 'a timeout') : 300;
      persistent = { timeout, netmaskLen: 32 };
    } else if (isSvc && (t.text === '-M' || t.text === '--netmask')) netmask = netmaskLen(tokens[++i], t);
    else if (isSvc && (t.text === '-b' || t.text === '--sched-flags')) {
      const v = tokens[++i];
      if (!v) throw new LineError(t.col, `${t.text} needs flags`);
      schedFlags = v.text.split(',');
      const bad = schedFlags.find((f) => !SCHED_FLAGS.includes(f));
      if (bad) throw new LineError(v.col, `invalid scheduler flag "${bad}"`);
    } else if (isSvc && (t.text === 'ops' || t.text === '-o' || t.text === '--ops')) onePacket = true;
    else if (isSvc && (t.text === '--pe' || t.text === 'pe')) {
      const v = tokens[++i];
      if (v?.text !== 'sip') throw new LineError((v ?? t).col, 'the only persistence engine is sip');
      pe = v.text;
    } else if (!isSvc && (t.text === '-r' || t.text === '--real-server')) real = addrPort(tokens[++i], t, 'real server address[:port]');
    else if (!isSvc && FWD[t.text]) forward = FWD[t.text];
    else if (!isSvc && (t.text === '-w' || t.text === '--weight')) weight = num(tokens[++i], t, 0, WEIGHT_MAX, 'weight');
    else if (!isSvc && ['-x', '--u-threshold', '-y', '--l-threshold'].includes(t.text)) throw new LineError(t.col, `${t.text}: connection thresholds (overload) are not modelled`);
    else if (!isSvc && t.text.startsWith('--tun-')) throw new LineError(t.col, `${t.text}: tunnel types other than ipip are not modelled`);
    else throw new LineError(t.col, `unexpected "${t.text}" in ${isSvc ? 'a service' : 'a real server'} line`);
  }
  if (!key) throw new LineError(cmd.col, `${cmd.text} needs -t, -u, --sctp-service or -f with the virtual service`);
  if (isSvc) {
    if (netmask !== undefined && !persistent) throw new LineError(cmd.col, '-M only applies to a persistent service (-p)');
    if (onePacket && (key.kind !== 'addr' || key.protocol !== 'udp')) throw new LineError(cmd.col, 'One-Packet Scheduling is only for UDP virtual services');
    if (persistent && netmask !== undefined) persistent = { ...persistent, netmaskLen: netmask };
    if (key.kind === 'addr' && key.port === 0 && !persistent) throw new LineError(cmd.col, 'Zero port specified for non-persistent service');
    const k = key;
    if (services.some((s) => sameKey(s.svc.key, k))) throw new LineError(keyTok.col, `Service already exists: ${keyText(key)}`);
    services.push({ svc: { key, scheduler, ...(persistent ? { persistent } : {}), schedFlags, onePacket, ...(pe ? { pe } : {}), text, source }, dests: [] });
    return;
  }
  const k = key;
  const d = services.find((s) => sameKey(s.svc.key, k));
  if (!d) throw new LineError(keyTok.col, `No such service: ${keyText(key)} (add it with -A first)`);
  if (!real) throw new LineError(cmd.col, '-a needs -r with the real server address');
  const r = real;
  if (d.dests.some((x) => x.addr === r.addr && x.port === r.port)) throw new LineError(cmd.col, `Destination already exists: ${r.addr}:${r.port}`);
  d.dests.push({ addr: r.addr, port: r.port, forward, weight, text, source });
}

/** One `ipvsadm -Ln` service or `->` line. */
function parseListLine(tokens: readonly Token[], text: string, source: SourceRef, services: DraftService[]): void {
  const head = tokens[0];
  if (head.text === '->') {
    const cur = services[services.length - 1];
    if (!cur) throw new LineError(head.col, 'a real server line (->) before any service line');
    const r = addrPort(tokens[1], head, 'real server address:port');
    const fwdTok = tokens[2];
    const forward = fwdTok && LIST_FWD[fwdTok.text];
    if (!forward) throw new LineError((fwdTok ?? head).col, fwdTok?.text === 'Local' ? 'Local forwarding (a real server on this node) is not modelled' : 'expected Masq, Route or Tunnel');
    const weight = num(tokens[3], fwdTok, 0, WEIGHT_MAX, 'weight');
    const activeConns = num(tokens[4], tokens[3], 0, 0x7fffffff, 'ActiveConn');
    const inactConns = num(tokens[5], tokens[4], 0, 0x7fffffff, 'InActConn');
    if (tokens[6]) throw new LineError(tokens[6].col, `unexpected "${tokens[6].text}"`);
    cur.dests.push({ addr: r.addr, port: r.port, forward, weight, activeConns, inactConns, text, source });
    return;
  }
  const proto = head.text.toLowerCase();
  let key: IpvsServiceKey;
  let i = 2;
  if (proto === 'fwm') key = { kind: 'fwmark', mark: num(tokens[1], head, 1, 0xffffffff, 'a firewall mark') };
  else if (proto === 'tcp' || proto === 'udp' || proto === 'sctp') key = { kind: 'addr', protocol: proto, ...addrPort(tokens[1], head, 'address:port') };
  else throw new LineError(head.col, `unrecognised line "${head.text}": expected an ipvsadm -S line (-A/-a) or an ipvsadm -Ln line (TCP/UDP/SCTP/FWM, ->)`);
  if (!tokens[i]) throw new LineError(head.col, 'the service line needs its scheduler');
  const scheduler = checkScheduler(tokens[i++]);
  let persistent: { timeout: number; netmaskLen: number } | undefined;
  let onePacket = false;
  let pe: string | undefined;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === 'persistent') persistent = { timeout: num(tokens[++i], t, 1, 0x7fffffff, 'a timeout'), netmaskLen: 32 };
    else if (t.text === 'mask' && persistent) persistent = { ...persistent, netmaskLen: netmaskLen(tokens[++i], t) };
    else if (t.text === 'ops') onePacket = true;
    else if (t.text === 'pe') pe = tokens[++i]?.text;
    else throw new LineError(t.col, `unexpected "${t.text}" in the service line`);
  }
  if (services.some((s) => sameKey(s.svc.key, key))) throw new LineError(tokens[1].col, `Service already exists: ${keyText(key)}`);
  services.push({ svc: { key, scheduler, ...(persistent ? { persistent } : {}), schedFlags: [], onePacket, ...(pe ? { pe } : {}), text, source }, dests: [] });
}

const TITLES = [/^IP Virtual Server version/, /^Prot LocalAddress:Port/, /^-> RemoteAddress:Port/];

/**
 * Parses ipvsadm text (see the module comment).
 * @returns the services in the order written; a line in error is left out and reported at the
 *   offending word. Never throws.
 */
export function parseIpvsadm(text: string, loc: BlockLocator): { ipvs: IpvsState; errors: ScenarioError[] } {
  const services: DraftService[] = [];
  const errors: ScenarioError[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, idx) => {
    const lineNo = idx + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || TITLES.some((r) => r.test(trimmed))) return;
    let tokens = tokenize(raw);
    if (tokens[0].text === 'ipvsadm') tokens = tokens.slice(1);
    try {
      if (tokens.length === 0) throw new LineError(1, 'ipvsadm with no command');
      const source: SourceRef = { file: loc.file, ...loc.at(lineNo, tokens[0].col) };
      if (tokens[0].text.startsWith('-') && tokens[0].text !== '->') parseRuleLine(tokens, trimmed, source, services);
      else parseListLine(tokens, trimmed, source, services);
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      const p = loc.at(lineNo, e.col);
      errors.push({ file: loc.file, line: p.line, column: p.column, path: loc.path, message: e.message });
    }
  });
  return { ipvs: { services: services.map((d) => ({ ...d.svc, dests: d.dests })) }, errors };
}
