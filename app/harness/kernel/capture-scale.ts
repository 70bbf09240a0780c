/**
 * Issue 13's real-size check: the bench's generated kube-proxy node (app/bench/kube-proxy-iptables.ts,
 * 5,000 Services × 3 endpoints, 75,000 iptables-save lines) built in network namespaces, captured
 * with capture.sh, imported, loaded and traced: the import must trace exactly as the scenario does.
 */
import { performance } from 'node:perf_hooks';
import { kubeProxyDump } from '../../bench/kube-proxy-iptables';
import { formatError, loadScenario } from '../../scenario';
import { captureRoundTrip } from './capture-roundtrip';
import type { Outcome } from './runone';

/** Captures and imports the generated `services`-Service node and compares every flow's trace. */
export async function captureAtScale(services = 5000): Promise<Outcome> {
  const label = `kube-proxy ${services.toLocaleString('en')} Services (capture → import, real size)`;
  const d = kubeProxyDump(services);
  const r = loadScenario(d.yaml, `kube-proxy-${services}.yaml`, { maxBytes: Infinity });
  if (!r.ok) return { label, ok: false, lines: [`    generator bug: ${formatError(r.errors[0])}`] };
  const t0 = performance.now();
  const o = await captureRoundTrip(r.scenario, label);
  o.lines.push(`    ${d.lines.toLocaleString('en')} iptables-save lines; built, captured, imported and traced in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return o;
}
