/**
 * Issue 12's expansion target: a cluster file of 3 nodes, 20 pods and 10 Services (two ports each,
 * selector-derived EndpointSlices, NodePorts) expands and loads in under 200 ms. The file is
 * generated here, deterministically; the figure is the median of 9 loads after 2 warm-ups.
 */
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { loadScenario } from '../scenario';

/** The expansion target, in ms. */
export const CLUSTER_EXPAND_TARGET_MS = 200;

/** A cluster file of `nodes` nodes, `pods` pods and `services` Services in `mode`. */
export function benchClusterFile(nodes: number, pods: number, services: number, cni: 'calico-ipip' | 'flannel-vxlan', mode: 'iptables' | 'nftables'): string {
  const objects: unknown[] = [];
  for (let i = 0; i < pods; i++)
    objects.push({
      kind: 'Pod',
      metadata: { name: `app-${i}`, namespace: 'default', labels: { app: `svc-${i % services}` } },
      spec: {
        nodeName: `node-${i % nodes}`,
        containers: [
          {
            name: 'c',
            ports: [
              { name: 'http', containerPort: 8080 },
              { name: 'metrics', containerPort: 9090 },
            ],
          },
        ],
      },
    });
  for (let s = 0; s < services; s++)
    objects.push({
      kind: 'Service',
      metadata: { name: `svc-${s}`, namespace: 'default' },
      spec: {
        type: 'NodePort',
        clusterIP: `10.96.0.${10 + s}`,
        selector: { app: `svc-${s}` },
        ports: [
          { name: 'http', port: 80, targetPort: 'http', nodePort: 30000 + s },
          { name: 'metrics', port: 9090, targetPort: 9090, nodePort: 31000 + s },
        ],
      },
    });
  return stringify({
    kind: 'Cluster',
    version: 1,
    metadata: { title: `bench: ${nodes} nodes, ${pods} pods, ${services} Services` },
    network: { cni, clusterCIDR: '10.244.0.0/16' },
    kubeProxy: { mode },
    nodes: Array.from({ length: nodes }, (_, i) => ({ name: `node-${i}`, address: `192.168.26.${101 + i}/24`, podCIDR: `10.244.${i + 1}.0/24` })),
    objects,
    flows: [{ name: 'pod-to-service', from: 'pod/default/app-0', to: 'service/default/svc-3:http' }],
  });
}

/** Times the expansion + load; prints one line per mode through `log`; returns whether every mode met the target. */
export function runClusterExpandBench(log: (line: string) => void): boolean {
  let ok = true;
  for (const mode of ['iptables', 'nftables'] as const) {
    const text = benchClusterFile(3, 20, 10, 'flannel-vxlan', mode);
    const times: number[] = [];
    for (let i = 0; i < 11; i++) {
      const t0 = performance.now();
      const r = loadScenario(text, 'bench-cluster.yaml');
      const ms = performance.now() - t0;
      if (!r.ok) throw new Error(`bench cluster file does not load: ${r.errors[0].message}`);
      if (i >= 2) times.push(ms);
    }
    times.sort((a, b) => a - b);
    const median = times[times.length >> 1];
    const over = median > CLUSTER_EXPAND_TARGET_MS;
    if (over) ok = false;
    log(`cluster file 3 nodes / 20 pods / 10 Services (kube-proxy ${mode}): expand + load ${median.toFixed(1)} ms (target ≤ ${CLUSTER_EXPAND_TARGET_MS} ms)${over ? '  OVER TARGET' : ''}`);
  }
  return ok;
}
