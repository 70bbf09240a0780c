/**
 * `npm run capture-example` (root, iproute2, iptables): rebuilds the bundled capture example
 * (app/import/example.ts). The kernel harness builds app/import/example/canal-3-nodes.cluster.yaml
 * in network namespaces with its pods' sockets listening, public/capture.sh records them with
 * `--redact`, and the capture is written with the lab's namespace names replaced by the cluster's,
 * the lab's own TRACE rules taken out and a kubectl Pod list added (as `capture.sh --kubectl` would
 * record on a real cluster); then its import becomes scenarios/captured-canal-3-nodes.yaml.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { formatError, loadScenario } from '../scenario';
import type { ScenarioFile } from '../scenario/schema';
import { captureLab, withoutLabRules } from '../harness/kernel/capture-roundtrip';
import { destroyAllSync } from '../harness/kernel/lab';
import { EXAMPLE, exampleScenarioText } from '../import/example';

/** The Pods of the expansion as kubectl prints them (name, namespace, node, podIP). */
function kubectlPods(raw: ScenarioFile) {
  const items = raw.hosts
    .filter((h) => h.kind === 'pod')
    .map((h) => {
      const [namespace, name] = (h.title ?? h.name).split(' ')[0].split('/');
      const ip = h.interfaces?.find((i) => i.name === 'eth0')?.addresses?.[0]?.split('/')[0];
      return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { nodeName: h.node }, status: { phase: 'Running', podIP: ip } };
    });
  return { apiVersion: 'v1', kind: 'List', items };
}

async function main(): Promise<number> {
  const r = loadScenario(readFileSync(EXAMPLE.cluster, 'utf8'), EXAMPLE.cluster);
  if (!r.ok) {
    process.stderr.write(`${r.errors.map(formatError).join('\n')}\n`);
    return 1;
  }
  const lab = await captureLab(r.scenario, [['--redact=packetwalk-example', '--node', 'lab']], { listen: true });
  if (!('captures' in lab)) {
    process.stderr.write(`capture-example: ${'skipped' in lab ? lab.skipped : lab.failed}\n`);
    return 1;
  }
  if (lab.changed.length) {
    process.stderr.write(`capture-example: the capture changed the lab:\n${lab.changed.join('\n')}\n`);
    return 1;
  }
  let text = lab.captures[0];
  // Longest names first (lab-1 is a prefix of lab-10); a segment's netns `~lan` becomes `lan`.
  for (const [real, logical] of Object.entries(lab.logical).sort((a, b) => b[0].length - a[0].length)) text = text.split(real).join(logical.replace(/^~/, ''));
  const capture = JSON.parse(text) as { namespaces: { iptables?: string }[]; kubectl?: unknown };
  for (const ns of capture.namespaces) if (ns.iptables) ns.iptables = withoutLabRules(ns.iptables, false);
  capture.kubectl = kubectlPods(r.scenario.raw);
  const json = `${JSON.stringify(capture)}\n`;
  writeFileSync(EXAMPLE.capture, json);
  writeFileSync(EXAMPLE.scenario, exampleScenarioText(json, r.scenario.raw.flows ?? []));
  process.stderr.write(`wrote ${EXAMPLE.capture} and ${EXAMPLE.scenario}\n`);
  return 0;
}

main()
  .then((code) => (process.exitCode = code))
  .finally(() => destroyAllSync());
