/**
 * The topology frame rate of issue 11, printed by `npm run bench`: the built app (`dist/`, built
 * by the bench, preview-server.ts) served by `vite preview` on port 4174, headless Chromium at 1280×720 opens
 * the generated 50-node / 600-pod cluster (cluster-topology.ts) from a file, plays its flow, and
 * for about 3 s zooms (mouse wheel) and pans (drag) the topology while the packet moves. Frames are
 * counted with a requestAnimationFrame loop in the page; the figure is frames per second over the
 * gesture, target ≥ 50. The server and the browser are stopped at the end, also on error.
 *
 * Headless Chromium without a GPU paints in software and its frame clock is at most 60 Hz: the
 * figure is what that gives, not what a desktop browser with a GPU gives.
 */
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import { clusterTopology } from './cluster-topology';
import { buildOnce, launchChromium, PREVIEW_URL, startPreview, stopPreview } from './preview-server';

/** The frame rate to reach while zooming and panning during playback. */
export const FPS_TARGET = 50;
const GESTURE_MS = 3000;

/** The page's frame counter: a requestAnimationFrame loop counting frames and the longest one. */
const FRAME_COUNTER = `(() => {
  const s = (window.__fps = { frames: 0, worst: 0, last: performance.now(), t0: performance.now(), on: true });
  function tick(t) {
    if (!s.on) return;
    s.frames++;
    s.worst = Math.max(s.worst, t - s.last);
    s.last = t;
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})()`;

/** What the measurement found. */
export interface FpsResult {
  /** Frames per second over the gesture (NaN when not measured). */
  readonly fps: number;
  /** The longest frame (ms) during the gesture. */
  readonly worstFrameMs: number;
  /** Zoom/pan input events sent during the gesture. */
  readonly events: number;
  /** Why it was not measured. */
  readonly why?: string;
}

/** Opens the cluster from a file, as a user's file picker gives it, and waits until it is drawn. */
async function openCluster(page: Page, file: string, flow: string, nodes: number): Promise<void> {
  await page.goto(`${PREVIEW_URL}?scenario=calico-ipip`);
  await page.getByTestId('step-panel').waitFor();
  await page.getByTestId('file-input').setInputFiles(file);
  await page.waitForFunction((f) => (document.querySelector('[data-testid="flow-select"]') as HTMLSelectElement | null)?.value === f, flow, { timeout: 60_000 });
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="collapsed-hosts"]').length === n && !document.querySelector('[data-testid="busy"]'), nodes, { timeout: 60_000 });
  await page.waitForTimeout(500);
}

/** Zooms and pans over the topology for GESTURE_MS while a rAF loop counts frames. */
async function gesture(page: Page): Promise<FpsResult> {
  const svg = await page.getByTestId('topology-svg').boundingBox();
  if (!svg) throw new Error('no topology on screen');
  const cx = svg.x + svg.width / 2;
  const cy = svg.y + svg.height / 2;
  // A string, not a function: tsx would wrap a named arrow function in a helper the page lacks.
  await page.evaluate(FRAME_COUNTER);
  let events = 0;
  const t0 = Date.now();
  for (let round = 0; Date.now() - t0 < GESTURE_MS; round++) {
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 4; i++, events++) await page.mouse.wheel(0, round % 2 ? 120 : -120);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++, events++) await page.mouse.move(cx + (round % 2 ? -1 : 1) * i * 12, cy + i * 5);
    await page.mouse.up();
  }
  const r = (await page.evaluate('(() => { const s = window.__fps; s.on = false; return { frames: s.frames, worst: s.worst, ms: performance.now() - s.t0 }; })()')) as {
    frames: number;
    worst: number;
    ms: number;
  };
  return { fps: (r.frames * 1000) / r.ms, worstFrameMs: r.worst, events };
}

/**
 * Measures the frame rate of zooming and panning the 50-node / 600-pod topology while its packet plays.
 * @param log where the lines go.
 * @returns the measurement (fps NaN with `why` when it could not be made).
 */
export async function measureTopologyFps(log: (line: string) => void = console.log): Promise<FpsResult> {
  if (!buildOnce(log)) return { fps: NaN, worstFrameMs: NaN, events: 0, why: '`npm run build` failed' };
  const cluster = clusterTopology();
  const dir = mkdtempSync(join(tmpdir(), 'packetwalk-fps-'));
  const file = join(dir, 'cluster-50x12.yaml');
  writeFileSync(file, cluster.yaml);
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    server = await startPreview();
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await openCluster(page, file, cluster.flow, cluster.nodes);
    await page.getByTestId('play-button').click();
    await page.waitForTimeout(300);
    const r = await gesture(page);
    const playing = (await page.getByTestId('play-button').getAttribute('data-playing')) === 'true';
    if (!playing) return { ...r, fps: NaN, why: 'the flow stopped playing before the gesture ended' };
    return r;
  } catch (e) {
    return { fps: NaN, worstFrameMs: NaN, events: 0, why: e instanceof Error ? e.message : String(e) };
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) stopPreview(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The bench's topology figure: measures, prints `topology 50 nodes / 600 pods: zoom/pan while
 * playing: NN fps (target ≥ 50)` (with `OVER TARGET` when below) and the longest frame.
 * @returns false when the target is missed or nothing could be measured.
 */
export async function runTopologyFpsBench(log: (line: string) => void = console.log): Promise<boolean> {
  const r = await measureTopologyFps(log);
  const name = 'topology 50 nodes / 600 pods: zoom/pan while playing';
  if (Number.isNaN(r.fps)) {
    log(`${name}: NOT MEASURED: ${r.why} (target ≥ ${FPS_TARGET} fps) OVER TARGET`);
    return false;
  }
  const miss = r.fps < FPS_TARGET;
  log(`${name}: ${r.fps.toFixed(0)} fps (target ≥ ${FPS_TARGET})${miss ? ' OVER TARGET' : ''}; longest frame ${r.worstFrameMs.toFixed(0)} ms, ${r.events} input events`);
  return !miss;
}
