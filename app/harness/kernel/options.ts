/**
 * The kernel harness's command line (see cli.ts for what each option does), the tools it needs and
 * the check that it can run here, and the probe timings.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canCreateNetns } from './lab';
import type { ProbeOptions } from './probe';
import { run } from './proc';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');

/** The parsed command line. */
export interface Args {
  files: string[];
  explore: boolean;
  shrink: number;
  flow?: string;
  runs: number;
  seed: number;
  parallel: number;
  scenarios: boolean;
  /** Each scenario also goes through capture.sh and the importer (capture-roundtrip.ts). */
  capture: boolean;
  /** How many generated worlds also go through capture.sh and the importer (`--capture-runs`; default every one). */
  captureRuns: number;
  record?: string;
  verbose: boolean;
  golden: string;
  chains: number;
  longChain: number;
  /** Generated nft worlds (gen-nft.ts). */
  nftRuns: number;
}

/** Parses the command line (exits with usage on an error). */
export function parseArgs(argv: string[]): Args {
  const a: Args = {
    files: [],
    explore: false,
    shrink: 0,
    runs: -1,
    seed: 1,
    parallel: 5,
    scenarios: true,
    capture: true,
    captureRuns: -1,
    verbose: false,
    golden: resolve(repo, '../shared/golden'),
    chains: -1,
    longChain: 5000,
    nftRuns: -1,
  };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${x} needs a value`);
      return v;
    };
    if (x === '--flow') a.flow = next();
    else if (x === '--runs') a.runs = Number(next());
    else if (x === '--seed') a.seed = Number(next());
    else if (x === '--parallel') a.parallel = Math.max(1, Number(next()));
    else if (x === '--no-scenarios') a.scenarios = false;
    else if (x === '--no-capture') a.capture = false;
    else if (x === '--capture-runs') a.captureRuns = Number(next());
    else if (x === '--explore') a.explore = true;
    else if (x === '--shrink') a.shrink = Number(next());
    else if (x === '--record') a.record = next();
    else if (x === '--chains') a.chains = Number(next());
    else if (x === '--long-chain') a.longChain = Number(next());
    else if (x === '--nft-runs') a.nftRuns = Number(next());
    else if (x === '--golden') a.golden = resolve(next());
    else if (x === '--verbose' || x === '-v') a.verbose = true;
    else if (x === '--help' || x === '-h') usage();
    else if (x.startsWith('--')) usage(`unknown option ${x}`);
    else a.files.push(x);
  }
  if (a.runs < 0) a.runs = a.files.length || !a.scenarios ? 0 : 300;
  if (!a.scenarios && a.runs === 0 && a.chains < 0 && a.nftRuns < 0) a.runs = 300;
  if (a.chains < 0) a.chains = a.runs > 0 ? 10 : 0;
  if (a.nftRuns < 0) a.nftRuns = a.runs > 0 ? 60 : 0;
  if (![a.runs, a.seed, a.chains, a.longChain, a.nftRuns, a.captureRuns].every(Number.isInteger)) usage('--runs, --seed, --chains, --long-chain, --nft-runs and --capture-runs take integers');
  return a;
}

function usage(msg?: string): never {
  if (msg) process.stderr.write(`${msg}\n`);
  process.stderr.write(
    'usage: npm run test:kernel -- [scenario.yaml …] [--flow NAME] [--runs N] [--seed S] [--parallel K] [--explore] [--shrink N] [--chains N] [--long-chain N] [--nft-runs N] [--no-scenarios] [--no-capture] [--capture-runs N] [--record DIR] [--verbose]\n',
  );
  process.exit(2);
}

/** The tools the harness runs (nftrace.py needs python3; its rule text needs nft). */
export const TOOLS = ['ip', 'bridge', 'iptables', 'iptables-restore', 'iptables-save', 'nft', 'python3', 'tcpdump', 'conntrack', 'ping', 'bash', 'timeout'];

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d && existsSync(resolve(d, tool)));
}

/** Why the harness cannot run here, and whether that is a failure under CI. */
export async function preflight(): Promise<{ why: string; failInCi: boolean } | null> {
  if (process.platform !== 'linux') return { why: 'not Linux', failInCi: false };
  if (process.getuid?.() !== 0) return { why: 'not root (network namespaces need CAP_SYS_ADMIN and CAP_NET_ADMIN)', failInCi: false };
  const missing = TOOLS.filter((t) => !onPath(t));
  if (missing.length) return { why: `missing tools: ${missing.join(', ')} (apt-get install -y iproute2 iptables nftables python3 tcpdump conntrack iputils-ping)`, failInCi: true };
  const v = await run(['iptables', '-V']);
  if (!/nf_tables/.test(v.stdout)) return { why: `iptables is not the nf_tables variant (${v.stdout.trim()}); the trace's rule handles are mapped to iptables-nft rules`, failInCi: true };
  const ns = await canCreateNetns();
  if (ns) return { why: `cannot create a network namespace: ${ns}`, failInCi: false };
  return null;
}

/** Timing for the bundled scenarios (proxy ARP answers can take proxy_delay, up to 0.8 s). */
export const SCENARIO_TIMING: ProbeOptions = { probeTimeoutMs: { tcp: 2500, udp: 3000, icmp: 2500 }, settleMs: 400, conntrack: true, limitSec: 90 };
/**
 * Timing for generated worlds: every answer is immediate or never, but a machine busy with other
 * work can hold a user-space responder back, so the waits are generous (retransmitted requests and
 * replies are told apart in the recording).
 */
export const GEN_TIMING: ProbeOptions = { probeTimeoutMs: { tcp: 2000, udp: 2500, icmp: 2000 }, settleMs: 200, conntrack: false, limitSec: 60 };
