/**
 * Parses `bridge fdb` lines (bridge(8)), e.g.
 * `32:a9:79:6d:0b:b1 dev flannel.1 dst 172.16.240.132 self permanent` or
 * `02:42:ac:11:00:02 dev veth2e08884 master docker0`.
 */
import { isIPv4 } from '../../engine/addr/ipv4';
import type { FdbEntry } from '../../engine/world';
import type { LineError, Token } from './tokens';

const MAC_RE = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const FLAGS = new Set(['self', 'master', 'permanent', 'static', 'dynamic', 'extern_learn', 'sticky', 'offload', 'router', 'use']);

/** Parses one FDB line; the caller adds `text` and `source`. */
export function parseFdbLine(_line: string, toks: Token[]): Omit<FdbEntry, 'source' | 'text'> | LineError {
  if (!MAC_RE.test(toks[0].text)) return { col: toks[0].col, message: `expected a MAC address, got "${toks[0].text}"` };
  let dev: string | undefined;
  let dst: string | undefined;
  let master: string | undefined;
  let permanent = false;
  let self = false;
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i];
    const v = toks[i + 1];
    if (t.text === 'dev') {
      if (!v) return { col: t.col, message: 'expected an interface name after "dev"' };
      dev = v.text;
      i++;
    } else if (t.text === 'dst') {
      if (!v || !isIPv4(v.text)) return { col: (v ?? t).col, message: 'expected an IPv4 VTEP address after "dst"' };
      dst = v.text;
      i++;
    } else if (t.text === 'master') {
      if (v && !FLAGS.has(v.text)) {
        master = v.text;
        i++;
      }
    } else if (t.text === 'vlan' || t.text === 'vni' || t.text === 'port' || t.text === 'via' || t.text === 'src_vni') {
      return { col: t.col, message: `FDB attribute "${t.text}" is not supported yet` };
    } else if (FLAGS.has(t.text)) {
      if (t.text === 'permanent' || t.text === 'static') permanent = true;
      if (t.text === 'self') self = true;
    } else {
      return { col: t.col, message: `unknown FDB attribute "${t.text}" (expected dev, dst, master, self, permanent)` };
    }
  }
  if (!dev) return { col: toks[0].col, message: 'an FDB entry needs "dev"' };
  return { mac: toks[0].text.toLowerCase(), dev, dst, master, permanent, self };
}
