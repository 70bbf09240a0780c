/**
 * The size limits of scenario text, in a module of their own so that the browser's main thread can
 * check them without bundling the loader. Sizes are UTF-8 bytes, as the file is stored.
 *
 * A generated kube-proxy node of 5,000 Services × 3 endpoints (75,000 iptables-save lines) is an
 * 8.6 MB scenario (`npm run bench`); the limits are sized for clusters well past that.
 */

/**
 * Largest scenario a local file (the app's file picker or drop, the CLIs) or the loader accepts:
 * 64 MB, about 37,000 Services. It only turns a file that would exhaust the tab's memory into a
 * clear refusal; no real node's dump comes near it.
 */
export const MAX_SCENARIO_BYTES = 64_000_000;

/**
 * Largest scenario fetched from a URL (the embed's `src=`) or decoded from a `#s=` link: 16 MB,
 * about 9,000 Services. A page that embeds PacketWalk should not make a reader download more.
 */
export const MAX_FETCH_BYTES = 16_000_000;
