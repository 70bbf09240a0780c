/**
 * capture.sh `--redact` against a real lab: scenarios/cluster-flannel-service.yaml with its office
 * network moved to a public prefix (81.2.69.0/24) is built in namespaces and captured three times,
 * plain and twice redacted with the same key. The redacted captures must be equal (stable
 * pseudonyms), hold none of the plain capture's public addresses, MACs or rule comments, keep
 * prefixes (addresses in one /24 stay in one /24), and import into a scenario whose flows take the
 * same path, step by step, as the plain import's.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate, type Trace } from '../../engine';
import { flowInput, formatError, loadScenario, type LoadedScenario } from '../../scenario';
import { captureLab, importLab } from './capture-roundtrip';
import type { Outcome } from './runone';

const SCENARIO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../scenarios/cluster-flannel-service.yaml');
const KEY = 'packetwalk-harness';

/** Not public: RFC 1918, CGNAT, loopback, link-local, documentation, benchmarking, multicast and reserved. */
export function isPublicIPv4(ip: string): boolean {
  const [a, b, c] = ip.split('.').map(Number);
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if ((a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168)) return false;
  if ((a === 192 && b === 0 && (c === 0 || c === 2)) || (a === 198 && (b === 18 || b === 19)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return false;
  return true;
}

/** The interface addresses of a capture, in capture order (the same order in a redacted one). */
const addresses = (json: string): string[] =>
  (JSON.parse(json) as { namespaces: { addr?: { addr_info?: { family?: string; local?: string }[] }[] }[] }).namespaces.flatMap((n) =>
    (n.addr ?? []).flatMap((a) => (a.addr_info ?? []).filter((x) => x.family === 'inet').map((x) => x.local ?? '')),
  );

/** A step's path: where it is and what decided, without addresses. */
const pathOf = (t: Trace) => t.steps.map((s) => `${s.direction} ${s.netns} ${s.interface ?? ''} ${s.stage} ${s.chain ?? ''} ${s.verdict ?? ''}`).concat(t.outcome.request.result);

/** Runs the redaction check; `ok` when every property holds. */
export async function redactionCheck(label = 'capture --redact'): Promise<Outcome> {
  const r = loadScenario(readFileSync(SCENARIO, 'utf8').replace(/203\.0\.113\./g, '81.2.69.'), 'cluster-flannel-service-public.yaml');
  if (!r.ok) return { label, ok: false, lines: [`    harness: ${formatError(r.errors[0])}`] };
  const sc: LoadedScenario = r.scenario;
  const lab = await captureLab(sc, [[], [`--redact=${KEY}`], [`--redact=${KEY}`]]);
  if ('skipped' in lab) return { label, ok: true, skipped: lab.skipped, lines: [] };
  if ('failed' in lab) return { label, ok: false, lines: [`    ${lab.failed}`] };
  const [plain, red, again] = lab.captures;
  const lines = [...lab.changed];
  // Timers and timestamps move between two captures: the pseudonyms must not.
  const pseudonyms = (s: string) => [...addresses(s), ...(s.match(/\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\b/g) ?? []), ...(s.match(/c-[0-9a-f]{10}/g) ?? [])].join(' ');
  if (pseudonyms(red) !== pseudonyms(again)) lines.push('    two redacted captures with the same key give different pseudonyms');
  const pub = [...new Set(addresses(plain).filter(isPublicIPv4))];
  if (!pub.length) lines.push('    harness: the plain capture has no public address to redact');
  for (const ip of pub) if (red.includes(ip)) lines.push(`    public address ${ip} survives redaction`);
  const macs = [...new Set(plain.match(/\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\b/g) ?? [])].filter((m) => !/^(ff:ff:ff:ff:ff:ff|00:00:00:00:00:00|ee:ee:ee:ee:ee:ee|33:33:|01:00:5e:)/.test(m));
  for (const m of macs) if (red.includes(m)) lines.push(`    MAC ${m} survives redaction`);
  for (const c of new Set(plain.match(/--comment \\"[^\\]+\\"/g) ?? [])) if (red.includes(c)) lines.push(`    comment ${c} survives redaction`);
  const before = addresses(plain);
  const after = addresses(red);
  const net24 = (ip: string) => ip.split('.').slice(0, 3).join('.');
  for (let i = 0; i < before.length; i++)
    for (let j = i + 1; j < before.length; j++)
      if (isPublicIPv4(before[i]) && net24(before[i]) === net24(before[j]) && net24(after[i]) !== net24(after[j]))
        lines.push(`    ${before[i]} and ${before[j]} share a /24, their pseudonyms ${after[i]} and ${after[j]} do not`);
  const plainImport = importLab(sc, plain, lab.logical);
  const redImport = importLab(sc, red, lab.logical);
  if ('error' in plainImport || 'error' in redImport)
    return { label, ok: false, lines: [...lines, `    ${'error' in plainImport ? plainImport.error : ''} ${'error' in redImport ? redImport.error : ''}`] };
  const a = loadScenario(plainImport.text, 'plain.yaml', { maxBytes: Infinity });
  const b = loadScenario(redImport.text, 'redacted.yaml', { maxBytes: Infinity });
  if (!a.ok) return { label, ok: false, lines: [...lines, `    the plain import does not load: ${formatError(a.errors[0])}`] };
  if (!b.ok) return { label, ok: false, lines: [...lines, `    the redacted import does not load: ${formatError(b.errors[0])}`] };
  for (const f of a.scenario.flows) {
    const g = b.scenario.flows.find((x) => x.name === f.name)!;
    const x = pathOf(simulate(a.scenario.world, flowInput(f, undefined, a.scenario.flows)));
    const y = pathOf(simulate(b.scenario.world, flowInput(g, undefined, b.scenario.flows)));
    const at = x.findIndex((k, i) => k !== y[i]);
    if (at >= 0 || x.length !== y.length) lines.push(`    flow ${f.name} takes another path after redaction at step ${at + 1}: ${x[at]} → ${y[at]}`);
  }
  const ok = lines.length === 0;
  lines.push(`    ${pub.length} public addresses and ${macs.length} MACs redacted; the redacted import's ${a.scenario.flows.length} flows take the plain import's paths`);
  return { label, ok, lines };
}
