/**
 * The one way a size is written: the Images view, the image picker and the preview's
 * facts use it (and build progress its decimal units). Pure and free of Node and VS Code, so the webview bundle takes it too.
 */

/** Bytes in decimal units, as `docker images` prints them: "138 MB", "1.2 GB". */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '?';
  }
  const { value, unit } = inDecimalUnits(bytes);
  // Three significant digits at most: "74.8 MB", "138 MB", "1.21 GB".
  const text =
    unit === 'B' ? String(Math.round(value)) : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${text.replace(/\.0+$|(\.\d*[1-9])0+$/, '$1')} ${unit}`;
}

/** `bytes` in the largest decimal unit (B, kB, MB, GB, TB) it has at least one of; what formatSize and BuildKit's plain progress write. */
export function inDecimalUnits(bytes: number): { value: number; unit: string } {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return { value, unit: units[unit] ?? 'B' };
}
