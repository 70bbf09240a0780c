/**
 * The Fullscreen API with a fallback: when the browser refuses (no API, no user gesture, iframe
 * without permission) presenter mode simply fills the window.
 */

/** True when the document is shown full screen. */
export function isFullscreen(): boolean {
  return !!document.fullscreenElement;
}

/** Asks for full screen on the whole page. @returns true when the browser granted it. */
export async function enterFullscreen(): Promise<boolean> {
  const el = document.documentElement;
  if (!el.requestFullscreen || !document.fullscreenEnabled) return false;
  try {
    await el.requestFullscreen({ navigationUI: 'hide' });
    return true;
  } catch {
    return false;
  }
}

/** Leaves full screen if the page is in it. */
export async function exitFullscreen(): Promise<void> {
  if (!document.fullscreenElement || !document.exitFullscreen) return;
  try {
    await document.exitFullscreen();
  } catch {
    // Already left (Esc): nothing to do.
  }
}
