/**
 * Every rule a packet meets in a built cluster says which object and behaviour produced it: the
 * step panel's "this rule exists because …". Checked over every flow of every bundled cluster file,
 * in both kube-proxy modes, and for the rules each lesson is about.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, type Trace } from '../engine';
import { flowInput, loadScenario } from '../scenario';
import { becauseOfStep, BECAUSE_KEYS, provenanceKey } from './because';
import { CNIS } from './cnis';
import { loadedOrThrow } from '../scenario/test/loaded';

const dir = resolve(__dirname, '../../scenarios');
const clusterFiles = readdirSync(dir).filter((f) => f.endsWith('.yaml') && /^kind: Cluster$/m.test(readFileSync(resolve(dir, f), 'utf8')));
const ok = loadedOrThrow;
/** The file with kube-proxy in nftables mode. */
const nftables = (text: string) =>
  /^\s+mode: (iptables|nftables)$/m.test(text) ? text.replace(/^(\s+)mode: iptables$/m, '$1mode: nftables') : text.replace(/^kubeProxy:\n/m, 'kubeProxy:\n  mode: nftables\n');
/** The file with kube-proxy in IPVS mode. */
const ipvs = (text: string) =>
  /^\s+mode: (iptables|nftables)$/m.test(text) ? text.replace(/^(\s+)mode: (iptables|nftables)$/m, '$1mode: ipvs') : text.replace(/^kubeProxy:\n/m, 'kubeProxy:\n  mode: ipvs\n');
/** The file in the other kube-proxy mode than it is written in. */
const otherMode = (text: string) => (/^\s+mode: nftables$/m.test(text) ? text.replace(/^(\s+)mode: nftables$/m, '$1mode: iptables') : nftables(text));

/** A step that uses something the builder wrote: a rule, an IPVS line, a written route, neighbour or FDB entry. */
const explained = (step: Trace['steps'][number]) =>
  (step.stage === 'rule' && !!step.rule) ||
  (step.stage === 'ipvs' && !!step.ipvs?.service) ||
  (step.stage === 'route' && !!step.route?.source) ||
  (step.stage === 'neigh' && !!step.neigh?.source) ||
  (step.stage === 'fdb' && !!step.fdb?.source);

/** Every such step of every flow of `text`, with its Because. */
function ruleSteps(text: string) {
  const s = ok(loadScenario(text, 'cluster.yaml'));
  const out: { flow: string; step: Trace['steps'][number]; because: ReturnType<typeof becauseOfStep> }[] = [];
  for (const f of s.flows) {
    const t = simulate(s.world, flowInput(f, undefined, s.flows));
    for (const step of t.steps) if (explained(step)) out.push({ flow: f.name, step, because: becauseOfStep(step, s.cluster!.provenance) });
  }
  return { scenario: s, steps: out };
}

