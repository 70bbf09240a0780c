/**
 * The built app served for the browser benches (topology-fps.ts, first-paint.ts): `npm run build`
 * into `dist/`, then `vite preview` on port 4174 in a process group of its own, and headless
 * Debian Chromium driven by Playwright with the flags the CI machine needs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';

/** The port the benches serve the built app on (the e2e tests use 4173). */
export const PREVIEW_PORT = 4174;
/** The built app's address while a bench runs. */
export const PREVIEW_URL = `http://localhost:${PREVIEW_PORT}/`;

let built: boolean | undefined;

/**
 * Builds the app and the embed (`npm run build`) once per bench process, so the browser figures
 * measure this source and never a stale `dist/`.
 * @param log where the progress line goes.
 * @returns whether the build succeeded.
 */
export function buildOnce(log: (line: string) => void): boolean {
  if (built === undefined) {
    log('building the app (npm run build) for the browser figures…');
    built = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
  }
  return built;
}

/**
 * Starts `vite preview` on PREVIEW_PORT in its own process group and waits until it answers.
 * @throws Error when it exits (port in use) or does not answer within 30 s.
 */
export async function startPreview(): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--port', String(PREVIEW_PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with ${server.exitCode} (is port ${PREVIEW_PORT} in use?)`);
    try {
      if ((await fetch(PREVIEW_URL)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stopPreview(server);
  throw new Error(`vite preview did not answer on ${PREVIEW_URL} within 30 s`);
}

/** Stops the server's whole process group (npx and the vite it started). */
export function stopPreview(server: ChildProcess): void {
  if (server.pid === undefined || server.exitCode !== null) return;
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    server.kill('SIGTERM');
  }
}

/** Launches Debian's Chromium headless (Playwright's own browser download does not work here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}
