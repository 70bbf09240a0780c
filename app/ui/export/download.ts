/** Saves a Blob as a file download (an anchor with `download`, clicked and removed). */

/**
 * Offers `blob` for download as `filename`.
 * @param filename a file name (path separators are replaced).
 */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename.replace(/[/\\]/g, '_');
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name for an export of one step: `<scenario>-<flow>-step-<n>.<ext>`, safe characters only. */
export function exportName(scenario: string, flow: string, step: number, ext: string): string {
  const safe = (x: string) => x.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'packetwalk';
  return `${safe(scenario)}-${safe(flow)}-step-${step + 1}.${ext}`;
}
