/**
 * Small formatters shared by the Containers and Images views (sizes: util/formatSize.ts). Pure (no `vscode`), so the
 * unit tests and the benchmark load them as they are.
 */

/** The 12-character id people know from `docker ps`, without the `sha256:` prefix. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
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
