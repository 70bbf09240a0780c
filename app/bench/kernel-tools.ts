/**
 * The kernel's own parsers, timed beside ours (issue 11): `iptables-restore --test` (iptables(8)
 * restore, "--test: only parse and construct the ruleset, but do not commit it") and `nft -c -f`
 * (nft(8), "-c, --check: check commands validity without actually applying the changes"), each
 * run in a fresh network namespace made for the run and deleted after it, so nothing in the root
 * namespace is read or changed. Needs root, iproute2 and the tool.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** A timed run of a kernel tool, or why it could not run. */
export type ToolTiming = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly why: string };

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/**
 * Runs `argv` with `input` on stdin inside a fresh netns `runs` times; the median wall time in ms
 * (process start included, as `time` would show it).
 */
export function timeInNetns(argv: readonly string[], input: string, runs: number): ToolTiming {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { ok: false, why: 'not root (a network namespace needs CAP_SYS_ADMIN)' };
  if (!has('ip')) return { ok: false, why: 'iproute2 (ip) is not installed' };
  if (!has(argv[0])) return { ok: false, why: `${argv[0]} is not installed` };
  const ns = `pwbench-${process.pid}-${Math.floor(performance.now())}`;
  const add = spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' });
  if (add.status !== 0) return { ok: false, why: `ip netns add failed: ${add.stderr.trim()}` };
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync('ip', ['netns', 'exec', ns, ...argv], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
      const ms = performance.now() - t0;
      if (r.status !== 0) return { ok: false, why: `${argv.join(' ')} failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}` };
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    return { ok: true, ms: times[Math.floor(times.length / 2)] };
  } finally {
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  }
}

/** `iptables-restore --test` on an `iptables-save` text, median of `runs`. */
export const iptablesRestoreTest = (save: string, runs = 3): ToolTiming => timeInNetns(['iptables-restore', '--test'], save, runs);

/** `nft -c -f -` on an nft ruleset, median of `runs`. */
export const nftCheck = (ruleset: string, runs = 3): ToolTiming => timeInNetns(['nft', '-c', '-f', '-'], ruleset, runs);
