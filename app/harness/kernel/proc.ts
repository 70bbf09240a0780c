/**
 * Child processes of the kernel harness: one-shot commands with a time limit, and bounded
 * background processes (tcpdump, xtables-monitor, listeners) that always run under `timeout` in
 * their own process group, are tracked by PID, and are killed by PID when they are no longer needed
 * or when the harness exits for any reason.
 */
import { execFileSync, spawn } from 'node:child_process';

/** The result of a finished command. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to completion (killed after `timeoutMs`), feeding `input` on stdin.
 * Never throws for a non-zero exit: look at `code`.
 */
export function run(cmd: readonly string[], opt: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolveRun) => {
    const p = spawn(cmd[0], cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    if (p.pid) live.add(p.pid);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => killGroup(p.pid, 'SIGKILL'), opt.timeoutMs ?? 30_000);
    p.on('error', (e) => {
      clearTimeout(timer);
      if (p.pid) live.delete(p.pid);
      resolveRun({ code: null, stdout, stderr: `${stderr}${e.message}` });
    });
    p.on('close', (code) => {
      clearTimeout(timer);
      if (p.pid) live.delete(p.pid);
      resolveRun({ code, stdout, stderr });
    });
    p.stdin.on('error', () => undefined);
    p.stdin.end(opt.input ?? '');
  });
}

/** A background process started by {@link spawnBounded}. */
export interface Background {
  readonly pid: number;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** The complete stdout lines so far, each with the time (ms since the epoch) it arrived. */
  stdoutLines(): readonly { readonly t: number; readonly line: string }[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves when stdout or stderr contains `re` (true), or after `ms` (false), or on exit (false). */
  waitFor(re: RegExp, ms: number, stream?: 'stdout' | 'stderr'): Promise<boolean>;
  /** Sends `signal` to the process group and resolves when it has exited (SIGKILL after `graceMs`). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  readonly exited: Promise<number | null>;
}

const live = new Set<number>();

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Starts `cmd` in the background under `timeout <limitSec>` (so it ends by itself even if the
 * harness dies) in its own process group, tracked for {@link killAllChildren}.
 */
export function spawnBounded(cmd: readonly string[], limitSec: number): Background {
  const p = spawn('timeout', ['--kill-after=2', String(limitSec), ...cmd], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const pid = p.pid ?? 0;
  if (pid) live.add(pid);
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  const poke = () => waiters.splice(0).forEach((w) => w());
  const lines: { t: number; line: string }[] = [];
  let partial = '';
  p.stdout.on('data', (d: Buffer) => {
    const text = d.toString();
    out += text;
    const t = Date.now();
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) lines.push({ t, line });
    poke();
  });
  p.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    poke();
  });
  let done = false;
  const exited = new Promise<number | null>((res) => {
    p.on('error', () => {
      done = true;
      live.delete(pid);
      poke();
      res(null);
    });
    p.on('close', (code) => {
      done = true;
      live.delete(pid);
      poke();
      res(code);
    });
  });
  const bg: Background = {
    pid,
    stdout: () => out,
    stdoutLines: () => (partial ? [...lines, { t: Date.now(), line: partial }] : lines),
    stderr: () => err,
    exited,
    waitFor(re, ms, stream) {
      return new Promise((res) => {
        const test = () => (stream === 'stdout' ? re.test(out) : stream === 'stderr' ? re.test(err) : re.test(out) || re.test(err));
        if (test()) return res(true);
        const timer = setTimeout(() => res(test()), ms);
        const check = () => {
          if (test()) {
            clearTimeout(timer);
            res(true);
          } else if (done) {
            clearTimeout(timer);
            res(false);
          } else waiters.push(check);
        };
        waiters.push(check);
      });
    },
    async stop(signal = 'SIGTERM', graceMs = 1500) {
      if (done) return;
      killGroup(pid, signal);
      const t = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
  return bg;
}

/** Kills every process the harness started and that is still running (synchronous: for exit handlers). */
export function killAllChildren(): void {
  for (const pid of [...live]) killGroup(pid, 'SIGKILL');
  live.clear();
}

/** Runs a command synchronously and ignores its failure (for cleanup in exit handlers). */
export function runSyncQuiet(cmd: readonly string[], input?: string): string {
  try {
    return execFileSync(cmd[0], cmd.slice(1), { input, stdio: ['pipe', 'pipe', 'ignore'], timeout: 20_000 }).toString();
  } catch {
    return '';
  }
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
