/**
 * Child process of the scale benchmark (scale.ts): generates and loads a kube-proxy node of
 * `argv[2]` Services, then prints `maxRSS <kB>` (process.resourceUsage(), the peak resident set).
 */
import { loadScenario } from '../scenario';
import { kubeProxyDump } from './kube-proxy-iptables';

const n = Number(process.argv[2] ?? 5000);
const r = loadScenario(kubeProxyDump(n).yaml, `kube-proxy-${n}.yaml`, { maxBytes: Infinity });
if (!r.ok) throw new Error(r.errors[0]?.message);
console.log(`maxRSS ${process.resourceUsage().maxRSS}`);
