/**
 * PacketWalk's kube-proxy rule generator against Kubernetes' own test literals
 * (../shared/peer-suites/kube-proxy-gen): chain-name hash vectors, the pure iptables cases rule
 * for rule, the comparison's sort, and the generated ruleset loading in PacketWalk's own
 * iptables-save parser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endpointChain, nftEndpointBase, nftServiceBase, servicePortHash } from '../cluster/kube-proxy/chain-names';
import { kubeProxyIptables } from '../cluster/kube-proxy/iptables';
import { kubeProxyNftables } from '../cluster/kube-proxy/nftables';
import { parseNftables } from '../scenario/parse/nftables';
import { restoreText } from '../cluster/kube-proxy/iptables-writer';
import { endpointSliceSchema, serviceSchema } from '../cluster/kube-proxy/objects';
import { servicePorts } from '../cluster/kube-proxy/service-ports';
import { parseIptablesSave } from '../scenario/parse/iptables-save';
import { wholeFileLocator } from '../scenario/errors';
import { caseSettings, runGenCase, sortIptablesRules, sortNftablesTransaction, type GenCase } from './peer-gen';

const dir = resolve(process.env.GEN_PEER_SUITE_DIR ?? resolve(__dirname, '../../../shared/peer-suites/kube-proxy-gen'));
const read = (f: string) => JSON.parse(readFileSync(resolve(dir, f), 'utf8'));
const cases = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'chain-name-vectors.json') : [];

describe.skipIf(!existsSync(dir))('kube-proxy-gen peer suite', () => {
  it('computes every chain-name vector', () => {
    const v = read('chain-name-vectors.json');
    for (const c of v.nftablesServicePortChainNameBase.cases) expect(nftServiceBase(c.namespace, c.service, c.protocol, c.port), c.name).toBe(c.expected);
    for (const c of v.nftablesServicePortEndpointChainNameBase.cases) {
      const m = /^\[?(.*?)\]?:(\d+)$/.exec(c.endpoint)!;
      expect(nftEndpointBase(c.namespace, c.service, c.protocol, c.port, m[1], Number(m[2])), c.name).toBe(c.expected);
    }
    for (const c of v.iptablesPortProtoHash.cases) expect(servicePortHash(c.servicePortName, c.protocol)).toBe(c.expected);
    for (const c of v.iptablesServicePortEndpointChainName.cases) expect(endpointChain(c.servicePortName, c.protocol, c.endpoint)).toBe(c.expected);
  });

  it.each(cases)("%s: the generated rules equal kube-proxy's", (f) => {
    const c = read(f) as GenCase;
    const r = runGenCase(c);
    if (c.dependsOnHistory) expect(r).toEqual({ skipped: expect.stringContaining('earlier sync') });
    else expect(r).toEqual({ ok: true });
  });

  it.each(cases.filter((f) => f.startsWith('iptables-')))('%s: the expected text is already in the comparison order', (f) => {
    const c = read(f) as GenCase;
    if (!c.dependsOnHistory) expect(sortIptablesRules(c.expected)).toBe(c.expected.trimStart());
  });

  it('finds a generated rule that differs (the comparison can fail)', () => {
    const c = read('iptables-TestOverallIPTablesRules.json') as GenCase;
    const changed = { ...c, expected: c.expected.replace('--probability 0.5000000000', '--probability 0.4000000000') };
    expect(runGenCase(changed)).toMatchObject({ ok: false, detail: expect.stringContaining('0.5000000000') });
  });

  it('finds a generated nft line that differs', () => {
    const c = read('nftables-TestOverallNFTablesRules.json') as GenCase;
    const changed = { ...c, expected: c.expected.replace('numgen random mod 2', 'numgen random mod 3') };
    expect(runGenCase(changed)).toMatchObject({ ok: false, detail: expect.stringContaining('numgen random mod 2') });
    expect(sortNftablesTransaction('add rule ip t b x\nadd chain ip t a\nadd rule ip t a 2\nadd rule ip t a 1')).toBe('add chain ip t a\nadd rule ip t a 2\nadd rule ip t a 1\nadd rule ip t b x');
  });

  it('writes an nftables ruleset PacketWalk loads without errors', () => {
    const c = read('nftables-TestOverallNFTablesRules.json') as GenCase;
    const settings = caseSettings(c);
    const { ports } = servicePorts(
      c.objects.services.map((s) => serviceSchema.parse(s)),
      c.objects.endpointSlices.map((s) => endpointSliceSchema.parse(s)),
      settings.nodeName,
    );
    const r = parseNftables(kubeProxyNftables(ports, settings).join('\n'), { file: 'generated', line: 1, column: 1 });
    expect(r.errors).toEqual([]);
  });

  it('writes an iptables ruleset PacketWalk loads without errors', () => {
    const c = read('iptables-TestOverallIPTablesRules.json') as GenCase;
    const settings = caseSettings(c);
    const { ports } = servicePorts(
      c.objects.services.map((s) => serviceSchema.parse(s)),
      c.objects.endpointSlices.map((s) => endpointSliceSchema.parse(s)),
      settings.nodeName,
    );
    const r = parseIptablesSave(restoreText(kubeProxyIptables(ports, settings)), wholeFileLocator('generated'));
    expect(r.errors).toEqual([]);
    expect(r.ruleset.tables.nat!.chains['KUBE-SVC-4SW47YFZTEDKD3PK'].rules).toHaveLength(3);
  });
});