describe('provenance of generated rules', () => {
  it('there are bundled cluster files to check', () => expect(clusterFiles.length).toBeGreaterThanOrEqual(12));

  for (const file of clusterFiles)
    for (const mode of ['as written', 'the other kube-proxy mode', 'IPVS mode'] as const)
      it(`${file} (${mode}): every rule a flow meets has a Because, and its object is in the file`, () => {
        const text = readFileSync(resolve(dir, file), 'utf8');
        const { scenario, steps } = ruleSteps(mode === 'as written' ? text : mode === 'IPVS mode' ? ipvs(text) : otherMode(text));
        expect(steps.length).toBeGreaterThan(0);
        const missing = steps
          .filter((s) => !s.because)
          .map(
            (s) =>
              `${s.flow}: ${s.step.netns} ${s.step.stage} ${s.step.table ?? s.step.nft?.table ?? ''} ${s.step.chain ?? ''} ${s.step.rule?.text ?? s.step.route?.text ?? s.step.neigh?.text ?? s.step.fdb?.text ?? ''}`,
          );
        expect(missing).toEqual([]);
        for (const { because } of steps) {
          expect(BECAUSE_KEYS).toContain(because!.key);
          const o = because!.object;
          if (o) expect(scenario.cluster!.objects[`${o.kind}/${o.namespace}/${o.name}`], `${o.kind} ${o.namespace}/${o.name}`).toBeDefined();
        }
      });

  it("externalTrafficPolicy: Local — the node without an endpoint drops because of the Service's field, and the DNAT names the Pod", () => {
    const { steps } = ruleSteps(readFileSync(resolve(dir, 'lesson-external-traffic-policy.yaml'), 'utf8'));
    const drop = steps.find((s) => s.step.chain === 'KUBE-EXTERNAL-SERVICES' && s.step.verdict === 'DROP');
    expect(drop?.because).toEqual({
      key: 'svcNoLocalEndpoints',
      object: { kind: 'Service', namespace: 'default', name: 'web-local' },
      params: { service: 'default/web-local:http', protocol: 'tcp', port: 80, policy: 'externalTrafficPolicy', node: 'node-1' },
    });
    const dnat = steps.find((s) => s.step.rule?.text.includes('-j DNAT'));
    expect(dnat?.because).toMatchObject({ key: 'svcEndpoint', object: { kind: 'Pod', namespace: 'default', name: 'web-1' }, params: { endpoint: '10.244.2.2:8080', count: 1 } });
    const masq = steps.find((s) => s.step.rule?.text.includes('masquerade traffic for default/web-cluster'));
    expect(masq?.because).toMatchObject({ key: 'svcExternalCluster', object: { name: 'web-cluster' } });
  });

  for (const cni of CNIS)
    it(`cluster-flannel-service.yaml with CNI ${cni}: every rule, route, neighbour and FDB entry a flow meets has a Because`, () => {
      const text = readFileSync(resolve(dir, 'cluster-flannel-service.yaml'), 'utf8').replace(/^(\s+)cni: \S+$/m, `$1cni: ${cni}`);
      const { steps } = ruleSteps(text);
      expect(steps.filter((s) => s.step.stage === 'route').length).toBeGreaterThan(3);
      expect(steps.filter((s) => !s.because).map((s) => `${s.flow}: ${s.step.netns} ${s.step.stage} ${s.step.route?.text ?? s.step.rule?.text ?? ''}`)).toEqual([]);
      // And every interface the builder wrote (loopback aside) says why it exists.
      const s = ok(loadScenario(text, 'cluster.yaml'));
      const unexplained = s.raw.hosts.flatMap((h) => (h.interfaces ?? []).filter((i) => !s.cluster!.provenance[provenanceKey(h.name, 'iface', 'name', i.name)]).map((i) => `${h.name}/${i.name}`));
      expect(unexplained).toEqual([]);
    });

  it('routes, neighbours and FDB entries name the node or pod behind them', () => {
    const { steps } = ruleSteps(readFileSync(resolve(dir, 'lesson-external-traffic-policy.yaml'), 'utf8'));
    const of = (stage: string, netns: string) => steps.find((s) => s.step.stage === stage && s.step.netns === netns)?.because;
    expect(of('route', 'node-1')).toBeDefined();
    const vxlan = steps.find((s) => s.step.route?.text === '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
    expect(vxlan?.because).toEqual({ key: 'routeOtherNodeVxlan', params: { node: 'node-2', podCIDR: '10.244.2.0/24', via: '10.244.2.0' } });
    expect(of('fdb', 'node-1')).toEqual({ key: 'fdbVtep', params: { node: 'node-2', nodeIP: '192.168.26.102' } });
    const podRoute = steps.find((s) => s.step.netns === 'web-1' && s.step.stage === 'route');
    expect(podRoute?.because).toMatchObject({ object: { kind: 'Pod', namespace: 'default', name: 'web-1' } });
  });

  it('nftables: a verdict-map lookup is explained by its element (the NodePort), not by the dispatch rule', () => {
    const { steps } = ruleSteps(nftables(readFileSync(resolve(dir, 'lesson-external-traffic-policy.yaml'), 'utf8')));
    const nodePort = steps.find((s) => s.step.nft?.element?.startsWith('tcp . 30080'));
    expect(nodePort?.because).toMatchObject({ key: 'svcNodePort', object: { kind: 'Service', name: 'web-cluster' }, params: { nodePort: 30080 } });
  });

  it('the object lines point at the object in the cluster file', () => {
    const text = readFileSync(resolve(dir, 'lesson-external-traffic-policy.yaml'), 'utf8');
    const { scenario } = ruleSteps(text);
    const lines = text.split('\n');
    const at = scenario.cluster!.objects['Service/default/web-local'];
    const excerpt = lines.slice(at.from - 1, at.to).join('\n');
    expect(excerpt).toMatch(/^\s+- apiVersion: v1\n\s+kind: Service\n\s+metadata: \{ name: web-local/);
    expect(excerpt).toMatch(/nodePort: 30081 }]$/);
  });
});
