/**
 * The rule corpus the canonical renderer is measured against: every rule of the bundled
 * scenarios (`scenarios/*.yaml`) and of the peer suites (`../shared/peer-suites`, every
 * `iptables-save` text they hold) that the scenario parser accepts, grouped by the dump and table
 * it came from (a rule needs its table's chains to be restored). Test helper only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wholeFileLocator } from '../../../scenario/errors';
import { loadScenario } from '../../../scenario/load';
import { parseIptablesSave } from '../../../scenario/parse/iptables-save';
import type { Ruleset, TableName } from '../types';

/** One table of one dump: its chains (built-in ones with their policy) and its rules as written. */
export interface CorpusTable {
  readonly origin: string;
  readonly table: TableName;
  readonly chains: readonly { readonly name: string; readonly policy?: string }[];
  readonly rules: readonly { readonly chain: string; readonly text: string }[];
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

function files(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(f) ? [p] : [];
  });
}

/** Every string value of a JSON document that looks like `iptables-save` output. */
function saveTexts(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') {
    if (/^\*(filter|nat|mangle|raw|security)\s*$/m.test(v) && /^COMMIT\s*$/m.test(v)) out.push(v);
  } else if (Array.isArray(v)) v.forEach((x) => saveTexts(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => saveTexts(x, out));
  return out;
}

function tablesOf(origin: string, rs: Ruleset): CorpusTable[] {
  return Object.values(rs.tables).map((t) => ({
    origin,
    table: t!.name,
    chains: Object.values(t!.chains).map((c) => (c.builtin ? { name: c.name, policy: c.policy ?? 'ACCEPT' } : { name: c.name })),
    rules: Object.values(t!.chains).flatMap((c) => c.rules.map((r) => ({ chain: c.name, text: r.text }))),
  }));
}

/**
 * Rules for the forms the scenarios and suites do not use (multiport, icmp types, physdev, state,
 * tcp flags, nth, LOG, SNAT, interface wildcards, protocol numbers, escaped comments), so every
 * option the renderer prints is measured at least once.
 */
const EXTRA = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:PW - [0:0]
-A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT
-A INPUT -p udp -m multiport ! --sports 53,5353 -j DROP
-A INPUT -p tcp -m multiport --ports 22 -j ACCEPT
-A INPUT -p icmp --icmp-type echo-request -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT
-A INPUT -p icmp -m icmp ! --icmp-type port-unreachable -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT
-A INPUT -p icmp -j ACCEPT
-A INPUT -p tcp --syn -j DROP
-A INPUT -p tcp ! --syn --dport 22 -j ACCEPT
-A INPUT -p tcp --tcp-flags ALL NONE -j DROP
-A INPUT -p tcp --tcp-flags SYN,ACK,FIN,RST RST -j DROP
-A INPUT -p tcp ! --sport 1024:65535 --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp -j ACCEPT
-A INPUT -p 47 -j ACCEPT
-A INPUT ! -p udp -j ACCEPT
-A INPUT -p all -j ACCEPT
-A INPUT -i eth+ ! -s 10.0.0.0/8 -j DROP
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A INPUT -m conntrack --ctstate ESTABLISHED,NEW,INVALID,UNTRACKED,SNAT -j ACCEPT
-A INPUT -m comment --comment "a \\"quoted\\" word" -j ACCEPT
-A INPUT -m comment --comment plain -j ACCEPT
-A INPUT -m mark --mark 0x1 -j ACCEPT
-A INPUT -m mark --mark 0xff/0xffffffff -j ACCEPT
-A INPUT -m addrtype --src-type LOCAL,UNICAST ! --dst-type BROADCAST --limit-iface-in -j ACCEPT
-A INPUT -m statistic --mode random ! --probability 0.25 -j ACCEPT
-A INPUT -m statistic --mode nth --every 3 --packet 1 -j ACCEPT
-A INPUT -m statistic --mode nth ! --every 2 -j ACCEPT
-A INPUT -m recent --name X --rcheck --seconds 60 --hitcount 3 --rdest -j DROP
-A INPUT ! -m recent --name Y --update -j DROP
-A FORWARD -m physdev --physdev-in veth1 --physdev-is-bridged -j ACCEPT
-A FORWARD -m physdev ! --physdev-out veth2 -j ACCEPT
-A FORWARD -m physdev --physdev-is-bridged --physdev-out veth1 --physdev-is-out ! --physdev-is-in --physdev-in veth0 -j ACCEPT
-A FORWARD -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT
-A FORWARD -p tcp -j REJECT --reject-with tcp-reset
-A FORWARD -j REJECT --reject-with icmp-host-prohibited
-A FORWARD -j LOG --log-prefix "pw: "
-A FORWARD -j LOG
-A FORWARD -g PW
-A FORWARD -d 10.1.2.3 -j PW
-A OUTPUT -o lo -j MARK --set-mark 0x10
-A OUTPUT -j MARK --and-mark 0xff
-A OUTPUT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080-8090
-A PREROUTING -p udp --dport 53 -j DNAT --to-destination 10.0.0.2
-A POSTROUTING -o eth0 -j SNAT --to-source 192.0.2.1
-A POSTROUTING -p tcp -o eth0 -j SNAT --to-source 192.0.2.1:1024-2048
-A POSTROUTING -p udp -j MASQUERADE --to-ports 1000-2000 --random
COMMIT
`;

/** The corpus: the bundled scenarios' rulesets, the peer suites' dumps and EXTRA, as the parser reads them. */
export function collectCorpus(): CorpusTable[] {
  const out: CorpusTable[] = [];
  out.push(...tablesOf('extra', parseIptablesSave(EXTRA, wholeFileLocator('extra')).ruleset));
  for (const f of files(join(ROOT, 'scenarios'), /\.ya?ml$/)) {
    const r = loadScenario(readFileSync(f, 'utf8'), f);
    if (!r.ok) continue;
    for (const ns of Object.values(r.scenario.world.netns)) out.push(...tablesOf(`${relative(ROOT, f)}#${ns.name}`, ns.ruleset));
  }
  for (const f of files(resolve(ROOT, '../shared/peer-suites'), /\.json$/)) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(f, 'utf8'));
    } catch {
      continue;
    }
    saveTexts(doc).forEach((text, i) => {
      const { ruleset } = parseIptablesSave(text, wholeFileLocator(f));
      out.push(...tablesOf(`${relative(resolve(ROOT, '..'), f)}#${i}`, ruleset));
    });
  }
  return out.filter((t) => t.rules.length > 0);
}
