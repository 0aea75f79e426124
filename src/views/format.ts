/**
 * Small formatters shared by the Containers and Images views. Pure (no `vscode`), so the
 * unit tests and the benchmark load them as they are.
 */

/** The 12-character id people know from `docker ps`, without the `sha256:` prefix. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Bytes in decimal units, as `docker images` prints them: "138 MB", "1.2 GB". */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '?';
  }
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  // Three significant digits at most: "74.8 MB", "138 MB", "1.21 GB".
  const text = unit === 0 ? String(Math.round(value)) : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${text.replace(/\.0+$|(\.\d*[1-9])0+$/, '$1')} ${units[unit]}`;
}

const ageSteps: [limitSeconds: number, unitSeconds: number, name: string][] = [
  [60, 1, 'second'],
  [3600, 60, 'minute'],
  [86400, 3600, 'hour'],
  [86400 * 7, 86400, 'day'],
  [86400 * 30, 86400 * 7, 'week'],
  [86400 * 365, 86400 * 30, 'month'],
  [Infinity, 86400 * 365, 'year'],
];

/** "3 days ago", "just now": how long ago `date` was, seen from `now`. */
export function formatAge(date: Date, now: Date = new Date()): string {
  const seconds = Math.floor((now.getTime() - date.getTime()) / 1000);
  if (!Number.isFinite(seconds)) {
    return 'unknown age';
  }
  if (seconds < 5) {
    // Clocks of the engine and the editor may differ a little: never "in 2 seconds".
    return 'just now';
  }
  for (const [limit, unitSeconds, name] of ageSteps) {
    if (seconds < limit) {
      const count = Math.floor(seconds / unitSeconds);
      return `${count} ${name}${count === 1 ? '' : 's'} ago`;
    }
  }
  return 'long ago';
}

/** Makes text safe inside a Markdown tooltip (names, image references, statuses). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
